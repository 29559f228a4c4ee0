package io.outpost.crmlink.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A link to make.
 *
 * @param identityId the social identity (UUID)
 * @param customerId the CRM's customer id
 * @param status     confirmed (default; needs granted identity-link consent) or suggested (admin data, no consent needed)
 * @param note       why, for the audit log
 */
public record LinkInput(
        @Schema(required = true) String identityId,
        @Schema(required = true) String customerId,
        @Schema(description = "confirmed (default) or suggested") String status,
        @Schema(description = "Why, for the audit log (at most 1000 characters)") String note) {
}
