package io.outpost.ingest.messaging;

import static io.outpost.kit.messaging.EventInbox.onContext;
import static io.outpost.kit.messaging.EventInbox.untilOutageEnds;

import io.outpost.ingest.domain.WebhookDelivery;
import io.outpost.ingest.store.WebhookDeliveryStore;
import io.outpost.kit.messaging.PoisonEventException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The intake buffer's reading side: the deliveries of one poll (up to {@code max.poll.records},
 * buffer order per partition) are ingested together, once each ({@link WebhookDeliveryStore#ingestAll}:
 * one transaction for the batch), then the batch is acknowledged. The same rules as service-kit's
 * inbox: a database outage is waited out (the batch holds its partitions, so one account's
 * deliveries stay in order), a record that is not a delivery goes to {@code outpost.webhooks.dlq};
 * should the batch fail otherwise, each delivery is tried on its own, a few times, so that one bad
 * delivery is dead-lettered without the others.
 */
@ApplicationScoped
public class WebhookDeliveryConsumer {

    private static final Logger LOG = Logger.getLogger(WebhookDeliveryConsumer.class);
    private static final int ATTEMPTS_FOR_UNKNOWN_FAILURES = 3;

    private record Read(ConsumerRecord<String, byte[]> record, WebhookDelivery delivery) {
    }

    private final WebhookQueue queue;
    private final WebhookDeliveryStore deliveries;

    public WebhookDeliveryConsumer(WebhookQueue queue, WebhookDeliveryStore deliveries) {
        this.queue = queue;
        this.deliveries = deliveries;
    }

    @Incoming("webhooks")
    @ActivateRequestContext
    @SuppressWarnings("unchecked")
    public Uni<Void> onDeliveries(Message<List<byte[]>> batch) {
        // Hibernate Reactive needs this (duplicated) Vert.x context; a dead letter's acknowledgement or a
        // retry's back-off resumes on another thread, so every database step is sent back here.
        Context context = Vertx.currentContext();
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        batch.getMetadata(IncomingKafkaRecordBatchMetadata.class).ifPresent(m -> ((Iterable<ConsumerRecord<String, byte[]>>) m
                .getRecords()).forEach(records::add));
        List<Read> readable = new ArrayList<>(records.size());
        List<Uni<Void>> deadLetters = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                WebhookDelivery delivery = WebhookQueue.read(record.key(), record.headers(), record.value());
                deliveries.normalize(delivery);
                readable.add(new Read(record, delivery));
            } catch (PoisonEventException e) {
                deadLetters.add(deadLetter(record, e));
            }
        }
        Uni<Void> dead = deadLetters.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(deadLetters).andFailFast().replaceWithVoid();
        return dead.chain(() -> readable.isEmpty() ? Uni.createFrom().voidItem() : ingest(readable, context))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Void> ingest(List<Read> batch, Context context) {
        List<WebhookDelivery> all = batch.stream().map(Read::delivery).toList();
        return untilOutageEnds(() -> onContext(context, () -> deliveries.ingestAll(all)), batch.size() + " webhook deliveries")
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("%d webhook deliveries failed together (%s); ingesting them one by one", batch.size(),
                            failure.toString());
                    return Multi.createFrom().iterable(batch).onItem().transformToUniAndConcatenate(read -> ingestAlone(read, context))
                            .collect().last().replaceWithVoid();
                });
    }

    /** One delivery on its own: outages waited out, other failures tried a few times, then dead-lettered. */
    private Uni<Void> ingestAlone(Read read, Context context) {
        return untilOutageEnds(() -> onContext(context, () -> deliveries.ingest(read.delivery())),
                "webhook delivery " + read.delivery().id())
                .onFailure(failure -> !(failure instanceof PoisonEventException))
                .retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(ATTEMPTS_FOR_UNKNOWN_FAILURES - 1)
                .onFailure().recoverWithUni(failure -> deadLetter(read.record(), failure));
    }

    /**
     * Written before the batch is acknowledged, retried while the broker is away: a failure here
     * would stop the channel (failure strategy {@code fail}), never skip a record.
     */
    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, Throwable reason) {
        return untilOutageEnds(() -> queue.deadLetter(record, reason), "dead letter of " + record.topic() + "-"
                + record.partition() + "@" + record.offset());
    }
}
