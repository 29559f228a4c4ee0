package io.outpost.kit.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The transactional outbox: an event is written to {@code outbox_event} in the caller's database
 * transaction, so it exists exactly when the state change it announces does. {@link OutboxRelay}
 * publishes it afterwards. Call it inside {@code @WithTransaction} / {@code Panache.withTransaction}.
 *
 * <p>Each row keeps the W3C {@code traceparent} of the work that wrote it ({@link TraceContext}):
 * the event's own when given ({@link Event#traceParent()}), else the current OpenTelemetry
 * context's (an HTTP request, or the inbound event {@link EventInbox} made current). The relay
 * publishes the row as a child of it, so one post's journey stays one trace across the outbox.
 */
@ApplicationScoped
public class Outbox {

    /** Seven parameters a row: far below PostgreSQL's 65,535 per statement. */
    private static final int ROWS_PER_STATEMENT = 500;

    private final ObjectMapper mapper;
    private final String source;

    public Outbox(ObjectMapper mapper, @ConfigProperty(name = "quarkus.application.name") String application) {
        this.mapper = mapper;
        this.source = "/outpost/" + application;
    }

    /**
     * Records an event to publish.
     *
     * @param topic   the Kafka topic
     * @param key     the record key: the aggregate id, so one aggregate's events stay in order
     * @param type    the CloudEvents type
     * @param payload the payload record, serialized as JSON
     * @return the event id ({@code ce_id})
     */
    public Uni<UUID> add(String topic, String key, String type, Object payload) {
        return add(new Event(topic, key, type, payload));
    }

    /** Records one event: see {@link #add(String, String, String, Object)} and {@link Event#traceParent()}. */
    public Uni<UUID> add(Event event) {
        return addAll(List.of(event)).map(ids -> ids.get(0));
    }

    /**
     * An event to record: see {@link #add}.
     *
     * @param traceParent the W3C {@code traceparent} of the work the event belongs to; null: the
     *                    current context's when the event is added. A writer that records events of
     *                    several inbound events in one transaction (a batch) passes each one's own.
     */
    public record Event(String topic, String key, String type, Object payload, String traceParent) {

        public Event(String topic, String key, String type, Object payload) {
            this(topic, key, type, payload, null);
        }
    }

    /**
     * Records several events with one multi-row statement per {@value #ROWS_PER_STATEMENT} (one
     * notification to the relay per statement); returns their ids in order.
     */
    public Uni<List<UUID>> addAll(List<Event> events) {
        List<UUID> ids = new ArrayList<>(events.size());
        List<String> payloads = new ArrayList<>(events.size());
        List<String> traceParents = new ArrayList<>(events.size());
        String current = TraceContext.current();
        for (Event event : events) {
            ids.add(UUID.randomUUID());
            String traceParent = event.traceParent() != null ? TraceContext.valid(event.traceParent()) : current;
            // Never null: nullif(:tp, '') stores SQL null, and a parameter is never sent untyped.
            traceParents.add(traceParent == null ? "" : traceParent);
            try {
                payloads.add(mapper.writeValueAsString(event.payload()));
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(new IllegalArgumentException("event payload not serializable", e));
            }
        }
        Uni<Void> written = Uni.createFrom().voidItem();
        for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
            int start = from;
            int end = Math.min(events.size(), from + ROWS_PER_STATEMENT);
            written = written.chain(() -> insert(events.subList(start, end), ids.subList(start, end), payloads.subList(start, end),
                    traceParents.subList(start, end)));
        }
        return written.replaceWith(ids);
    }

    private Uni<Void> insert(List<Event> events, List<UUID> ids, List<String> payloads, List<String> traceParents) {
        StringBuilder sql = new StringBuilder(
                "insert into outbox_event (id, topic, event_key, type, source, payload, trace_parent) values ");
        for (int i = 0; i < events.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(String.format(
                    "(:id%1$d, :topic%1$d, :key%1$d, :type%1$d, :source, :payload%1$d, nullif(:tp%1$d, ''))", i));
        }
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString()).setParameter("source", source);
            for (int i = 0; i < events.size(); i++) {
                Event event = events.get(i);
                query.setParameter("id" + i, ids.get(i))
                        .setParameter("topic" + i, event.topic())
                        .setParameter("key" + i, event.key())
                        .setParameter("type" + i, event.type())
                        .setParameter("payload" + i, payloads.get(i))
                        .setParameter("tp" + i, traceParents.get(i));
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}
