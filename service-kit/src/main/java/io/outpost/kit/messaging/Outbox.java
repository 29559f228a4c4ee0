package io.outpost.kit.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.kit.config.OutboxConfig;
import io.outpost.kit.sql.SqlRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
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

    private static final SqlRows<Row> ROWS = SqlRows.<Row>named("e")
            .column("id", "uuid", Row::id)
            .column("topic", "text", row -> row.event().topic())
            .column("event_key", "text", row -> row.event().key())
            .column("type", "text", row -> row.event().type())
            .column("payload", "text", Row::payload)
            .column("trace_parent", "text", Row::traceParent);
    /**
     * The rows, and {@code outpost.outbox_notify} for the rest of the transaction: "off" when the relay
     * is woken in-process after the commit, so that the insert trigger sends no {@code NOTIFY}
     * ({@code db/kit/V0_3}). The setting is made by the same statement (a one-row CTE it reads), so it
     * costs no round trip and holds before the statement's trigger runs.
     */
    private static final String INSERT = "with wake_setting as (select set_config('outpost.outbox_notify', cast(:notify as text), true))"
            + " insert into outbox_event (id, topic, event_key, type, source, payload, trace_parent)"
            + " select e.id, e.topic, e.event_key, e.type, :source, e.payload, e.trace_parent from " + ROWS.table()
            + " cross join wake_setting";

    private final ObjectMapper mapper;
    private final String source;
    private final OutboxRelay relay;
    private final boolean wakeInProcess;

    public Outbox(ObjectMapper mapper, @ConfigProperty(name = "quarkus.application.name") String application, OutboxRelay relay,
            OutboxConfig config) {
        this.mapper = mapper;
        this.source = "/outpost/" + application;
        this.relay = relay;
        this.wakeInProcess = config.wakeInProcess();
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
     * Records several events with one statement (one {@link SqlRows} insert, whatever their number);
     * returns their ids in order.
     *
     * <p>How the relay hears of them: inside {@link #withTransaction} (the inbox's transactions, and
     * any writer that uses it) the relay is woken in-process right after the commit, and while this
     * instance's relay is the leader the statement also switches the insert trigger's {@code NOTIFY}
     * off for the transaction (a transaction-local setting made in the same statement, no extra round
     * trip). Anywhere else (a {@code @WithTransaction} resource, a scheduler, another service
     * instance) the trigger notifies on commit as before, and the poll remains the last fallback.
     */
    public Uni<List<UUID>> addAll(List<Event> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Row> rows = new ArrayList<>(events.size());
        String current = TraceContext.current();
        for (Event event : events) {
            String traceParent = event.traceParent() != null ? TraceContext.valid(event.traceParent()) : current;
            try {
                rows.add(new Row(UUID.randomUUID(), event, mapper.writeValueAsString(event.payload()), traceParent));
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(new IllegalArgumentException("event payload not serializable", e));
            }
        }
        // Read on the transaction's context before the statement: whether a wake follows the commit.
        CommitWake wake = CommitWake.current();
        boolean quiet = wake != null && relay.leading();
        return Panache.getSession()
                .chain(session -> ROWS.bind(session.createNativeQuery(INSERT), rows)
                        .setParameter("source", source)
                        .setParameter("notify", quiet ? "off" : "on")
                        .executeUpdate())
                .invoke(() -> {
                    if (wake != null) {
                        wake.eventsWritten();
                    }
                })
                .replaceWith(rows.stream().map(Row::id).toList());
    }

    /**
     * Runs {@code work} in a transaction ({@code Panache.withTransaction}) and wakes the relay in-process
     * once it has committed, when the work added events: they are published at once, without the
     * PostgreSQL {@code NOTIFY} that other writers' commits send. A writer that opens its own transaction
     * uses this instead of {@code Panache.withTransaction}; inside another {@code withTransaction} of
     * this kind it joins the outer one, which wakes the relay after the outer commit. (Inside a plain
     * {@code Panache.withTransaction} it would wake before that transaction commits: the events would
     * then wait for the relay's poll. Do not nest it so.) Each call (each retry) is a transaction, and a
     * wake, of its own.
     */
    public <T> Uni<T> withTransaction(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            CommitWake wake = wakeInProcess ? CommitWake.open() : null;
            if (wake == null) {
                // An enclosing withTransaction owns the wake (this joins its transaction), or there is no
                // duplicated context to keep one on, or the wake is switched off: announced by NOTIFY.
                return Panache.withTransaction(work);
            }
            return Panache.withTransaction(work)
                    .onTermination().invoke(wake::close)
                    .invoke(() -> {
                        if (wake.wroteEvents()) {
                            relay.wakeUpAfterCommit();
                        }
                    });
        });
    }

    /** A row of {@code outbox_event} as {@link #addAll} writes it. */
    private record Row(UUID id, Event event, String payload, String traceParent) {
    }
}
