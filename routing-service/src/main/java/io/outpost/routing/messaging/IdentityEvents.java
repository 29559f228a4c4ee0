package io.outpost.routing.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.Outbox;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.routing.store.PreferenceStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads outpost.identity for erasure requests: routing-service forgets the preferred-agent memory
 * and the customer ids on its tasks for those identities, and confirms with erasure-confirmed in
 * the same transaction. Every other type on the topic (including the confirmations of all
 * services) is skipped.
 */
@ApplicationScoped
public class IdentityEvents {

    private static final Logger LOG = Logger.getLogger(IdentityEvents.class);

    private final EventInbox inbox;
    private final PreferenceStore preferences;
    private final Outbox outbox;
    private final String service;

    public IdentityEvents(EventInbox inbox, PreferenceStore preferences, Outbox outbox,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.inbox = inbox;
        this.preferences = preferences;
        this.outbox = outbox;
        this.service = service;
    }

    @Incoming("identity")
    @ActivateRequestContext
    public Uni<Void> onIdentity(Message<String> message) {
        return inbox.process(message, Map.of(EventTypes.ERASURE_REQUESTED, EventInbox.on(ErasureRequested.class, this::erase)));
    }

    /** Runs inside the inbox's transaction. */
    Uni<Void> erase(InboundEvent<ErasureRequested> event) {
        ErasureRequested request = event.payload();
        if (request.erasureId() == null) {
            throw new PoisonEventException("erasure-requested without erasureId");
        }
        List<PreferenceStore.Customer> customers = request.identities() == null ? List.of()
                : request.identities().stream()
                        .filter(Objects::nonNull)
                        .filter(i -> i.channel() != null && i.platformUserId() != null)
                        .map(i -> new PreferenceStore.Customer(i.channel().wireName(), i.platformUserId()))
                        .toList();
        return preferences.forget(customers).chain(affected -> {
            LOG.infof("erasure %s: %d record(s) removed or anonymised", request.erasureId(), affected);
            return outbox.add(Topics.IDENTITY, request.erasureId().toString(), EventTypes.ERASURE_CONFIRMED,
                    new ErasureConfirmed(request.erasureId(), service, affected, Instant.now()));
        }).replaceWithVoid();
    }
}
