package io.outpost.crmlink.api;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A consent decision to record.
 *
 * @param decision  grant, deny or revoke
 * @param evidence  how it was captured
 * @param expiresAt the grant's end (grant only); default two years after capture
 * @param reason    why it is recorded now (goes to the audit log)
 */
public record ConsentInput(
        @Schema(description = "grant, deny or revoke", required = true) String decision,
        @Schema(required = true) EvidenceInput evidence,
        @Schema(description = "Grant only; default two years after evidence.capturedAt") Instant expiresAt,
        @Schema(description = "Why, for the audit log (at most 1000 characters)") String reason) {

    /**
     * @param source      channel-message (the person answered in a message) or admin-action (an admin on their word)
     * @param messageId   the platform message carrying the decision (channel-message)
     * @param note        what the admin did and on what basis (admin-action)
     * @param textVersion the version of the consent text the person answered (grant and deny)
     * @param capturedAt  when the person decided; default now
     */
    public record EvidenceInput(
            @Schema(description = "channel-message or admin-action", required = true) String source,
            String messageId,
            String note,
            String textVersion,
            Instant capturedAt) {
    }
}
