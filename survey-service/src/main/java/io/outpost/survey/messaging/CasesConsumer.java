package io.outpost.survey.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.survey.domain.EventsOfInterest;
import io.outpost.survey.store.SurveyCaseStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code outpost.cases}, a poll at a time (README "Consumers"): records every opened case (the
 * candidates list), decides about every resolved case ({@link SurveyDecisions}) and withdraws the
 * pending survey of a case that reopens.
 */
@ApplicationScoped
public class CasesConsumer {

    private final EventInbox inbox;
    private final SurveyCaseStore cases;
    private final Map<String, EventInbox.Handler<?>> handlers;

    public CasesConsumer(EventInbox inbox, SurveyCaseStore cases, SurveyDecisions decisions) {
        this.inbox = inbox;
        this.cases = cases;
        this.handlers = Map.of(
                // A run of opened cases in one multi-row insert; a case is recorded once by its id, so
                // no processed_event row is needed.
                EventTypes.CASE_OPENED, EventInbox.on(CaseOpened.class, this::record).together(this::recordAll)
                        .idempotentByOwnKey(),
                // One survey per case; a redelivered resolution decides nothing (SurveyDecisions.onResolved).
                // Alone, each in its own transaction: a decision locks its person (fatigue), and a
                // transaction holding several people's locks could deadlock with another replica's.
                EventTypes.CASE_RESOLVED, EventInbox.on(CaseResolved.class, e -> decisions.onResolved(e.payload()))
                        .idempotentByOwnKey(),
                // Only a reopening withdraws anything; the rest (resolved, closed) is acknowledged unread.
                // Keeps its processed_event row: a reopening redelivered after the case was resolved
                // again would withdraw the new survey.
                EventTypes.CASE_UPDATED, EventInbox.on(CaseUpdated.class, e -> decisions.onUpdated(e.payload()))
                        .only(EventsOfInterest::updateToRead));
    }

    /** The records of one poll, in the order read (service-kit's {@code EventInbox.processBatch}). */
    @Incoming("cases")
    @ActivateRequestContext
    public Uni<Void> onCases(KafkaRecordBatch<String, String> batch) {
        return inbox.processBatch(batch, handlers);
    }

    Uni<Void> record(InboundEvent<CaseOpened> event) {
        return recordAll(List.of(event));
    }

    /** Consecutive case.opened of one poll, inside the inbox's transaction. */
    Uni<Void> recordAll(List<InboundEvent<CaseOpened>> events) {
        List<SurveyCaseStore.Opened> opened;
        try {
            opened = events.stream().map(CasesConsumer::opened).toList();
        } catch (PoisonEventException e) {
            // The run fails; the inbox then records its events one by one, dead-lettering only this one.
            return Uni.createFrom().failure(e);
        }
        return cases.recordOpened(opened);
    }

    private static SurveyCaseStore.Opened opened(InboundEvent<CaseOpened> event) {
        CaseOpened opened = event.payload();
        if (opened.caseId() == null || opened.channel() == null || opened.openedAt() == null || opened.customer() == null
                || opened.customer().platformUserId() == null || opened.customer().platformUserId().isBlank()) {
            throw new PoisonEventException(
                    "case.opened " + event.id() + " lacks caseId, channel, openedAt or customer.platformUserId");
        }
        return new SurveyCaseStore.Opened(opened.caseId(), opened.channel(), opened.customer().platformUserId().strip(),
                opened.openedAt());
    }
}
