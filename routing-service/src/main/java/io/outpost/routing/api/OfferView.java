package io.outpost.routing.api;

import io.outpost.routing.domain.Assignment;
import java.time.Instant;
import java.util.UUID;

/**
 * An offer of a case to an agent.
 *
 * @param state       offered (open until {@code expiresAt}) or accepted
 * @param releasedAt  set when the offer ended without being accepted, with {@code releaseReason}
 */
public record OfferView(UUID offerId, UUID caseId, UUID agentId, String channel, String state, Instant offeredAt,
        Instant expiresAt, Instant acceptedAt, Instant releasedAt, String releaseReason, String reason) {

    static OfferView of(Assignment a) {
        return new OfferView(a.id, a.caseId, a.agentId, a.channel, a.state, a.assignedAt, a.offerExpiresAt, a.acceptedAt,
                a.releasedAt, a.releaseReason, a.reason);
    }
}
