package io.outpost.survey.messaging;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.SurveyAnswered;
import io.outpost.kit.messaging.Outbox;
import io.outpost.survey.domain.Survey;
import io.outpost.survey.domain.SurveyState;
import io.outpost.survey.store.SurveyStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Records an answer, once: the survey row is locked, checked to be open, marked answered and
 * {@code survey.answered} written to the outbox, all in the caller's transaction. A second answer
 * (a reused link, a second DM) finds it answered and changes nothing.
 */
@ApplicationScoped
public class SurveyAnswers {

    /** The longest comment kept (the event's limit). */
    public static final int MAX_COMMENT = 2000;

    /** What became of an answer. */
    public enum Outcome {
        RECORDED,
        /** The survey had its answer already. */
        ALREADY_ANSWERED,
        /** The answer window closed. */
        EXPIRED,
        /** Withdrawn, never sent, or no longer exists (erased). */
        CLOSED
    }

    private final SurveyStore surveys;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    public SurveyAnswers(SurveyStore surveys, Outbox outbox) {
        this.surveys = surveys;
        this.outbox = outbox;
    }

    /**
     * @param score   on the survey's scale (checked by the caller against {@link Survey#surveyKind()})
     * @param comment the customer's words, or null; cut to {@value #MAX_COMMENT} characters
     * @param via     {@code link} or {@code dm}
     */
    public Uni<Outcome> record(UUID surveyId, int score, String comment, String via) {
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        return surveys.lock(surveyId).chain(s -> {
            Outcome refusal = refusal(s, now);
            if (refusal != null) {
                return Uni.createFrom().item(refusal);
            }
            s.surveyKind().check(score);
            String kept = comment == null || comment.isBlank() ? null
                    : comment.strip().length() > MAX_COMMENT ? comment.strip().substring(0, MAX_COMMENT) : comment.strip();
            s.state = SurveyState.ANSWERED.wireName();
            s.score = score;
            s.comment = kept;
            s.answeredAt = now;
            s.answeredVia = via;
            SurveyAnswered answered = new SurveyAnswered(s.id, s.caseId, s.kind, score, kept, Channel.fromWire(s.channel),
                    s.agentId, via, now);
            return outbox.add(Topics.SURVEYS, s.caseId.toString(), EventTypes.SURVEY_ANSWERED, answered)
                    .replaceWith(Outcome.RECORDED);
        });
    }

    /** Why a survey takes no answer now, or null when it does. */
    public static Outcome refusal(Survey s, Instant now) {
        if (s == null) {
            return Outcome.CLOSED;
        }
        return switch (s.surveyState()) {
            case ANSWERED -> Outcome.ALREADY_ANSWERED;
            case EXPIRED -> Outcome.EXPIRED;
            case SENT -> now.isBefore(s.expiresAt) ? null : Outcome.EXPIRED;
            case SCHEDULED, SKIPPED, CANCELLED -> Outcome.CLOSED;
        };
    }
}
