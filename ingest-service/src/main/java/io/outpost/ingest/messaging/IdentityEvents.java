package io.outpost.ingest.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.ingest.store.ErasureStore;
import io.outpost.kit.messaging.EventInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * {@code outpost.identity}: ingest-service acts on erasure requests only (it keeps no links or
 * consents); every other type on the topic, our own confirmations included, is acknowledged and
 * skipped. Idempotent through the inbox ({@code ce_id}) and, for a request sent again under a new
 * event id, through the erasure's own record ({@link ErasureStore}).
 */
@ApplicationScoped
public class IdentityEvents {

    private final EventInbox inbox;
    private final ErasureStore erasures;

    public IdentityEvents(EventInbox inbox, ErasureStore erasures) {
        this.inbox = inbox;
        this.erasures = erasures;
    }

    @Incoming("identity")
    @ActivateRequestContext
    public Uni<Void> onIdentity(Message<String> message) {
        return inbox.process(message, Map.of(EventTypes.ERASURE_REQUESTED,
                EventInbox.on(ErasureRequested.class, event -> erasures.erase(event.payload()))));
    }
}
