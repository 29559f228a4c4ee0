package io.outpost.survey.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.ConsentChanged;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.contracts.events.LinkConfirmed;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.survey.domain.EventsOfInterest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * {@code outpost.identity}: consent changes (surveys stop for people whose {@code surveys} consent
 * is denied, revoked or expired), erasure requests (erased people's data goes) and identity links
 * (accounts linked to one CRM customer are one person for the fatigue limit).
 * Other identity events are acknowledged and skipped; a record that is not a CloudEvent goes to
 * {@code outpost.identity.dlq}.
 */
@ApplicationScoped
public class IdentityConsumer {

    private final EventInbox inbox;
    private final PersonEvents persons;

    public IdentityConsumer(EventInbox inbox, PersonEvents persons) {
        this.inbox = inbox;
        this.persons = persons;
    }

    @Incoming("identity")
    @ActivateRequestContext
    public Uni<Void> onIdentity(Message<String> message) {
        return inbox.process(message, Map.of(
                // Consent for other purposes is acknowledged unread, before any transaction.
                EventTypes.CONSENT_CHANGED, EventInbox.on(ConsentChanged.class,
                        e -> Uni.createFrom().deferred(() -> persons.onConsentChanged(e.payload())))
                        .only(EventsOfInterest::consentToRead),
                EventTypes.ERASURE_REQUESTED, EventInbox.on(ErasureRequested.class,
                        e -> Uni.createFrom().deferred(() -> persons.onErasureRequested(e.payload()))),
                EventTypes.LINK_CONFIRMED, EventInbox.on(LinkConfirmed.class,
                        e -> Uni.createFrom().deferred(() -> persons.onLinkConfirmed(e.payload()))),
                EventTypes.LINK_REMOVED, EventInbox.on(LinkRemoved.class,
                        e -> Uni.createFrom().deferred(() -> persons.onLinkRemoved(e.payload())))));
    }
}
