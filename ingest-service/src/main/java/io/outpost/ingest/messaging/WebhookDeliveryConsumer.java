package io.outpost.ingest.messaging;

import io.outpost.ingest.domain.WebhookDelivery;
import io.outpost.ingest.store.WebhookDeliveryStore;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.PoisonEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The intake buffer's reading side: each queued webhook delivery is ingested once
 * ({@link WebhookDeliveryStore}), with service-kit's retry rules: a database outage is waited out
 * (the record holds its partition, so one account's deliveries stay in order), a record that is not
 * a delivery goes to {@code outpost.webhooks.dlq}.
 */
@ApplicationScoped
public class WebhookDeliveryConsumer {

    private final EventInbox inbox;
    private final WebhookDeliveryStore deliveries;

    public WebhookDeliveryConsumer(EventInbox inbox, WebhookDeliveryStore deliveries) {
        this.inbox = inbox;
        this.deliveries = deliveries;
    }

    @Incoming("webhooks")
    @ActivateRequestContext
    public Uni<Void> onDelivery(Message<byte[]> message) {
        Optional<IncomingKafkaRecordMetadata> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class);
        WebhookDelivery delivery;
        try {
            delivery = WebhookQueue.read(kafka.map(m -> m.getKey() == null ? null : m.getKey().toString()).orElse(null),
                    kafka.map(IncomingKafkaRecordMetadata::getHeaders).orElse(null), message.getPayload());
        } catch (PoisonEventException e) {
            return inbox.settle(message, "webhook record", () -> Uni.createFrom().failure(e));
        }
        return inbox.settle(message, "webhook delivery " + delivery.id(), () -> deliveries.ingest(delivery));
    }
}
