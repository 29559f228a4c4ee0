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
 */
final class InPollOrder {

    private record Typed<T>(Class<T> payloadType, Function<InboundEvent<T>, Uni<Void>> effect) {
    }

    private final ObjectMapper mapper;
    private final Map<String, Typed<?>> byType = new LinkedHashMap<>();
    private Function<List<InboundEvent<JsonNode>>, Uni<Void>> first = events -> Uni.createFrom().voidItem();
    private boolean clearBetween;

    InPollOrder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    <T> InPollOrder on(String type, Class<T> payloadType, Function<InboundEvent<T>, Uni<Void>> effect) {
        byType.put(type, new Typed<>(payloadType, effect));
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

    /** The handlers for {@link EventInbox#processBatch}: one for every type, so that they form one run. */
    Map<String, EventInbox.Handler<?>> handlers() {
        EventInbox.Handler<JsonNode> handler = EventInbox.on(JsonNode.class, this::one).together(this::all);
        Map<String, EventInbox.Handler<?>> handlers = new LinkedHashMap<>();
        byType.keySet().forEach(type -> handlers.put(type, handler));
        return Map.copyOf(handlers);
    }

    /** Inside the inbox's transaction: the run's events, in the order read. */
    private Uni<Void> all(List<InboundEvent<JsonNode>> events) {
        return first.apply(events).chain(() -> Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> TraceContext.<Void>within(event.traceParent(), () -> one(event))
                        .chain(() -> clearBetween ? Panache.getSession().chain(session -> session.flush()
                                .invoke(session::clear)) : Uni.createFrom().voidItem()))
                .collect().last().replaceWithVoid());
    }

    /** One event (alone, or the inbox's one-by-one processing after a run failed): inside its transaction. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private Uni<Void> one(InboundEvent<JsonNode> event) {
        Typed typed = byType.get(event.type());
        Object payload = payload(event, typed.payloadType());
        return (Uni<Void>) typed.effect().apply(new InboundEvent<>(event.id(), event.type(), event.source(), event.time(),
                event.key(), payload, event.traceParent()));
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
