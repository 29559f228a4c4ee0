package io.outpost.console.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The parts of crm-link-service's admin answers the admin pages show, and the agent's consent
 * look-up. Unknown fields are ignored, so a service that adds a field does not break the console.
 */
public final class AdminViews {

    private AdminViews() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HandleChange(String oldHandle, String newHandle, Instant changedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Identity(UUID id, String channel, String platformUserId, String handle, String displayName,
            Instant firstSeenAt, Instant lastSeenAt, long postCount, List<HandleChange> handleHistory) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IdentityPage(List<Identity> items, String nextCursor) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Link(UUID id, UUID identityId, String customerId, String status, Instant createdAt, String createdBy,
            Instant confirmedAt, String confirmedBy, Instant removedAt, String removedBy, String removalReason, String note) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LinkRequest(String identityId, String customerId, String status, String note) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Consent(String purpose, String status, Instant grantedAt, Instant expiresAt, Instant decidedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Candidate(String customerId, double score, String level) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Candidates(UUID evaluationId, List<Candidate> candidates) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuditEntry(UUID id, Instant at, String actor, String action, String subject, String reason,
            JsonNode evidence) {
        public String evidenceText() {
            return evidence == null || evidence.isNull() ? "" : evidence.toString();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuditPage(List<AuditEntry> items, String nextCursor) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Head(long position, UUID id, Instant at, String hash, String anchor) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Broken(long position, UUID id, String problem, String detail) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Verification(boolean ok, long checked, Head head, Broken firstBroken) {
    }

    public record ErasureRequest(String reason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ServiceState(String service, String state, Instant confirmedAt, Integer recordsAffected, Boolean late) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Erasure(UUID id, String subject, String subjectKind, String requestedBy, Instant requestedAt,
            String status, Instant confirmationsDueBy, Instant completedAt, List<ServiceState> services) {
    }

    /** GET /api/v1/identities/lookup: what an agent may know to ask the case's customer for consent. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PurposeState(String purpose, String status, Instant decidedAt, Instant expiresAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PendingRequest(UUID id, List<String> purposes, Instant requestedAt, Instant linkExpiresAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IdentityLookup(UUID identityId, boolean consentedLink, List<PurposeState> consents,
            PendingRequest pendingRequest) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConsentRequestBody(String identityId, List<String> purposes, String reason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConsentRequest(UUID id, UUID identityId, List<String> purposes, Instant requestedAt,
            Instant linkExpiresAt, String status) {
    }
}
