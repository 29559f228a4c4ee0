package io.outpost.crmlink.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.crmlink.store.IdentityLink;
import java.time.Instant;
import java.util.UUID;

/** A link from a social identity to a CRM customer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinkView(UUID id, UUID identityId, String customerId, String status, Instant createdAt, String createdBy,
        Instant confirmedAt, String confirmedBy, Instant removedAt, String removedBy, String removalReason, String note) {

    public static LinkView of(IdentityLink l) {
        return new LinkView(l.id, l.identityId, l.customerId, l.status, l.createdAt, l.createdBy, l.confirmedAt,
                l.confirmedBy, l.removedAt, l.removedBy, l.removalReason, l.note);
    }
}
