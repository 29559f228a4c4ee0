package io.outpost.survey.messaging;

import io.outpost.kit.messaging.EventInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Subscribes to {@code outpost.identity}, where crm-link-service will announce consent changes and
 * erasure requests (surveys stop for people who revoked or were erased). No identity event type
 * is defined yet, so every CloudEvent is acknowledged and skipped; a record that is not a
 * CloudEvent goes to {@code outpost.identity.dlq} like on every other topic.
 */
@ApplicationScoped
public class IdentityConsumer {

    private final EventInbox inbox;

    public IdentityConsumer(EventInbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("identity")
    @ActivateRequestContext
    public Uni<Void> onIdentity(Message<String> message) {
        return inbox.process(message, Map.of());
    }
}
