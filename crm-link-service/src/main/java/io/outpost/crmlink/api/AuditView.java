package io.outpost.crmlink.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Audit log entries, newest first. */
public record AuditView(List<Entry> items,
        @Schema(description = "Pass as cursor for the next page; null on the last page") String nextCursor) {

    /**
     * @param action   consent.requested, consent.granted, consent.denied, consent.revoked, consent.expired,
     *                 link.suggested, link.confirmed, link.removed, erasure.requested, match.evaluated
     * @param subject  the social identity id; for erasure.requested the erasure's id, for match.evaluated of a
     *                 person described in the request the evaluation's own id
     * @param reason   why, as the actor said
     * @param evidence what the change rests on (JSON)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(UUID id, Instant at, String actor, String action, String subject, String reason, JsonNode evidence) {
    }
}
