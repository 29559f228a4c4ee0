package io.outpost.crmlink.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.crmlink.store.DeliveryOutcomeStore;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.PoisonEventException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Counts delivery outcomes per channel from {@code outpost.delivery}. Nothing personal is kept:
 * not the message, the case or the platform's ids.
 */
@ApplicationScoped
public class DeliveryConsumer {

    private final EventInbox inbox;
    private final DeliveryOutcomeStore outcomes;

    public DeliveryConsumer(EventInbox inbox, DeliveryOutcomeStore outcomes) {
        this.inbox = inbox;
        this.outcomes = outcomes;
    }

    @Incoming("delivery")
    @ActivateRequestContext
    public Uni<Void> onDelivery(Message<String> message) {
        return inbox.process(message, Map.of(EventTypes.DELIVERY_REPORTED, EventInbox.on(DeliveryReported.class, this::count)));
    }

    Uni<Void> count(InboundEvent<DeliveryReported> event) {
        DeliveryReported report = event.payload();
        if (report.channel() == null || report.status() == null || report.reportedAt() == null) {
            return Uni.createFrom().failure(new PoisonEventException(
                    "delivery.reported " + event.id() + " lacks channel, status or reportedAt"));
        }
        return outcomes.count(report.channel(), report.status(), report.reportedAt());
    }
}
