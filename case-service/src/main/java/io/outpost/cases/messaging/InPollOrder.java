package io.outpost.cases.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.kit.messaging.TraceContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Several event types of one channel as one handler of service-kit's {@link EventInbox#processBatch}, so
 * that a poll's records form one run whatever their types (the inbox runs consecutive events of one
 * handler together): one transaction and one multi-row {@code processed_event} insert per poll, the
 * events applied one after the other in the order read, so the records of one key stay in order. Each
 * event is applied with its own trace context current, as the inbox does for one event.
 *
 * <p>The inbox reads every record as JSON (an unreadable one is dead-lettered before the run); the
 * payload of the record's type is read here, inside the run: a payload that does not fit its type fails
 * the run with {@link PoisonEventException}, and the inbox then processes the poll's records one by one,
 * so that only that record is dead-lettered.
 *
 * <p>A type may be idempotent by a key of its own for some of its events ({@link #onIdempotentByOwnKey}, issue 19):
 * the inbox then writes no {@code processed_event} row for the run, and this class writes the rows of the events
 * that still need one, in one statement, leaving out those that had one.
 */
final class InPollOrder {

    /**
     * A type's payload and effect; {@code ownKey}: which of its events the effect is idempotent for by a key of
     * its own (no {@code processed_event} row), null when every one keeps the row.
     */
    private record Typed<T>(Class<T> payloadType, Function<InboundEvent<T>, Uni<Void>> effect, Predicate<T> ownKey) {

        boolean needsRow(Object payload) {
            @SuppressWarnings("unchecked")
            T typed = (T) payload;
            return ownKey == null || !ownKey.test(typed);
        }
    }

    /** An event of the run with its payload read as its type's. */
    private record Read(InboundEvent<JsonNode> event, Typed<?> typed, Object payload) {

        boolean needsRow() {
            return typed.needsRow(payload);
        }
    }

    private final ObjectMapper mapper;
    private final Map<String, Typed<?>> byType = new LinkedHashMap<>();
    private Function<List<InboundEvent<JsonNode>>, Uni<Void>> first = events -> Uni.createFrom().voidItem();
    private boolean clearBetween;

    InPollOrder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    <T> InPollOrder on(String type, Class<T> payloadType, Function<InboundEvent<T>, Uni<Void>> effect) {
        byType.put(type, new Typed<>(payloadType, effect, null));
        return this;
    }

    /**
     * A type whose effect is idempotent by a key of its own for the events that pass {@code ownKey} (issue 19):
     * those get no {@code processed_event} row; the type's other events, and every other type's, still do. The
     * effect's tests must show that such an event delivered again changes nothing and publishes nothing.
     */
    <T> InPollOrder onIdempotentByOwnKey(String type, Class<T> payloadType, Predicate<T> ownKey,
            Function<InboundEvent<T>, Uni<Void>> effect) {
        byType.put(type, new Typed<>(payloadType, effect, ownKey));
        return this;
    }

    /**
     * Work done once per run before its events are applied, in the same transaction (e.g. loading the
     * rows the run will touch in one statement). It must change nothing an event's effect would not.
     */
    InPollOrder first(Function<List<InboundEvent<JsonNode>>, Uni<Void>> work) {
        this.first = work;
        return this;
    }

    /**
     * After each event: its changes flushed and the session emptied. Hibernate checks every entity of the
     * session for changes before each query (auto-flush), so a poll's entities, kept to its end, make each
     * later look-up slower (quadratic in the poll's size); an effect that loads what it needs by query
     * loses nothing. Not with {@link #first}, whose loaded rows the effects are to find in the session.
     */
    InPollOrder clearBetween() {
        this.clearBetween = true;
        return this;
    }

    /**
     * The handlers for {@link EventInbox#processBatch}: one for every type, so that they form one run. When a type
     * is idempotent by its own key, the inbox writes no {@code processed_event} row for the run and the rows of
     * the events that need one are written here, in the same transaction and statement shape.
     */
    Map<String, EventInbox.Handler<?>> handlers() {
        EventInbox.Handler<JsonNode> inboxClaims = EventInbox.on(JsonNode.class, this::one).together(this::all);
        EventInbox.Handler<JsonNode> handler = claimsItself() ? inboxClaims.idempotentByOwnKey() : inboxClaims;
        Map<String, EventInbox.Handler<?>> handlers = new LinkedHashMap<>();
        byType.keySet().forEach(type -> handlers.put(type, handler));
        return Map.copyOf(handlers);
    }

    /** Whether some events go without the inbox's row, so this class writes the others'. */
    private boolean claimsItself() {
        return byType.values().stream().anyMatch(typed -> typed.ownKey() != null);
    }

    /**
     * Inside the inbox's transaction: the run's events, in the order read; those that need a
     * {@code processed_event} row and had one already (delivered again) are left out.
     */
    private Uni<Void> all(List<InboundEvent<JsonNode>> events) {
        // Deferred: a payload that does not fit its type fails the returned Uni, as an effect's failure does.
        return Uni.createFrom().deferred(() -> fresh(events.stream().map(this::read).toList())).chain(toApply -> first.apply(toApply.stream().map(Read::event).toList())
                .chain(() -> Multi.createFrom().iterable(toApply)
                        .onItem().transformToUniAndConcatenate(read -> TraceContext.<Void>within(read.event().traceParent(),
                                () -> apply(read))
                                .chain(() -> clearBetween ? Panache.getSession().chain(session -> session.flush()
                                        .invoke(session::clear)) : Uni.createFrom().voidItem()))
                        .collect().last().replaceWithVoid()));
    }

    /** One event (alone, or the inbox's one-by-one processing after a run failed): inside its transaction. */
    private Uni<Void> one(InboundEvent<JsonNode> event) {
        return Uni.createFrom().deferred(() -> fresh(List.of(read(event))))
                .chain(toApply -> toApply.isEmpty() ? Uni.createFrom().voidItem() : apply(toApply.get(0)));
    }

    /**
     * The reads to apply: all of them when the inbox wrote the rows; else those idempotent by their own key and
     * those whose row this inserts now (one statement for the run).
     */
    private Uni<List<Read>> fresh(List<Read> reads) {
        if (!claimsItself()) {
            return Uni.createFrom().item(reads);
        }
        List<String> needRows = reads.stream().filter(Read::needsRow).map(read -> read.event().id()).distinct().toList();
        return EventInbox.recordProcessed(needRows).map(recorded -> reads.stream()
                .filter(read -> !read.needsRow() || recorded.contains(read.event().id()))
                .toList());
    }

    private Read read(InboundEvent<JsonNode> event) {
        Typed<?> typed = byType.get(event.type());
        return new Read(event, typed, payload(event, typed.payloadType()));
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private Uni<Void> apply(Read read) {
        InboundEvent<JsonNode> event = read.event();
        return (Uni<Void>) ((Typed) read.typed()).effect().apply(new InboundEvent<>(event.id(), event.type(), event.source(),
                event.time(), event.key(), read.payload(), event.traceParent()));
    }

    private Object payload(InboundEvent<JsonNode> event, Class<?> payloadType) {
        JsonNode json = event.payload();
        if (json == null || json.isNull() || json.isMissingNode()) {
            throw new PoisonEventException("empty payload");
        }
        try {
            Object payload = mapper.treeToValue(json, payloadType);
            if (payload == null) {
                throw new PoisonEventException("empty payload");
            }
            return payload;
        } catch (PoisonEventException e) {
            throw e;
        } catch (Exception e) {
            throw new PoisonEventException("unreadable " + event.type() + " payload: " + e.getMessage(), e);
        }
    }
}
