package io.outpost.kit.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The transactional outbox: an event is written to {@code outbox_event} in the caller's database
 * transaction, so it exists exactly when the state change it announces does. {@link OutboxRelay}
 * publishes it afterwards. Call it inside {@code @WithTransaction} / {@code Panache.withTransaction}.
 */
@ApplicationScoped
public class Outbox {

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
        UUID id = UUID.randomUUID();
        String json;
        try {
            json = mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("event payload not serializable", e));
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                        "insert into outbox_event (id, topic, event_key, type, source, payload) "
                                + "values (:id, :topic, :key, :type, :source, :payload)")
                        .setParameter("id", id)
                        .setParameter("topic", topic)
                        .setParameter("key", key)
                        .setParameter("type", type)
                        .setParameter("source", source)
                        .setParameter("payload", json)
                        .executeUpdate())
                .replaceWith(id);
    }
}
