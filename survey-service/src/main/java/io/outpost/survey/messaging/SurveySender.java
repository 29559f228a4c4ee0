package io.outpost.survey.messaging;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.SurveySent;
import io.outpost.kit.links.SignedLinks;
import io.outpost.kit.messaging.Outbox;
import io.outpost.survey.config.LinksProducer;
import io.outpost.survey.config.SurveyConfig;
import io.outpost.survey.domain.Survey;
import io.outpost.survey.domain.SurveyPolicy;
import io.outpost.survey.domain.SurveyState;
import io.outpost.survey.domain.SurveyWording;
import io.outpost.survey.store.SurveyStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Sends due surveys and expires unanswered ones, on a schedule. Sending a survey is one
 * transaction: the row becomes {@code sent}, and {@code outbound.requested} (the invitation DM
 * with its signed link) and {@code survey.sent} go into the outbox. Due rows are taken with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas share the work and never send a survey twice.
 */
@ApplicationScoped
public class SurveySender {

    private static final Logger LOG = Logger.getLogger(SurveySender.class);

    private final Outbox outbox;
    private final SignedLinks links;
    private final SurveyPolicy policy;
    private final SurveyConfig config;
    private final SurveyStore surveys;
    private final Clock clock = Clock.systemUTC();

    public SurveySender(Outbox outbox, SignedLinks links, SurveyPolicy policy, SurveyConfig config,
            SurveyStore surveys) {
        this.outbox = outbox;
        this.links = links;
        this.policy = policy;
        this.config = config;
        this.surveys = surveys;
    }

    @Scheduled(identity = "survey-sender", every = "${outpost.survey.sender.every:10s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return sendDue()
                .chain(sent -> expireOverdue().invoke(expired -> {
                    if (sent > 0 || expired > 0) {
                        LOG.debugf("surveys sent: %d, expired unanswered: %d", sent, expired);
                    }
                }))
                .onFailure().invoke(failure -> LOG.warnf("survey sender round failed, the next round retries: %s",
                        failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Sends one batch of due surveys; returns how many. */
    public Uni<Integer> sendDue() {
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> surveys.lockDue(now, config.sender().batchSize())
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(s -> send(s, now))
                        .collect().asList()
                        .map(java.util.List::size)));
    }

    /** Expires sent surveys past their response window; returns how many. */
    public Uni<Integer> expireOverdue() {
        return Panache.withTransaction(() -> surveys.expireOverdue(Instant.now(clock)));
    }

    /** The answer page of a survey, with a token valid until the survey expires. */
    public String link(Survey survey) {
        String token = links.issue(LinksProducer.SURVEY_PURPOSE, survey.id.toString(), survey.expiresAt);
        return config.publicBaseUrl().replaceAll("/+$", "") + "/s/" + token;
    }

    private Uni<Void> send(Survey s, Instant now) {
        s.state = SurveyState.SENT.wireName();
        s.sentAt = now;
        s.expiresAt = policy.expiresAt(now);
        Channel channel = Channel.fromWire(s.channel);
        String text = SurveyWording.forLanguage(s.language).invitationText(s.surveyKind(), link(s));
        // The survey id is the delivery's idempotency key: one invitation per survey, whatever happens. It goes
        // out from the account the customer wrote to (null: the channel's default), as the case's replies did.
        OutboundRequested invitation = new OutboundRequested(s.id, OutboundRequested.Kind.SURVEY_INVITATION, s.caseId,
                channel, s.accountId, s.recipient, null, text, now);
        SurveySent sent = new SurveySent(s.id, s.caseId, s.kind, channel, now, s.expiresAt);
        String key = s.caseId.toString();
        return outbox.add(Topics.OUTBOUND, key, EventTypes.OUTBOUND_REQUESTED, invitation)
                .chain(() -> outbox.add(Topics.SURVEYS, key, EventTypes.SURVEY_SENT, sent))
                .replaceWithVoid();
    }
}
