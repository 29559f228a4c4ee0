package io.outpost.cases.domain;

import io.outpost.contracts.surveys.DmAnswer;
import io.outpost.contracts.surveys.SurveyKind;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether a customer's private message is their answer to a survey about one of their cases.
 *
 * <p>survey-service reads every DM from a customer with an outstanding survey on that channel and
 * records one that is plainly a score (or "stop") as the survey's answer. Without this rule,
 * case-service threads the same message as a customer post: it reopens the resolved case (or,
 * when the case began in public, opens a new one), starts an SLA turn and puts "9" in an agent's
 * queue. So case-service reads the DM the same way, with the same parser ({@link DmAnswer}, shared
 * in contracts) and the same window (sent at or before the DM, expiring after it, by the DM's
 * platform time), and files an answer on the survey's case as the survey's.
 *
 * <p>Anything the parser does not read as an answer ("my router is still broken") stays a customer
 * message and threads as usual, as survey-service leaves it alone too.
 */
public final class SurveyReplies {

    private SurveyReplies() {
    }

    /**
     * The most recent survey sent about a case of the DM's author on the DM's channel.
     *
     * @param kind       nps, csat or ces (the scale the DM is read against)
     * @param expiresAt  the end of the response window; null when survey.sent did not say (then no
     *                   DM is taken as its answer: without a window, a score could be read forever)
     * @param answeredAt when survey.answered said it was answered, or null
     */
    public record Outstanding(UUID surveyId, UUID caseId, String kind, Instant sentAt, Instant expiresAt,
            Instant answeredAt) {

        /**
         * Whether a DM written at {@code postedAt} is within the window and not after the answer.
         * A DM written before the recorded answer still counts: it may be the very DM survey-service
         * recorded, whose {@code survey.answered} overtook the post on the way to case-service.
         */
        boolean takesAnswerAt(Instant postedAt) {
            return expiresAt != null && !sentAt.isAfter(postedAt) && postedAt.isBefore(expiresAt)
                    && (answeredAt == null || !postedAt.isAfter(answeredAt));
        }
    }

    /**
     * A DM that is the survey's answer.
     *
     * @param reading what the parser made of it ({@code score 9}, {@code opt-out}), for the log
     */
    public record Answer(UUID surveyId, UUID caseId, String reading) {
    }

    /**
     * @param privateMessage the post is a DM (a public post is never a survey answer: the
     *                       invitation went by DM, and survey-service reads DMs only)
     * @param fromOwnAccount our own account wrote it
     * @param text           the DM's text
     * @param postedAt       its platform time
     * @param survey         the customer's most recent survey on the channel, or null
     * @return the survey the DM answers, or empty when it is a message for the case
     */
    public static Optional<Answer> answer(boolean privateMessage, boolean fromOwnAccount, String text,
            Instant postedAt, Outstanding survey) {
        if (!privateMessage || fromOwnAccount || survey == null || postedAt == null
                || !survey.takesAnswerAt(postedAt)) {
            return Optional.empty();
        }
        SurveyKind kind;
        try {
            kind = SurveyKind.fromWire(survey.kind());
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a kind this version does not know: no scale to read against
        }
        DmAnswer.Reading reading = DmAnswer.read(text, kind);
        if (reading instanceof DmAnswer.Score score) {
            return Optional.of(new Answer(survey.surveyId(), survey.caseId(), "score " + score.score()));
        }
        if (reading instanceof DmAnswer.OptOut) {
            return Optional.of(new Answer(survey.surveyId(), survey.caseId(), "opt-out"));
        }
        return Optional.empty();
    }
}
