package io.outpost.routing.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.routing.domain.RoutingDecision;
import io.outpost.routing.domain.WaitingCase;
import io.outpost.routing.store.Dispatcher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Reads outpost.cases: every opened case becomes a task to route, once per event id. */
@ApplicationScoped
public class CaseEvents {

    private final EventInbox inbox;
    private final Dispatcher dispatcher;

    public CaseEvents(EventInbox inbox, Dispatcher dispatcher) {
        this.inbox = inbox;
        this.dispatcher = dispatcher;
    }

    @Incoming("cases")
    @ActivateRequestContext
    public Uni<Void> onCase(Message<String> message) {
        return inbox.process(message, Map.of(EventTypes.CASE_OPENED, EventInbox.on(CaseOpened.class, this::enqueue)));
    }

    /** Runs inside the inbox's transaction. */
    Uni<Void> enqueue(InboundEvent<CaseOpened> event) {
        return dispatcher.enqueue(toWaitingCase(event.payload()), event.payload().openedAt());
    }

    private WaitingCase toWaitingCase(CaseOpened c) {
        if (c.caseId() == null || c.channel() == null || c.openedAt() == null) {
            throw new PoisonEventException("case.opened without caseId, channel or openedAt");
        }
        if (c.priority() < 1 || c.priority() > 4) {
            throw new PoisonEventException("case.opened " + c.caseId() + " has priority " + c.priority() + ", expected 1-4");
        }
        Set<String> skills = new LinkedHashSet<>();
        if (c.requiredSkills() != null) {
            c.requiredSkills().stream().filter(s -> s != null && !s.isBlank()).map(RoutingDecision::normalized).forEach(skills::add);
        }
        String language = c.language() == null || c.language().isBlank() ? null : RoutingDecision.normalized(c.language());
        return new WaitingCase(c.caseId(), c.channel().wireName(), c.priority(), skills, language, dispatcher.now());
    }
}
