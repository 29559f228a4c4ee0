package io.outpost.crmlink.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.crmlink.domain.ConsentOverview;
import io.outpost.crmlink.store.IdentityLookupStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An identity as an agent may see it (GET /api/v1/identities/lookup): enough to ask for consent and
 * to show where that stands. Never the customer, match candidates, profile or what the person revealed.
 */
public record IdentityLookupView(UUID identityId, boolean consentedLink, List<ConsentOverview.PurposeState> consents,
        PendingRequest pendingRequest) {

    /** The newest consent request still waiting for an answer: when it was sent and until when its link works. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PendingRequest(UUID id, List<String> purposes, Instant requestedAt, Instant linkExpiresAt) {
    }

    static IdentityLookupView of(IdentityLookupStore.Found f) {
        PendingRequest pending = f.pending() == null ? null
                : new PendingRequest(f.pending().id, List.of(f.pending().purposes.split(",")), f.pending().requestedAt,
                        f.pending().linkExpiresAt);
        return new IdentityLookupView(f.identityId(), f.consentedLink(), ConsentOverview.of(f.consents(), f.now()), pending);
    }
}
