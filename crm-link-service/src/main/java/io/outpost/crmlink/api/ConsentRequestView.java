package io.outpost.crmlink.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.crmlink.store.ConsentRequestRow;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A consent request as staff see it. The page link is not part of it: the link is the person's
 * key to decide, and only the DM carries it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentRequestView(UUID id, UUID identityId, String customerId, List<String> purposes, String textVersion,
        String requestedBy, Instant requestedAt, Instant linkExpiresAt, UUID messageId, String status, Instant answeredAt) {

    static ConsentRequestView of(ConsentRequestRow r, Instant now) {
        String status = r.answeredAt != null ? "answered" : now.isBefore(r.linkExpiresAt) ? "pending" : "expired";
        return new ConsentRequestView(r.id, r.identityId, r.customerId, List.of(r.purposes.split(",")), r.textVersion,
                r.requestedBy, r.requestedAt, r.linkExpiresAt, r.messageId, status, r.answeredAt);
    }
}
