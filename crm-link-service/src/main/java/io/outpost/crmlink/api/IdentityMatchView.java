package io.outpost.crmlink.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.crmlink.domain.MatchCandidate;
import io.outpost.crmlink.domain.PersonAttributes;
import io.outpost.crmlink.domain.ProfileLocation;
import io.outpost.crmlink.domain.SocialIdentity;
import io.outpost.crmlink.store.RevealedAttributeStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The match candidates of a stored identity: what it tells about its person ({@code person}, the
 * attributes matched) with where each value came from ({@code sources}), and the candidates.
 *
 * @param evaluationId the id of this evaluation's {@code match.evaluated} audit entry
 */
public record IdentityMatchView(UUID evaluationId, UUID identityId, PersonAttributes person, List<Source> sources,
        List<MatchCandidate> candidates) {

    /**
     * Where a value came from: {@code display-name}, {@code profile} (the locality or region read from
     * the profile's location; {@code revealedAt} is when that profile was seen) or {@code private-message}
     * (with the platform's message id and its time).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String attribute, String value, String source, String messageId, Instant revealedAt) {
    }

    static IdentityMatchView of(UUID evaluationId, SocialIdentity identity, PersonAttributes person, ProfileLocation location,
            List<RevealedAttributeStore.Stored> revealed, List<MatchCandidate> candidates) {
        List<Source> sources = new ArrayList<>();
        if (person.givenName() != null) {
            sources.add(new Source("givenName", person.givenName(), "display-name", null, null));
        }
        if (person.familyName() != null) {
            sources.add(new Source("familyName", person.familyName(), "display-name", null, null));
        }
        if (location.locality() != null) {
            sources.add(new Source("locality", location.locality(), "profile", null, identity.profileSeenAt));
        }
        if (location.region() != null) {
            sources.add(new Source("region", location.region(), "profile", null, identity.profileSeenAt));
        }
        for (RevealedAttributeStore.Stored r : revealed) {
            sources.add(new Source(r.kind().wireName(), r.value(), "private-message", r.messageId(), r.revealedAt()));
        }
        return new IdentityMatchView(evaluationId, identity.id, person, sources, candidates);
    }
}
