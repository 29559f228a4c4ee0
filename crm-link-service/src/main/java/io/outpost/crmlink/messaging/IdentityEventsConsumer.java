package io.outpost.crmlink.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.crmlink.store.ErasureStore;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.PoisonEventException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Collects erasure confirmations from {@code outpost.identity} (this service's own topic: the
 * contract routes confirmations there, keyed by erasure id). Every other type on the topic —
 * including what this service published itself — is acknowledged and skipped by the inbox.
 */
@ApplicationScoped
public class IdentityEventsConsumer {

    private final EventInbox inbox;
    private final ErasureStore erasures;

    public IdentityEventsConsumer(EventInbox inbox, ErasureStore erasures) {
        this.inbox = inbox;
        this.erasures = erasures;
    }

    @Incoming("identity")
    @ActivateRequestContext
    public Uni<Void> onIdentityEvent(Message<String> message) {
        return inbox.process(message, Map.of(EventTypes.ERASURE_CONFIRMED, EventInbox.on(ErasureConfirmed.class, event -> {
            ErasureConfirmed c = event.payload();
            if (c.erasureId() == null || c.service() == null || c.service().isBlank() || c.confirmedAt() == null
                    || c.recordsAffected() < 0) {
                return Uni.createFrom().failure(new PoisonEventException(
                        "erasure-confirmed " + event.id() + " lacks erasureId, service or confirmedAt"));
            }
            return erasures.confirm(c);
        })));
    }
}
