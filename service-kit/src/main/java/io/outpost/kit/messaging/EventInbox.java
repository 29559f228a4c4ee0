package io.outpost.kit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The idempotent consumer: a record's event id is stored in {@code processed_event} in the same
 * transaction as the handler's effect, so a redelivered event changes nothing. Unreadable records
 * go to the dead-letter topic (the channel's failure strategy); outages are retried until they end.
 */
@ApplicationScoped
public class EventInbox {

    private static final Logger LOG = Logger.getLogger(EventInbox.class);
    private static final int ATTEMPTS_FOR_UNKNOWN_FAILURES = 3;

    private final ObjectMapper mapper;

    public EventInbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A handler for one event type: the payload class and the effect, run inside the transaction. */
    public record Handler<T>(Class<T> payloadType, Function<InboundEvent<T>, Uni<Void>> effect) {
    }

    public static <T> Handler<T> on(Class<T> payloadType, Function<InboundEvent<T>, Uni<Void>> effect) {
        return new Handler<>(payloadType, effect);
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
        return settle(message, event.type() + " " + event.id(), () -> runOnce(event, handler));
    }

    /**
     * Runs a record's work until it is done, then acknowledges the record: an outage (a
     * {@link TransientFailures transient} failure) is retried until it ends, anything else a few
     * times; a record that still fails, or whose work throws {@link PoisonEventException}, goes to
     * the dead-letter topic. {@code work} is called again for every attempt, so each runs in a
     * transaction of its own.
     */
    public Uni<Void> settle(Message<?> message, String what, Supplier<Uni<? extends Void>> work) {
        return untilOutageEnds(work, what)
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

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private Uni<Void> runOnce(InboundEvent<?> event, Handler<?> handler) {
        Function effect = handler.effect();
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session
                        .createNativeQuery("insert into processed_event (event_id) values (:id) on conflict do nothing")
                        .setParameter("id", event.id())
                        .executeUpdate())
                .chain(inserted -> inserted == 1
                        ? (Uni<Void>) effect.apply(event)
                        : Uni.createFrom().voidItem()));
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
                ce.getTimeStamp().orElse(null), key, payload);
    }

    private Uni<Void> poison(Message<?> message, Throwable failure) {
        LOG.warnf("event sent to the dead-letter topic: %s", failure.getMessage());
        return Uni.createFrom().completionStage(message.nack(failure));
    }
}
