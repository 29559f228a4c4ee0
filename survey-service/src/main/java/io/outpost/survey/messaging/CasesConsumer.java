package io.outpost.survey.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.survey.store.SurveyCaseStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * {@code outpost.cases}: records every opened case (the candidates list), decides about every
 * resolved case ({@link SurveyDecisions}) and withdraws the pending survey of a case that reopens.
 */
@ApplicationScoped
public class CasesConsumer {

    private final EventInbox inbox;
    private final SurveyCaseStore cases;
    private final SurveyDecisions decisions;

    public CasesConsumer(EventInbox inbox, SurveyCaseStore cases, SurveyDecisions decisions) {
        this.inbox = inbox;
        this.cases = cases;
        this.decisions = decisions;
    }

    @Incoming("cases")
    @ActivateRequestContext
    public Uni<Void> onCase(Message<String> message) {
        return inbox.process(message, Map.of(
                EventTypes.CASE_OPENED, EventInbox.on(CaseOpened.class, this::record),
                EventTypes.CASE_RESOLVED, EventInbox.on(CaseResolved.class, e -> decisions.onResolved(e.payload())),
                EventTypes.CASE_UPDATED, EventInbox.on(CaseUpdated.class, e -> decisions.onUpdated(e.payload()))));
    }

    Uni<Void> record(InboundEvent<CaseOpened> event) {
        CaseOpened opened = event.payload();
        if (opened.caseId() == null || opened.channel() == null || opened.openedAt() == null || opened.customer() == null
                || opened.customer().platformUserId() == null || opened.customer().platformUserId().isBlank()) {
            return Uni.createFrom().failure(new PoisonEventException(
                    "case.opened " + event.id() + " lacks caseId, channel, openedAt or customer.platformUserId"));
        }
        return cases.recordOpened(opened.caseId(), opened.channel(), opened.customer().platformUserId().strip(),
                opened.openedAt());
    }
}
