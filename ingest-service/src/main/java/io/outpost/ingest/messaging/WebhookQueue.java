package io.outpost.ingest.messaging;

import io.outpost.ingest.config.WebhookQueueConfig;
import io.outpost.ingest.domain.WebhookDelivery;
import io.outpost.ingest.domain.WebhookPlatform;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.kit.messaging.TraceContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.outpost.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The intake buffer's writing side: a delivery becomes one record on {@code outpost.webhooks},
 * acknowledged by all in-sync replicas (idempotent producer) before the webhook answers. A plain
 * Kafka producer, not a Reactive Messaging channel: the webhook waits for exactly this record's
 * acknowledgement, and nothing else (CloudEvents metadata, a channel buffer) sits in between.
 */
@ApplicationScoped
public class WebhookQueue {

    private static final Logger LOG = Logger.getLogger(WebhookQueue.class);
    public static final String DELIVERY_ID = "outpost-delivery-id";
    public static final String PLATFORM = "outpost-platform";
    public static final String RECEIVED_AT = "outpost-received-at";

    private final WebhookQueueConfig config;
    private final KafkaProducer<String, byte[]> producer;
    /**
     * Whether the producer has the topic's metadata. Until it has, {@code send} can block for it
     * (up to the send timeout), so it is called from a worker thread, never the event loop.
     */
    private volatile boolean metadataKnown;

    public WebhookQueue(WebhookQueueConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.config = config;
        Map<String, Object> settings = new HashMap<>();
        // The application's kafka.* settings (bootstrap servers, security) as Quarkus collects them.
        kafka.forEach((name, value) -> {
            if (!name.contains("deserializer") && !name.startsWith("group.") && !name.startsWith("auto.")) {
                settings.put(name, value);
            }
        });
        long timeout = config.sendTimeout().toMillis();
        long linger = config.linger().toMillis();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeout - linger));
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        // A delivery may be up to the webhook body limit (1 MiB): above the producer's default request
        // size, so the limit is raised and batches are compressed (JSON shrinks several times, well
        // under the broker's default 1 MB per batch).
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-service-webhooks");
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    /** Fetches the topic's metadata at start-up so that the first delivery is not the one waiting for it. */
    void warmUp(@Observes StartupEvent start) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                producer.partitionsFor(config.topic());
                metadataKnown = true;
            } catch (RuntimeException e) {
                LOG.warnf("webhook queue: no metadata for %s yet (%s); the first delivery will fetch it", config.topic(),
                        e.toString());
            }
        });
    }

    void close(@Observes ShutdownEvent stop) {
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * Completes once the record is acknowledged; fails when it is not within the send timeout. The
     * delivery's trace context (else the caller's) travels in the {@code traceparent} header.
     */
    public Uni<Void> enqueue(WebhookDelivery delivery) {
        List<Header> headers = new ArrayList<>(4);
        headers.add(header(DELIVERY_ID, delivery.id().toString()));
        headers.add(header(PLATFORM, delivery.platform().wireName()));
        headers.add(header(RECEIVED_AT, delivery.receivedAt().toString()));
        String traceParent = delivery.traceParent() != null ? delivery.traceParent() : TraceContext.current();
        if (traceParent != null) {
            headers.add(header(TraceContext.HEADER, traceParent));
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.topic(), null, delivery.key(), delivery.body(),
                headers);
        Uni<Void> sent = Uni.createFrom().emitter(emitter -> {
            // The acknowledgement arrives on the producer's one network thread: the rest of the
            // request (the answer) goes back to the request's own event loop.
            Context context = Vertx.currentContext();
            producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    metadataKnown = true;
                }
                Runnable settle = failure == null ? () -> emitter.complete(null) : () -> emitter.fail(failure);
                if (context == null) {
                    settle.run();
                } else {
                    context.runOnContext(ignored -> settle.run());
                }
            });
        });
        return metadataKnown ? sent : sent.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * Writes a buffer record the consumer cannot ingest to the dead-letter topic with SmallRye's
     * dead-letter headers (reason, cause, original topic, partition and offset), as every other
     * Outpost consumer's dead letters carry them; completes once acknowledged.
     */
    public Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, Throwable reason) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(Topics.dlq(record.topic()), null, record.key(), record.value(),
                record.headers());
        copy.headers().add(header("dead-letter-reason", String.valueOf(reason.getMessage())))
                .add(header("dead-letter-exception-class-name", reason.getClass().getName()))
                .add(header("dead-letter-topic", record.topic()))
                .add(header("dead-letter-partition", Integer.toString(record.partition())))
                .add(header("dead-letter-offset", Long.toString(record.offset())));
        if (reason.getCause() != null) {
            copy.headers().add(header("dead-letter-cause", String.valueOf(reason.getCause().getMessage())));
        }
        LOG.warnf("webhook record %s-%d@%d sent to the dead-letter topic: %s", record.topic(), record.partition(),
                record.offset(), reason.getMessage());
        return Uni.createFrom().completionStage(() -> {
            java.util.concurrent.CompletableFuture<Void> sent = new java.util.concurrent.CompletableFuture<>();
            producer.send(copy, (metadata, failure) -> {
                if (failure == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(failure);
                }
            });
            return sent;
        });
    }

    /** A buffer record read back; {@link PoisonEventException} when it is not one we wrote. */
    public static WebhookDelivery read(String key, Headers headers, byte[] body) {
        String id = text(headers, DELIVERY_ID);
        String platform = text(headers, PLATFORM);
        String receivedAt = text(headers, RECEIVED_AT);
        if (id == null || platform == null || receivedAt == null || body == null) {
            throw new PoisonEventException("not a webhook delivery: the " + DELIVERY_ID + ", " + PLATFORM + " and "
                    + RECEIVED_AT + " headers and a body are required");
        }
        try {
            return new WebhookDelivery(UUID.fromString(id), WebhookPlatform.ofWireName(platform)
                    .orElseThrow(() -> new IllegalArgumentException("unknown platform " + platform)), key,
                    Instant.parse(receivedAt), body, TraceContext.fromHeaders(headers));
        } catch (RuntimeException e) {
            throw new PoisonEventException("not a webhook delivery: " + e.getMessage(), e);
        }
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
