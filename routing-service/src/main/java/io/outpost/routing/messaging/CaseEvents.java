package io.outpost.routing.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.routing.domain.OwnAssignmentEcho;
import io.outpost.routing.domain.RoutingDecision;
import io.outpost.routing.domain.WaitingCase;
import io.outpost.routing.store.CaseIntake;
import io.outpost.routing.store.CaseUpdates;
import io.outpost.routing.store.RoutingClock;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads outpost.cases, a poll at a time, once per event id and in order per case (the record key is the case id):
 * an opened case becomes a task to route (once per case id, by the task itself); case.updated brings the task up
 * to the case's state, except the echo of routing's own assignment, which is acknowledged unread; case.resolved
 * returns the agent's capacity.
 */
@ApplicationScoped
public class CaseEvents {

    private final EventInbox inbox;
    private final CaseIntake intake;
    private final CaseUpdates updates;
    private final RoutingClock clock;

    public CaseEvents(EventInbox inbox, CaseIntake intake, CaseUpdates updates, RoutingClock clock) {
        this.inbox = inbox;
        this.intake = intake;
        this.updates = updates;
        this.clock = clock;
    }

    /**
     * One poll's records in the order read (service-kit's {@code EventInbox.processBatch}): a run of
     * case.opened is routed together in one transaction ({@link CaseIntake#enqueueAll}), the other
     * events one by one, each in its own.
     */
    @Incoming("cases")
    @ActivateRequestContext
    public Uni<Void> onCases(KafkaRecordBatch<String, String> batch) {
        return inbox.processBatch(batch, Map.of(
                // A task per case: a case.opened read again finds its task and changes nothing, so no
                // processed_event row is needed (CaseIntake.enqueueAll; CaseIntakeRedeliveryTest).
                EventTypes.CASE_OPENED, EventInbox.on(CaseOpened.class, this::opened).together(this::openedTogether)
                        .idempotentByOwnKey(),
                // The echo of routing's own assignment is acknowledged without a transaction (OwnAssignmentEcho).
                EventTypes.CASE_UPDATED, EventInbox.on(CaseUpdated.class, this::updated)
                        .only(u -> !OwnAssignmentEcho.isEcho(u.changes(), u.assignmentId(), u.status())),
                EventTypes.CASE_RESOLVED, EventInbox.on(CaseResolved.class, this::resolved)));
    }

    /** Runs inside the inbox's transaction. */
    Uni<Void> opened(InboundEvent<CaseOpened> event) {
        return intake.enqueue(newCase(event));
    }

    /** Consecutive case.opened of one poll, inside the inbox's transaction. */
    Uni<Void> openedTogether(List<InboundEvent<CaseOpened>> events) {
        return intake.enqueueAll(events.stream().map(this::newCase).toList());
    }

    private CaseIntake.NewCase newCase(InboundEvent<CaseOpened> event) {
        CaseOpened c = event.payload();
        if (c.caseId() == null || c.channel() == null || c.openedAt() == null) {
            throw new PoisonEventException("case.opened without caseId, channel or openedAt");
        }
        WaitingCase wanted = new WaitingCase(c.caseId(), c.channel().wireName(), priority(c.priority(), c.caseId()),
                skills(c.requiredSkills()), language(c.language()), clock.now(), c.firstResponseDueAt(), null, Set.of());
        String customerChannel = c.customer() == null || c.customer().platformUserId() == null ? null : c.channel().wireName();
        String customerId = customerChannel == null ? null : c.customer().platformUserId();
        return new CaseIntake.NewCase(wanted, c.openedAt(), customerChannel, customerId, event.traceParent());
    }

    Uni<Void> updated(InboundEvent<CaseUpdated> event) {
        CaseUpdated u = event.payload();
        if (u.caseId() == null || u.channel() == null || u.status() == null || u.updatedAt() == null) {
            throw new PoisonEventException("case.updated without caseId, channel, status or updatedAt");
        }
        WaitingCase wanted = new WaitingCase(u.caseId(), u.channel().wireName(), priority(u.priority(), u.caseId()),
                skills(u.requiredSkills()), language(u.language()), clock.now(), u.nextDueAt(), null, Set.of());
        List<String> changes = u.changes() == null ? List.of() : u.changes();
        return updates.caseChanged(new CaseUpdates.CaseState(wanted, u.status(), u.assigneeAgentId(),
                changes.contains("assignee"), u.updatedAt()));
    }

    Uni<Void> resolved(InboundEvent<CaseResolved> event) {
        if (event.payload().caseId() == null) {
            throw new PoisonEventException("case.resolved without caseId");
        }
        return updates.caseResolved(event.payload().caseId());
    }

    private static int priority(int priority, UUID caseId) {
        if (priority < 1 || priority > 4) {
            throw new PoisonEventException("case " + caseId + " has priority " + priority + ", expected 1-4");
        }
        return priority;
    }

    private static Set<String> skills(List<String> required) {
        Set<String> skills = new LinkedHashSet<>();
        if (required != null) {
            required.stream().filter(s -> s != null && !s.isBlank()).map(RoutingDecision::normalized).forEach(skills::add);
        }
        return skills;
    }

    private static String language(String language) {
        return language == null || language.isBlank() ? null : RoutingDecision.normalized(language);
    }

}
