package io.outpost.kit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.kit.sql.SqlRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The idempotent consumer: a record's event id is stored in {@code processed_event} in the same
 * transaction as the handler's effect, so a redelivered event changes nothing. Unreadable records
 * go to the dead-letter topic (the channel's failure strategy); outages are retried until they end.
 *
 * <p>While a handler of one event runs, the event's trace context ({@link InboundEvent#traceParent()})
 * is the current OpenTelemetry context, so the events it writes to the {@link Outbox} continue
 * its trace. A handler given several events at once ({@link Handler#together}) has no one current
 * trace: it passes each event's own to the outbox ({@link Outbox.Event#traceParent()}).
 *
 * <p>Every transaction is opened by {@link Outbox#withTransaction}: the events a handler writes are
 * published as soon as the transaction commits (the relay woken in-process; no {@code NOTIFY} while
 * this instance's relay leads).
 */
@ApplicationScoped
public class EventInbox {

    private static final Logger LOG = Logger.getLogger(EventInbox.class);
    private static final int ATTEMPTS_FOR_UNKNOWN_FAILURES = 3;

    /** The event ids of a run, as one array parameter ({@link #claim}). */
    private static final SqlRows<String> EVENT_IDS = SqlRows.<String>named("claimed").column("event_id", "text", id -> id);
    private static final String CLAIM = "insert into processed_event (event_id) select claimed.event_id from "
            + EVENT_IDS.table() + " on conflict do nothing returning event_id";

    private final ObjectMapper mapper;
    /** Opens the inbox's transactions, so that the relay publishes their events as soon as they commit. */
    private final Outbox outbox;
    /** How many events a batch consumer's transactions carry: 1 means batching does nothing. */
    private final DistributionSummary eventsTogether;
    private final MeterRegistry meters;

    public EventInbox(ObjectMapper mapper, MeterRegistry meters, Outbox outbox) {
        this.mapper = mapper;
        this.outbox = outbox;
        this.meters = meters;
        this.eventsTogether = DistributionSummary.builder("outpost.inbox.events.together")
                .description("Events of one poll processed together in one transaction (EventInbox.processBatch)")
                .register(meters);
    }

    /**
     * A handler for one event type: the payload class and the effect, run inside the transaction;
     * optionally ({@link #together}) an effect for a run of consecutive events of this type read in
     * one poll, which {@link #processBatch} hands over at once instead of one by one.
     *
     * @param relevant            which events the effect does anything with; the others are
     *                            acknowledged as soon as they are read, with no transaction and no
     *                            {@code processed_event} row ({@link #only})
     * @param withoutInboxRow     the effect itself is idempotent by a key of its own, so no
     *                            {@code processed_event} row is written ({@link #idempotentByOwnKey()}; the
     *                            component has its own name: a record accessor cannot share the option's)
     */
    public record Handler<T>(Class<T> payloadType, Function<InboundEvent<T>, Uni<Void>> effect,
            Function<List<InboundEvent<T>>, Uni<Void>> effectTogether, Predicate<T> relevant, boolean withoutInboxRow) {

        /** The same handler, with an effect for several events of this type at once (same transaction rules). */
        public Handler<T> together(Function<List<InboundEvent<T>>, Uni<Void>> effectOnRun) {
            return new Handler<>(payloadType, effect, effectOnRun, relevant, withoutInboxRow);
        }

        /**
         * The same handler for only the events whose payload passes {@code test}: the others (a
         * public post for a consumer of private messages, an echo of the service's own decision)
         * are acknowledged right after parsing, before any transaction, and counted as
         * {@code skipped}. The test must be pure and cheap; an event it lets through still goes to
         * the effect, which keeps its own checks (a broken payload is still dead-lettered there).
         */
        public Handler<T> only(Predicate<T> test) {
            Predicate<T> both = relevant == null ? test : relevant.and(test);
            return new Handler<>(payloadType, effect, effectTogether, both, withoutInboxRow);
        }

        /**
         * The same handler with no {@code processed_event} row: for an effect that is idempotent by
         * a key of its own (a case per post, a task per case, a survey per case, an upsert), so that
         * a redelivered event finds its effect done and changes nothing, emitting no event again.
         * The handler's own tests must show that (a redelivery test per handler); duplicates are
         * then counted as {@code processed}, since the inbox no longer tells them apart.
         */
        public Handler<T> idempotentByOwnKey() {
            return new Handler<>(payloadType, effect, effectTogether, relevant, true);
        }

        boolean skips(InboundEvent<?> event) {
            @SuppressWarnings("unchecked")
            T payload = (T) event.payload();
            return relevant != null && !relevant.test(payload);
        }
    }

    public static <T> Handler<T> on(Class<T> payloadType, Function<InboundEvent<T>, Uni<Void>> effect) {
        return new Handler<>(payloadType, effect, null, null, false);
    }

    /** A readable record of a batch: its message, its event and the handler for its type. */
    private record Read(Message<?> message, InboundEvent<?> event, Handler<?> handler) {
    }

    /**
     * Processes one record with the handler registered for its CloudEvents type; types without a
     * handler are acknowledged and skipped (a topic carries several types).
     */
    public Uni<Void> process(Message<String> message, Map<String, Handler<?>> handlers) {
        Optional<IncomingCloudEventMetadata> ce = message.getMetadata(IncomingCloudEventMetadata.class);
        if (ce.isEmpty()) {
            return poison(message, new PoisonEventException("not a CloudEvent: no ce_id/ce_type headers"));
        }
        Handler<?> handler = handlers.get(ce.get().getType());
        if (handler == null) {
            return Uni.createFrom().completionStage(message.ack());
        }
        InboundEvent<?> event;
        try {
            event = parse(message, ce.get(), handler);
        } catch (PoisonEventException e) {
            return poison(message, e);
        }
        if (handler.skips(event)) {
            return skip(message, event);
        }
        return settle(message, event.type() + " " + event.id(), () -> runOnce(event, handler));
    }

    /** An event the handler has no use for ({@link Handler#only}): acknowledged, no transaction. */
    private Uni<Void> skip(Message<?> message, InboundEvent<?> event) {
        counted(event.type(), "skipped");
        return Uni.createFrom().completionStage(message.ack());
    }

    /**
     * Runs a record's work until it is done, then acknowledges the record: an outage (a
     * {@link TransientFailures transient} failure) is retried until it ends, anything else a few
     * times; a record that still fails, or whose work throws {@link PoisonEventException}, goes to
     * the dead-letter topic. {@code work} is called again for every attempt, so each runs in a
     * transaction of its own.
     */
    public Uni<Void> settle(Message<?> message, String what, Supplier<Uni<? extends Void>> work) {
        // A retry's back-off resumes on a timer thread, where Hibernate Reactive finds no Vert.x
        // context: every attempt is sent back to the caller's.
        Context context = Vertx.currentContext();
        return untilOutageEnds(() -> onContext(context, work), what)
                .onFailure(failure -> !(failure instanceof PoisonEventException))
                .retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(ATTEMPTS_FOR_UNKNOWN_FAILURES - 1)
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(failure -> poison(message, failure));
    }

    /**
     * Runs {@code work} (called again for each attempt) until it does not fail with a
     * {@link TransientFailures transient} failure: an outage of the database or the broker is
     * waited out with back-off, however long it lasts. Each retry is logged, so a record that never
     * gets through (and holds its partition) shows in the log rather than as silence. Other failures
     * pass through.
     */
    public static <T> Uni<T> untilOutageEnds(Supplier<Uni<? extends T>> work, String what) {
        return Uni.createFrom().<T>deferred(work)
                .onFailure(TransientFailures::isTransient).invoke(failure -> LOG.warnf(
                        "%s: transient failure, retrying: %s", what, failure.toString()))
                .onFailure(TransientFailures::isTransient)
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).withJitter(0.2).indefinitely();
    }

    /**
     * Processes the records of one poll ({@code batch=true} channels), in the order read: a run of
     * consecutive events of a type whose handler has an {@linkplain Handler#together effect together}
     * goes to it at once, in one transaction (one multi-row insert into {@code processed_event}
     * tells which of them are new); every other event is processed alone, exactly as
     * {@link #process} does. A transaction thus carries one handler's work, as before, and a
     * handler's locking rules hold unchanged. Unreadable records go to the dead-letter topic first;
     * an outage is waited out; should a run's transaction fail otherwise, its records are processed
     * one by one, so that one bad event is dead-lettered without the others. Each record is
     * acknowledged (or dead-lettered) exactly once.
     */
    public Uni<Void> processBatch(KafkaRecordBatch<String, String> batch, Map<String, Handler<?>> handlers) {
        // Each poll's own (duplicated) context, on which Hibernate Reactive keeps the poll's session.
        Context context = Vertx.currentContext();
        List<Read> readable = new ArrayList<>();
        List<Uni<Void>> settled = new ArrayList<>();
        for (KafkaRecord<String, String> message : batch.getRecords()) {
            Optional<IncomingCloudEventMetadata> ce = message.getMetadata(IncomingCloudEventMetadata.class);
            if (ce.isEmpty()) {
                settled.add(poison(message, new PoisonEventException("not a CloudEvent: no ce_id/ce_type headers")));
                continue;
            }
            Handler<?> handler = handlers.get(ce.get().getType());
            if (handler == null) {
                settled.add(Uni.createFrom().completionStage(message.ack()));
                continue;
            }
            try {
                InboundEvent<?> event = parse(message, ce.get(), handler);
                if (handler.skips(event)) {
                    settled.add(skip(message, event));
                } else {
                    readable.add(new Read(message, event, handler));
                }
            } catch (PoisonEventException e) {
                settled.add(poison(message, e));
            }
        }
        Uni<Void> done = settled.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(settled).andCollectFailures().replaceWithVoid();
        int i = 0;
        while (i < readable.size()) {
            Read read = readable.get(i);
            if (read.handler().effectTogether() == null) {
                i++;
                done = done.chain(() -> processAlone(read, context));
                continue;
            }
            List<Read> run = new ArrayList<>();
            while (i < readable.size() && readable.get(i).handler() == read.handler()) {
                run.add(readable.get(i++));
            }
            // A run of one goes the single-event way: one plain insert into processed_event (or none)
            // and the handler's single effect, cheaper than the set-based one for one event.
            done = run.size() == 1 ? done.chain(() -> processAlone(run.get(0), context))
                    : done.chain(() -> processTogether(run, context));
        }
        return done;
    }

    /** One record, exactly as {@link #process} does it. */
    private Uni<Void> processAlone(Read read, Context context) {
        return onContext(context, () -> settle(read.message(), read.event().type() + " " + read.event().id(),
                () -> runOnce(read.event(), read.handler())));
    }

    /** A run of one together-handler's events in one transaction; one by one should that fail. */
    private Uni<Void> processTogether(List<Read> run, Context context) {
        return untilOutageEnds(() -> onContext(context, () -> runTogetherOnce(run)), run.size() + " events")
                .invoke(() -> eventsTogether.record(run.size()))
                .chain(() -> Multi.createFrom().iterable(run)
                        .onItem().transformToUniAndConcatenate(read -> Uni.createFrom().completionStage(read.message().ack()))
                        .collect().last().replaceWithVoid())
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("%d events failed together (%s); processing them one by one", run.size(), failure.toString());
                    return Multi.createFrom().iterable(run).onItem().transformToUniAndConcatenate(read -> processAlone(read, context))
                            .collect().last().replaceWithVoid();
                });
    }

    /**
     * Subscribes to {@code work} on the given Vert.x context (each subscription anew), wherever the
     * caller resumed: Hibernate Reactive's session lives on the consumer's (duplicated) context, and
     * an acknowledgement, a dead letter or a retry's back-off may continue on another thread.
     * Without a context (a plain thread) the work runs where it is subscribed.
     */
    public static <T> Uni<T> onContext(Context context, Supplier<Uni<? extends T>> work) {
        Uni<T> deferred = Uni.createFrom().<T>deferred(work);
        return context == null ? deferred : deferred.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private Uni<Void> runTogetherOnce(List<Read> run) {
        List<String> ids = run.stream().map(read -> read.event().id()).distinct().toList();
        Function together = run.get(0).handler().effectTogether();
        boolean claimed = !run.get(0).handler().withoutInboxRow();
        return outbox.withTransaction(() -> (claimed ? claim(ids) : Uni.createFrom().item(Set.copyOf(ids))).chain(fresh -> {
            // Processed before, or read twice in this poll: skipped.
            Set<String> seen = new HashSet<>();
            List<InboundEvent<?>> toApply = run.stream().map(Read::event)
                    .filter(event -> fresh.contains(event.id()) && seen.add(event.id()))
                    .toList();
            Uni<Void> applied = toApply.isEmpty() ? Uni.createFrom().voidItem() : (Uni<Void>) together.apply(toApply);
            return applied.invoke(() -> {
                toApply.forEach(event -> counted(event.type(), "processed"));
                for (int i = toApply.size(); i < run.size(); i++) {
                    counted(run.get(0).event().type(), "duplicate");
                }
            });
        }));
    }

    /**
     * Records the event ids as processed, in the caller's transaction; returns those that were not yet. For a
     * handler made {@link Handler#idempotentByOwnKey()} that serves several event types of which some still
     * need the row (case-service's {@code InPollOrder}: a customer's post is idempotent by its post, a
     * post.deleted is not): it claims those itself, with the statement the inbox uses.
     */
    public static Uni<Set<String>> recordProcessed(List<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(Set.of()) : claim(ids);
    }

    private static Uni<Set<String>> claim(List<String> ids) {
        return Panache.getSession()
                .chain(session -> EVENT_IDS.bind(session.createNativeQuery(CLAIM, String.class), ids).getResultList())
                .map(HashSet::new);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private Uni<Void> runOnce(InboundEvent<?> event, Handler<?> handler) {
        Function effect = handler.effect();
        if (handler.withoutInboxRow()) {
            return outbox.withTransaction(() -> TraceContext.<Void>within(event.traceParent(), () -> (Uni<Void>) effect.apply(event))
                    .invoke(() -> counted(event.type(), "processed")));
        }
        return outbox.withTransaction(() -> Panache.getSession()
                .chain(session -> session
                        .createNativeQuery("insert into processed_event (event_id) values (:id) on conflict do nothing")
                        .setParameter("id", event.id())
                        .executeUpdate())
                .chain(inserted -> inserted == 1
                        ? TraceContext.<Void>within(event.traceParent(), () -> (Uni<Void>) effect.apply(event))
                                .invoke(() -> counted(event.type(), "processed"))
                        : Uni.createFrom().voidItem().invoke(() -> counted(event.type(), "duplicate"))));
    }

    private <T> InboundEvent<T> parse(Message<String> message, IncomingCloudEventMetadata<?> ce, Handler<T> handler) {
        String key = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getKey() == null ? null : m.getKey().toString())
                .orElse(null);
        T payload;
        try {
            String json = message.getPayload();
            if (json == null || json.isBlank()) {
                throw new PoisonEventException("empty payload");
            }
            payload = mapper.readValue(json, handler.payloadType());
        } catch (PoisonEventException e) {
            throw e;
        } catch (Exception e) {
            throw new PoisonEventException("unreadable " + ce.getType() + " payload: " + e.getMessage(), e);
        }
        return new InboundEvent<>(ce.getId(), ce.getType(), ce.getSource() == null ? null : ce.getSource().toString(),
                ce.getTimeStamp().orElse(null), key, payload, traceParent(message));
    }

    /**
     * The record's trace context: the connector's consumer span (a child of the producer's, when
     * SmallRye's Kafka tracing is on), else the {@code traceparent} header as it arrived; null without.
     */
    static String traceParent(Message<?> message) {
        String consumerSpan = message.getMetadata(TracingMetadata.class).map(TracingMetadata::getCurrentContext)
                .map(TraceContext::of).orElse(null);
        if (consumerSpan != null) {
            return consumerSpan;
        }
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> TraceContext.fromHeaders(m.getHeaders()))
                .orElse(null);
    }

    /**
     * Counts an event's outcome: {@code outpost.inbox.events} by CloudEvents type and outcome
     * (processed, duplicate, skipped, dead-lettered). Counted after the transaction's work ran; a transaction
     * that then fails to commit is retried and counted again, so the counts are of attempts that
     * reached commit, a close upper bound.
     */
    private void counted(String type, String outcome) {
        meters.counter("outpost.inbox.events", "type", type == null ? "unknown" : type, "outcome", outcome).increment();
    }

    private Uni<Void> poison(Message<?> message, Throwable failure) {
        LOG.warnf("event sent to the dead-letter topic: %s", failure.getMessage());
        counted(message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getType).orElse(null),
                "dead-lettered");
        return Uni.createFrom().completionStage(message.nack(failure));
    }
}
