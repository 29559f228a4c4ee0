package io.outpost.survey.messaging;

import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.surveys.SurveyKind;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.survey.config.SurveyConfig;
import io.outpost.survey.domain.CancelReason;
import io.outpost.survey.domain.EventsOfInterest;
import io.outpost.survey.domain.OpeningSentiment;
import io.outpost.survey.domain.ResolvedCase;
import io.outpost.survey.domain.SendDecision;
import io.outpost.survey.domain.SkipReason;
import io.outpost.survey.domain.Survey;
import io.outpost.survey.domain.SurveyPolicy;
import io.outpost.survey.domain.SurveyState;
import io.outpost.survey.store.PersonStore;
import io.outpost.survey.store.SurveyStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies the sending policy to resolved cases and withdraws the survey of a case that reopens.
 * Runs inside the event inbox's transaction, so a decision is recorded exactly once per event.
 */
@ApplicationScoped
public class SurveyDecisions {

    private static final Logger LOG = Logger.getLogger(SurveyDecisions.class);

    private final SurveyStore surveys;
    private final PersonStore persons;
    private final SurveyPolicy policy;
    private final SurveyKind kind;
    private final long seed;
    private final Clock clock = Clock.systemUTC();

    public SurveyDecisions(SurveyStore surveys, PersonStore persons, SurveyPolicy policy, SurveyConfig config) {
        this.surveys = surveys;
        this.persons = persons;
        this.policy = policy;
        this.kind = SurveyKind.fromWire(config.kind());
        this.seed = config.samplingSeed();
    }

    /**
     * Decides about a resolved case: scheduled, or skipped with its reason. A case already decided
     * is left as it is (a repeat of the event), unless its survey was cancelled (by a reopening,
     * consent, opt-out) and this is a later resolution: a case resolved again is decided again.
     * Idempotent by the case and its resolution instant, so the inbox keeps no {@code processed_event}
     * row for it: the same {@code case.resolved} again, even after its survey was cancelled, changes
     * nothing and, deciding nothing, leads to no second invitation.
     */
    public Uni<Void> onResolved(CaseResolved resolved) {
        if (resolved.caseId() == null || resolved.channel() == null || resolved.resolvedAt() == null
                || resolved.customer() == null || resolved.customer().platformUserId() == null
                || resolved.customer().platformUserId().isBlank()) {
            return Uni.createFrom().failure(new PoisonEventException(
                    "case.resolved lacks caseId, channel, resolvedAt or customer.platformUserId"));
        }
        String recipient = resolved.customer().platformUserId().strip();
        String personKey = PersonStore.personKey(resolved.channel(), recipient);
        ResolvedCase facts = new ResolvedCase(resolved.caseId(), resolved.channel(), personKey, recipient,
                resolved.resolvedAt(), resolved.hidden(), resolved.incidentId() != null);
        return surveys.byCase(resolved.caseId()).chain(existing -> {
            if (existing != null && (existing.surveyState() != SurveyState.CANCELLED
                    || !EventsOfInterest.resolvedAgain(resolved.resolvedAt(), existing.resolvedAt))) {
                return Uni.createFrom().voidItem();
            }
            return persons.lockKey(resolved.channel(), recipient)
                    .chain(persons::lock)
                    .chain(() -> persons.status(personKey, policy.sendAt(resolved.resolvedAt())))
                    .chain(status -> surveys.history(personKey, resolved.channel(), recipient, resolved.caseId())
                            .map(history -> policy.decide(facts, history, status, seed)))
                    .chain(decision -> save(existing, resolved, recipient, personKey, decision));
        });
    }

    /** A case back to open (or pending, on hold) before its survey went out: the survey is withdrawn. */
    public Uni<Void> onUpdated(CaseUpdated updated) {
        if (updated.caseId() == null || updated.status() == null) {
            return Uni.createFrom().failure(new PoisonEventException("case.updated lacks caseId or status"));
        }
        // The consumer skips these before any transaction (EventsOfInterest.updateToRead); checked
        // again here for a caller that does not.
        if (!EventsOfInterest.reopens(updated.status())) {
            return Uni.createFrom().voidItem();
        }
        return surveys.cancelScheduled(updated.caseId(), CancelReason.REOPENED)
                .invoke(n -> {
                    if (n > 0) {
                        LOG.debugf("survey of case %s cancelled: the case is %s again", updated.caseId(), updated.status());
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> save(Survey existing, CaseResolved resolved, String recipient, String personKey,
            SendDecision decision) {
        Survey s = existing != null ? existing : new Survey();
        boolean fresh = existing == null;
        if (fresh) {
            s.id = UUID.randomUUID();
            s.caseId = resolved.caseId();
        }
        boolean erased = decision.reason() == SkipReason.ERASED;
        s.state = decision.sends() ? SurveyState.SCHEDULED.wireName() : SurveyState.SKIPPED.wireName();
        s.reason = decision.sends() ? null : decision.reason().name();
        s.kind = kind.wireName();
        s.channel = resolved.channel().wireName();
        // An erased person's data is not written again, not even into a skip.
        s.recipient = erased ? Survey.ERASED : recipient;
        s.personKey = erased ? Survey.ERASED : personKey;
        s.language = resolved.language();
        s.agentId = resolved.assigneeAgentId();
        s.team = resolved.team();
        s.openingSentiment = OpeningSentiment.of(resolved.openingSentiment()).name().toLowerCase(Locale.ROOT);
        // Our account, not the person's data: kept for an erased person's skip too. A case resolved again
        // is decided again with the account its latest case.resolved names.
        s.accountId = resolved.accountId() == null || resolved.accountId().isBlank() ? null : resolved.accountId().strip();
        s.resolvedAt = resolved.resolvedAt();
        s.decidedAt = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        s.sendAt = decision.sendAt();
        return (fresh ? s.persist() : Uni.createFrom().item(s)).replaceWithVoid();
    }
}
