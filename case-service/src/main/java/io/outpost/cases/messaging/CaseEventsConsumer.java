package io.outpost.cases.messaging;

import io.outpost.cases.store.CaseStore;
import io.outpost.cases.store.ReplyStore;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.PostIngested;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What case-service reads from Kafka: posts become cases, assignments give cases to agents. Each
 * record goes through the idempotent inbox: its effect and its event id commit together.
 */
@ApplicationScoped
public class CaseEventsConsumer {

    private final EventInbox inbox;
    private final CaseStore cases;
    private final ReplyStore replies;

    public CaseEventsConsumer(EventInbox inbox, CaseStore cases, ReplyStore replies) {
        this.inbox = inbox;
        this.cases = cases;
        this.replies = replies;
    }

    /** Delivery outcomes of outbound messages: those of our replies update the reply. */
    @Incoming("delivery")
    @ActivateRequestContext
    public Uni<Void> onDelivery(Message<String> message) {
        return inbox.process(message,
                Map.of(EventTypes.DELIVERY_REPORTED, EventInbox.on(DeliveryReported.class, e -> replies.delivered(e.payload()))));
    }

    @Incoming("posts")
    @ActivateRequestContext
    public Uni<Void> onPost(Message<String> message) {
        return inbox.process(message, Map.of(EventTypes.POST_INGESTED, EventInbox.on(PostIngested.class, this::file)));
    }

    @Incoming("assignments")
    @ActivateRequestContext
    public Uni<Void> onAssignment(Message<String> message) {
        return inbox.process(message,
                Map.of(EventTypes.ASSIGNMENT_CREATED, EventInbox.on(AssignmentCreated.class, this::assign)));
    }

    Uni<Void> file(InboundEvent<PostIngested> event) {
        return cases.file(event.payload()).replaceWithVoid();
    }

    Uni<Void> assign(InboundEvent<AssignmentCreated> event) {
        return cases.assign(event.payload());
    }
}
