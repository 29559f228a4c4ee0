package io.outpost.kit.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.outpost.kit.config.OutboxConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * batch again, and consumers drop the repeat by its event id ({@link EventInbox}).
 *
 * <p>No database transaction is held open while the relay waits for the broker. A round selects a
 * batch (one statement, committed at once), sends it, waits for the acknowledgements, and then
 * deletes the batch by sequence number (one statement). Only one relay of a service publishes at a
 * time, so several replicas keep each aggregate's events in order: the leader holds a
 * session-level advisory lock on a connection of its own. That lock cannot be orphaned: it lives
 * exactly as long as the leader's session, which PostgreSQL ends when the process dies (the socket
 * closes) or goes silent (TCP keepalives), and which the relay closes itself after any failed or
 * overdue statement.
 *
 * <p>Every wait has a limit: connecting and each statement ({@code statement_timeout} on the
 * server and the same limit on the client, which also covers a silent connection), row locks
 * ({@code lock_timeout}), an open transaction ({@code idle_in_transaction_session_timeout}) and the
 * broker's acknowledgements ({@code send-timeout}). Every failure is logged as a warning naming
 * its step and cause; a round still running long after those limits says so too; a relay kept
 * from the leader lock while events wait says which session holds it.
 *
 * <p>A commit wakes the relay at once: in-process when the transaction was opened by
 * {@link Outbox#withTransaction} (the inbox's transactions: {@link #wakeUpAfterCommit}), through
 * PostgreSQL {@code NOTIFY} otherwise (sent by a trigger, delivered only on commit: other writers in
 * this process, and every writer of another replica, which may be the leader). Polling is the
 * fallback.
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
    /** Published rows whose delete is still owed: past this many, the relay publishes nothing new. */
    private static final int MAX_PENDING_DELETES_BATCHES = 10;
    private static final int RECENT_WARNINGS = 20;

    private static final String SELECT_BATCH = "select seq, id, topic, event_key, type, source, occurred_at, payload, trace_parent "
            + "from outbox_event where seq <> all($2) order by seq limit $1";
    private static final String DELETE_PUBLISHED = "delete from outbox_event where seq = any($1)";
    /** The sessions holding the relay's advisory lock (a bigint key: classid = high half, objid = low half). */
    private static final String LEADER_LOCK_HOLDERS = "select a.pid, a.application_name, a.client_addr::text as client_addr, "
            + "a.backend_start, a.state, a.xact_start, left(a.query, 200) as query "
            + "from pg_locks l join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted and l.objsubid = 1 and l.classid::bigint = $1 and l.objid::bigint = $2";
    /** Other sessions holding a lock on the outbox table (for instance row locks taken by select ... for update). */
    private static final String OUTBOX_LOCK_HOLDERS = "select distinct a.pid, a.application_name, a.client_addr::text as client_addr, "
            + "a.backend_start, a.state, a.xact_start, left(a.query, 200) as query "
            + "from pg_locks l join pg_stat_activity a on a.pid = l.pid where l.relation = 'outbox_event'::regclass and l.granted and l.pid <> pg_backend_pid()";
    /** The first event by sequence (an index read, unlike min(occurred_at) over a large backlog). */
    private static final String OLDEST_WAITING = "select extract(epoch from now() - occurred_at) from outbox_event "
            + "order by seq limit 1";

    private final Emitter<String> emitter;
    private final OutboxConfig config;
    private final String application;
    /** Set when events may be waiting; a round in progress runs again when it is set meanwhile. */
    private final AtomicBoolean wakeUp = new AtomicBoolean(true);
    private final AtomicBoolean running = new AtomicBoolean();
    /** What the round in progress is waiting for, since when, and whether that was reported as slow. */
    private volatile String step = "idle";
    private volatile long stepStartedNanos = System.nanoTime();
    private volatile boolean stepReported;
    /** The relay's own database session; holds the leader lock while {@link #leading}. */
    private volatile PgConnection session;
    private volatile boolean leading;
    /** Rows published and acknowledged whose delete failed: deleted first next round, never published again by this leader. */
    private final List<Long> pendingDeletes = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The last batch handed to the producer, until every record of it is acknowledged or refused. */
    private volatile Sent outstanding;
    /** When the relay first found the leader lock taken by another session while events waited (0: not so). */
    private volatile long keptFromLeadSince;
    private volatile long keptFromLeadWarned;
    /** The relay's last warnings, newest last (for tests and diagnosis). */
    private final java.util.Deque<String> recentWarnings = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private volatile PgSubscriber subscriber;
    private volatile long pollTimer = -1;
    private volatile Vertx vertx;
    private volatile PgConnectOptions connectOptions;

    /** From an event's write (its transaction's start) to the broker's acknowledgement. */
    private final Timer publishLatency;
    /** What woke the relay: a commit in this process, a PostgreSQL notification, the poll. */
    private final Counter commits;
    private final Counter notifications;
    private final Counter polls;

    public OutboxRelay(
            @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384) Emitter<String> emitter,
            OutboxConfig config, @ConfigProperty(name = "quarkus.application.name") String application, MeterRegistry meters) {
        this.emitter = emitter;
        this.config = config;
        this.application = application;
        this.publishLatency = Timer.builder("outpost.outbox.publish.latency")
                .description("From an event's write to the outbox to the broker's acknowledgement of it")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.commits = wakeUps(meters, "commit");
        this.notifications = wakeUps(meters, "notify");
        this.polls = wakeUps(meters, "poll");
    }

    private static Counter wakeUps(MeterRegistry meters, String cause) {
        return Counter.builder("outpost.outbox.wakeups").tag("cause", cause)
                .description("Times the outbox relay was woken, by cause (commit: in-process after this service's own commit)")
                .register(meters);
    }

    void start(@Observes StartupEvent start, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        this.connectOptions = relaySessionOptions(new PgConnectOptions(options));
        pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> {
            polls.increment();
            wakeUp();
        });
        if (!config.listen()) {
            return;
        }
        options.addProperty("application_name", application + " outbox notifications");
        subscriber = PgSubscriber.subscriber(vertx, options);
        subscriber.reconnectPolicy(retries -> 1_000L);
        subscriber.channel(NOTIFY_CHANNEL).handler(payload -> {
            notifications.increment();
            wakeUp();
        });
        subscriber.connect().subscribe().with(
                ignored -> wakeUp(),
                failure -> LOG.warnf("outbox notifications unavailable, polling every %s: %s",
                        config.pollInterval(), failure.getMessage()));
    }

    /**
     * The relay session's limits, sent as startup parameters so that they hold from its first
     * statement on: statements, row locks and open transactions are bounded by the server, and
     * keepalives let the server notice a vanished relay (and so free the leader lock) within about
     * half a minute rather than the operating system's two hours.
     */
    private PgConnectOptions relaySessionOptions(PgConnectOptions options) {
        options.addProperty("application_name", application + " outbox relay");
        options.addProperty("statement_timeout", Long.toString(config.statementTimeout().toMillis()));
        options.addProperty("lock_timeout", Long.toString(config.lockTimeout().toMillis()));
        options.addProperty("idle_in_transaction_session_timeout", Long.toString(config.statementTimeout().toMillis()));
        options.addProperty("tcp_keepalives_idle", "10");
        options.addProperty("tcp_keepalives_interval", "5");
        options.addProperty("tcp_keepalives_count", "3");
        options.setConnectTimeout((int) config.statementTimeout().toMillis());
        options.setTcpKeepAlive(true);
        options.setReconnectAttempts(0);
        return options;
    }

    void stop(@Observes ShutdownEvent stop) {
        if (pollTimer >= 0 && vertx != null) {
            vertx.cancelTimer(pollTimer);
        }
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
        PgConnection current = session;
        if (current != null) {
            current.closeAndForget();
        }
    }

    /**
     * A transaction of this process that wrote events has committed ({@link Outbox#withTransaction}):
     * publish them now. On a replica that does not lead this round only tries the leader lock; the
     * leader hears of the events through {@code NOTIFY}, which {@link Outbox#addAll} suppresses only
     * while this relay leads.
     */
    public void wakeUpAfterCommit() {
        commits.increment();
        wakeUp();
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
                    warn("outbox relay round failed while %s, the next poll retries: %s", step, describe(failure));
                    step("idle");
                    running.set(false);
                });
    }

    /**
     * Every step of a round has a limit, so a round cannot run for ever; one still running long after
     * its step's limit is a defect, said once per step as a warning naming the step, not as silence.
     */
    private void reportIfSlow() {
        long runningFor = System.nanoTime() - stepStartedNanos;
        long limit = Math.max(config.sendTimeout().toNanos(), config.statementTimeout().toNanos()) * 2 + 30_000_000_000L;
        if (!stepReported && runningFor > limit) {
            stepReported = true;
            warn("outbox relay has been %s for %d s (every step has a limit; nothing is published until it ends)", step,
                    TimeUnit.NANOSECONDS.toSeconds(runningFor));
        }
    }

    private void finishRound() {
        step("idle");
        running.set(false);
        if (wakeUp.get()) {
            wakeUp();
        }
    }

    /** The relay's last warnings (at most {@value #RECENT_WARNINGS}), oldest first: for tests and diagnosis. */
    public List<String> recentWarnings() {
        return List.copyOf(recentWarnings);
    }

    /** What the relay is doing or waiting for now ("idle" between rounds). */
    public String step() {
        return step;
    }

    /** Whether this instance holds the leader lock and publishes. */
    public boolean leading() {
        return leading;
    }

    /** Publishes batches until the outbox is empty, if this instance is the leader. */
    public Uni<Integer> drain() {
        return lead().chain(leads -> leads ? publishAll() : Uni.createFrom().item(0));
    }

    private Uni<Integer> publishAll() {
        return publishBatch().chain(count -> count < config.batchSize()
                ? Uni.createFrom().item(count)
                : publishAll().map(more -> count + more));
    }

    /** Takes the leader lock unless held already; false when another session holds it. */
    private Uni<Boolean> lead() {
        if (leading && session != null) {
            return Uni.createFrom().item(true);
        }
        return withSession("taking the leader lock", s -> s.preparedQuery("select pg_try_advisory_lock($1)")
                .execute(Tuple.of(RELAY_LOCK)))
                .chain(rows -> {
                    if (rows.iterator().next().getBoolean(0)) {
                        leading = true;
                        pendingDeletes.clear();
                        if (keptFromLeadSince != 0) {
                            LOG.infof("outbox relay: leader lock taken after %d s, publishing",
                                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - keptFromLeadSince));
                        }
                        keptFromLeadSince = 0;
                        return Uni.createFrom().item(true);
                    }
                    return reportKeptFromLead().replaceWith(false);
                });
    }

    /**
     * Another session holds the leader lock: normal for a standby replica while the leader keeps up.
     * When events have waited longer than {@code leader-warning-after} meanwhile, says who holds it.
     */
    private Uni<Void> reportKeptFromLead() {
        return withSession("reading the outbox's oldest event", s -> s.query(OLDEST_WAITING).execute())
                .chain(rows -> {
                    double waitedSeconds = rows.size() == 0 ? 0 : rows.iterator().next().getDouble(0);
                    long now = System.nanoTime();
                    if (waitedSeconds < config.leaderWarningAfter().toSeconds()) {
                        keptFromLeadSince = 0;
                        return Uni.createFrom().voidItem();
                    }
                    if (keptFromLeadSince == 0) {
                        keptFromLeadSince = now;
                    }
                    if (keptFromLeadWarned != 0 && now - keptFromLeadWarned < config.leaderWarningAfter().toNanos()) {
                        return Uni.createFrom().voidItem();
                    }
                    keptFromLeadWarned = now;
                    return withSession("reading who holds the leader lock", s -> s.preparedQuery(LEADER_LOCK_HOLDERS)
                            .execute(Tuple.of(RELAY_LOCK >>> 32, RELAY_LOCK & 0xffff_ffffL)))
                            .invoke(holders -> warn("outbox relay cannot publish: an event has waited %.0f s and the leader "
                                    + "lock is held by %s", waitedSeconds, sessions(holders)))
                            .replaceWithVoid();
                });
    }

    private Uni<Integer> publishBatch() {
        Sent earlier = outstanding;
        if (earlier != null) {
            if (!earlier.settled()) {
                // The producer answers every send within its delivery timeout; sending the rows again
                // before that would only pile copies up in the emitter's buffer.
                reportUnsettled(earlier);
                return Uni.createFrom().item(0);
            }
            outstanding = null;
            if (earlier.allAcknowledged()) {
                pendingDeletes.addAll(earlier.seqs());
            }
        }
        return deletePending().chain(() -> {
            if (pendingDeletes.size() >= MAX_PENDING_DELETES_BATCHES * config.batchSize()) {
                return Uni.createFrom().item(0); // said by deletePending's warning; resumes once the deletes go through
            }
            Long[] skip = pendingDeletes.toArray(Long[]::new);
            return withSession("selecting a batch", s -> s.preparedQuery(SELECT_BATCH)
                    .execute(Tuple.of(config.batchSize(), skip)))
                    .chain(this::publish);
        });
    }

    /** A batch handed to the producer: settled once every record was acknowledged or refused. */
    private record Sent(List<Long> seqs, List<CompletableFuture<Void>> acks, long sentAtNanos, AtomicBoolean reported) {

        boolean settled() {
            return acks.stream().allMatch(CompletableFuture::isDone);
        }

        boolean allAcknowledged() {
            return acks.stream().noneMatch(CompletableFuture::isCompletedExceptionally);
        }
    }

    private void reportUnsettled(Sent earlier) {
        long age = System.nanoTime() - earlier.sentAtNanos();
        step("waiting for the producer to settle " + earlier.seqs().size() + " events sent "
                + TimeUnit.NANOSECONDS.toSeconds(age) + " s ago");
        if (age > 2 * config.sendTimeout().toNanos() + 30_000_000_000L && earlier.reported().compareAndSet(false, true)) {
            warn("outbox relay: %d events sent %d s ago are neither acknowledged nor refused by the Kafka producer; "
                    + "nothing new is published until they are", earlier.seqs().size(), TimeUnit.NANOSECONDS.toSeconds(age));
        }
    }

    private Uni<Integer> publish(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Uni.createFrom().item(0);
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        List<Long> seqs = new ArrayList<>(rows.size());
        for (Row row : rows) {
            seqs.add(row.getLong("seq"));
            java.time.Instant written = row.getOffsetDateTime("occurred_at").toInstant();
            CompletableFuture<Void> ack = send(row);
            ack.thenRun(() -> publishLatency.record(Duration.between(written, java.time.Instant.now())));
            acks.add(ack);
        }
        Sent sent = new Sent(List.copyOf(seqs), acks, System.nanoTime(), new AtomicBoolean());
        outstanding = sent;
        step("waiting for the broker to acknowledge " + seqs.size() + " events");
        Duration limit = config.sendTimeout();
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                .ifNoItem().after(limit).failWith(() -> new TimeoutException(
                        "the broker did not acknowledge " + seqs.size() + " events within " + limit))
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure != null) {
                        warn("outbox relay: %d events not acknowledged by the broker, published again once the producer "
                                + "has settled them: %s", seqs.size(), describe(failure));
                        return Uni.createFrom().item(0);
                    }
                    outstanding = null;
                    pendingDeletes.addAll(seqs);
                    return deletePending().replaceWith(seqs.size());
                });
    }

    /**
     * Deletes the rows published and acknowledged. A delete kept waiting by another session's row
     * locks fails after {@code lock-timeout}: the rows stay owed (never published again by this
     * leader) and the warning names the sessions holding locks on the outbox.
     */
    private Uni<Void> deletePending() {
        if (pendingDeletes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Long> owed = List.copyOf(pendingDeletes);
        return withSession("deleting " + owed.size() + " published events",
                s -> s.preparedQuery(DELETE_PUBLISHED).execute(Tuple.of(owed.toArray(Long[]::new))))
                .invoke(() -> pendingDeletes.removeAll(new java.util.HashSet<>(owed)))
                .replaceWithVoid()
                .onFailure(OutboxRelay::isLockTimeout).recoverWithUni(failure -> withSession(
                        "reading who holds locks on the outbox", s -> s.query(OUTBOX_LOCK_HOLDERS).execute())
                        .invoke(holders -> warn("outbox relay: %d published events cannot be deleted yet, another session "
                                + "holds locks on the outbox: %s", owed.size(), sessions(holders)))
                        .replaceWithVoid());
    }

    private static boolean isLockTimeout(Throwable failure) {
        return failure instanceof PgException pg && "55P03".equals(pg.getSqlState());
    }

    /**
     * Runs one statement on the relay's session (connecting first if it has none), bounded on the
     * client by the statement limit plus a second. A failed or overdue statement closes the session,
     * so the leader lock it may hold is freed and the next round starts clean; a lock timeout
     * leaves it open (nothing is wrong with the session).
     */
    private <T> Uni<T> withSession(String what, java.util.function.Function<PgConnection, Uni<T>> statement) {
        Duration limit = config.statementTimeout().plusSeconds(1);
        return session()
                .chain(s -> {
                    step(what);
                    return statement.apply(s)
                            .ifNoItem().after(limit).failWith(() -> new TimeoutException(
                                    "no answer from the database within " + limit + " while " + what))
                            .onFailure(failure -> !isLockTimeout(failure)).invoke(failure -> dropSession(s));
                });
    }

    private Uni<PgConnection> session() {
        PgConnection current = session;
        if (current != null) {
            return Uni.createFrom().item(current);
        }
        step("connecting to the database");
        Duration limit = config.statementTimeout().plusSeconds(1);
        return PgConnection.connect(vertx, connectOptions)
                .ifNoItem().after(limit).failWith(() -> new TimeoutException("could not connect to the database within " + limit))
                .invoke(connected -> {
                    connected.closeHandler(() -> forget(connected));
                    session = connected;
                });
    }

    /** Closes the session (freeing the leader lock it may hold); the next round opens a new one. */
    private void dropSession(PgConnection s) {
        forget(s);
        s.closeAndForget();
    }

    private void forget(PgConnection s) {
        if (session == s) {
            session = null;
            if (leading) {
                leading = false;
                // A new leader (maybe this relay again) publishes the owed rows again: at least once.
                pendingDeletes.clear();
            }
        }
    }

    private void step(String what) {
        step = what;
        stepStartedNanos = System.nanoTime();
        stepReported = false;
    }

    private void warn(String format, Object... args) {
        String message = String.format(format, args);
        recentWarnings.addLast(message);
        while (recentWarnings.size() > RECENT_WARNINGS) {
            recentWarnings.pollFirst();
        }
        LOG.warn(message);
    }

    private static String sessions(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return "no session (it has just ended)";
        }
        List<String> described = new ArrayList<>();
        for (Row row : rows) {
            Object transaction = row.getValue("xact_start");
            described.add(String.format("pid %d (application '%s', client %s, connected %s, %s, %s, last statement: %s)",
                    row.getInteger("pid"), row.getString("application_name"), row.getValue("client_addr"),
                    row.getValue("backend_start"), row.getString("state"),
                    transaction == null ? "no transaction" : "transaction open since " + transaction, row.getString("query")));
        }
        return String.join("; ", described);
    }

    private static String describe(Throwable failure) {
        return failure instanceof TimeoutException ? failure.getMessage() : failure.toString();
    }

    private CompletableFuture<Void> send(Row row) {
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
        // The writing transaction's trace context as the parent of the connector's producer span, which
        // writes the traceparent header (TraceContext); none: empty metadata, the relay's own context.
        Message<String> message = Message.of(row.getString("payload"))
                .addMetadata(cloudEvent)
                .addMetadata(record)
                .addMetadata(TracingMetadata.withCurrent(TraceContext.parse(row.getString("trace_parent"))))
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return acked;
    }
}
