package io.outpost.kit.messaging;

import io.outpost.kit.config.OutboxConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes outbox events to Kafka in the order they were written, then deletes them.
 *
 * <p>At least once: a crash between the broker's acknowledgement and the delete publishes the
 * batch again, and consumers drop the repeat by its event id ({@link EventInbox}). Only one relay
 * of a service publishes at a time (a transaction-scoped advisory lock), so several replicas keep
 * each aggregate's events in order. A commit wakes the relay at once through PostgreSQL
 * {@code NOTIFY} (sent by a trigger, delivered only on commit); polling is the fallback.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /**
     * Arbitrary constant naming "the outbox relay" among advisory locks of this database. Public so
     * that tests can hold it to simulate a relay that cannot publish.
     */
    public static final long RELAY_LOCK = 7_140_001L;
    static final String NOTIFY_CHANNEL = "outbox_event";

    private final Pool pool;
    private final Emitter<String> emitter;
    private final OutboxConfig config;
    /** Set when events may be waiting; a round in progress runs again when it is set meanwhile. */
    private final AtomicBoolean wakeUp = new AtomicBoolean(true);
    private final AtomicBoolean running = new AtomicBoolean();
    /** When the batch in progress started, and whether it was reported as slow (one warning a batch). */
    private volatile long batchStartedNanos = System.nanoTime();
    private volatile boolean batchReported;
    private volatile PgSubscriber subscriber;
    private volatile long pollTimer = -1;
    private volatile Vertx vertx;

    public OutboxRelay(Pool pool,
            @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384) Emitter<String> emitter,
            OutboxConfig config) {
        this.pool = pool;
        this.emitter = emitter;
        this.config = config;
    }

    void start(@Observes StartupEvent start, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") java.util.Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        this.vertx = vertx;
        pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wakeUp());
        if (!config.listen()) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options);
        subscriber.reconnectPolicy(retries -> 1_000L);
        subscriber.channel(NOTIFY_CHANNEL).handler(payload -> wakeUp());
        subscriber.connect().subscribe().with(
                ignored -> wakeUp(),
                failure -> LOG.warnf("outbox notifications unavailable, polling every %s: %s",
                        config.pollInterval(), failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent stop) {
        if (pollTimer >= 0 && vertx != null) {
            vertx.cancelTimer(pollTimer);
        }
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /** Starts a publishing round now, or right after the one in progress. */
    public void wakeUp() {
        wakeUp.set(true);
        if (!running.compareAndSet(false, true)) {
            reportIfSlow();
            return;
        }
        wakeUp.set(false);
        drain().subscribe().with(
                count -> finishRound(),
                failure -> {
                    LOG.warnf("outbox relay round failed, the next poll retries: %s", failure.toString());
                    running.set(false);
                });
    }

    /**
     * A batch waits for the broker at most {@code send-timeout}; one still running long after that
     * is waiting somewhere else (the database), and nothing is published meanwhile: said once per
     * batch, as a warning, rather than as silence.
     */
    private void reportIfSlow() {
        long runningFor = System.nanoTime() - batchStartedNanos;
        if (!batchReported && runningFor > 2 * config.sendTimeout().toNanos() + 30_000_000_000L) {
            batchReported = true;
            LOG.warnf("outbox relay batch running for %d s: nothing is published until it ends",
                    java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(runningFor));
        }
    }

    private void finishRound() {
        running.set(false);
        if (wakeUp.get()) {
            wakeUp();
        }
    }

    /** Publishes batches until the outbox is empty (or another replica holds the relay lock). */
    public Uni<Integer> drain() {
        return publishBatch().chain(count -> count < config.batchSize()
                ? Uni.createFrom().item(count)
                : drain().map(more -> count + more));
    }

    private Uni<Integer> publishBatch() {
        batchStartedNanos = System.nanoTime();
        batchReported = false;
        return pool.withTransaction(connection -> connection
                .preparedQuery("select pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(RELAY_LOCK))
                .chain(lock -> lock.iterator().next().getBoolean(0)
                        ? publishLocked(connection)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishLocked(SqlConnection connection) {
        return connection
                .preparedQuery("select seq, id, topic, event_key, type, source, occurred_at, payload "
                        + "from outbox_event order by seq limit $1")
                .execute(Tuple.of(config.batchSize()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Uni<Void>> acks = new ArrayList<>(rows.size());
                    List<Long> seqs = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        seqs.add(row.getLong("seq"));
                        acks.add(send(row));
                    }
                    return Uni.join().all(acks).andFailFast()
                            .ifNoItem().after(config.sendTimeout()).fail()
                            .chain(() -> connection
                                    .preparedQuery("delete from outbox_event where seq = any($1)")
                                    .execute(Tuple.of(seqs.toArray(Long[]::new))))
                            .replaceWith(seqs.size());
                });
    }

    private Uni<Void> send(Row row) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String>builder()
                .withId(row.getUUID("id").toString())
                .withType(row.getString("type"))
                .withSource(URI.create(row.getString("source")))
                .withTimestamp(row.getOffsetDateTime("occurred_at").atZoneSameInstant(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        OutgoingKafkaRecordMetadata<String> record = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("event_key"))
                .build();
        Message<String> message = Message.of(row.getString("payload"))
                .addMetadata(cloudEvent)
                .addMetadata(record)
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return Uni.createFrom().completionStage(acked);
    }
}
