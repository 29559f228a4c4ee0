package io.outpost.crmlink.store;

import io.outpost.contracts.Channel;
import io.outpost.crmlink.domain.Consent;
import io.outpost.crmlink.domain.ConsentPurpose;
import io.outpost.crmlink.domain.SocialIdentity;
import io.outpost.kit.api.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * One identity as an agent may see it, found by channel and platform user id: its id, whether a
 * confirmed link under a consent in force exists, its consents and its pending consent request. In
 * one session, so the parts agree with one another.
 */
@ApplicationScoped
public class IdentityLookupStore {

    /** What the look-up read; {@code pending} is the newest unanswered request whose link has not expired, or null. */
    public record Found(UUID identityId, boolean consentedLink, Map<ConsentPurpose, Consent> consents,
            ConsentRequestRow pending, Instant now) {
    }

    private final LinkStore links;

    public IdentityLookupStore(LinkStore links) {
        this.links = links;
    }

    @WithSession
    public Uni<Found> find(Channel channel, String platformUserId) {
        Instant now = links.now();
        return SocialIdentity.<SocialIdentity>find("channel = ?1 and platformUserId = ?2", channel.wireName(), platformUserId)
                .firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("no identity on " + channel.wireName()
                        + " for that platform user id (crm-link learns identities from their posts)"))
                .chain(identity -> ConsentRow.<ConsentRow>list("subjectId", identity.id).chain(rows -> {
                    Map<ConsentPurpose, Consent> consents = new EnumMap<>(ConsentPurpose.class);
                    rows.forEach(r -> consents.put(ConsentPurpose.fromWire(r.purpose), r.toConsent()));
                    // The same rule as GET /api/v1/links for agents: confirmed, under an identity-link consent in force.
                    Consent link = consents.get(ConsentPurpose.IDENTITY_LINK);
                    Uni<Long> confirmed = link == null || !link.grantedAt(now) ? Uni.createFrom().item(0L)
                            : IdentityLink.count("identityId = ?1 and status = 'confirmed'", identity.id);
                    return confirmed.chain(n -> ConsentRequestRow.<ConsentRequestRow>find(
                            "identityId = ?1 and answeredAt is null and linkExpiresAt > ?2 order by requestedAt desc, id desc",
                            identity.id, now).firstResult()
                            .map(pending -> new Found(identity.id, n > 0, consents, pending, now)));
                }));
    }
}
