package io.outpost.console.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The parts of the services' responses the console shows. Unknown fields are ignored, so a service
 * that adds a field does not break the console.
 */
public final class Views {

    private Views() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Customer(String platformUserId, String handle, String displayName) {
        public String label() {
            if (displayName != null && !displayName.isBlank()) {
                return handle == null ? displayName : displayName + " (@" + handle + ")";
            }
            return handle == null ? "unknown customer" : "@" + handle;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Assignee(UUID id, String name, Instant assignedAt, String username) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SlaTarget(String target, Instant dueAt, String state, Instant breachedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CaseSummary(UUID id, String status, String channel, String visibility, Customer customer,
            Instant openedAt, int priority, Assignee assignee, String language, String intent, Instant nextDueAt,
            List<SlaTarget> sla) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CasePage(List<CaseSummary> items, String nextCursor) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Post(UUID id, String externalId, String from, Customer author, String text, Instant createdAt,
            String visibility, Instant deletedAt, Instant editedAt, String hiddenReason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CaseDetail(UUID id, String status, String channel, String visibility, Customer customer,
            Instant openedAt, int priority, Assignee assignee, Instant firstResponseAt, Instant resolvedAt,
            List<String> tags, String language, String intent, Double sentiment, String crmCustomerId,
            Instant nextDueAt, List<SlaTarget> sla, List<Post> posts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reply(UUID id, String author, String text, String visibility, String status, String failureReason,
            Instant requestedAt, Instant deliveredAt, String delivery) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Activity(String actor, String fromStatus, String toStatus, String detail) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TimelineEntry(String type, Instant at, Post post, Reply reply, Assignee assignment, Activity activity) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Timeline(UUID caseId, List<TimelineEntry> entries) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Missed(UUID caseId, String channel, int priority, Assignee assignee, String target,
            Instant waitingSince, Instant dueAt, Post post, Reply failedReply) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MissedPage(List<Missed> items, String nextCursor) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReplyCheck(String sentText, int length, String lengthUnit, Integer limit, String refusal) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Signature(String username, String signature, boolean custom) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Canned(UUID id, String team, String title, String text, String channel) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CannedPage(List<Canned> items, String nextCursor) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rendered(UUID cannedResponseId, String text, List<String> missing, ReplyCheck check) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Agent(UUID id, String username, String displayName, String team, Map<String, Integer> channels,
            Map<String, Integer> load, String presence, String presenceReason, Instant presenceSince) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Offer(UUID offerId, UUID caseId, UUID agentId, String channel, String state, Instant offeredAt,
            Instant expiresAt, String reason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Link(UUID id, UUID identityId, String customerId, String status, Instant confirmedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PatchRequest(String status, Boolean closePubliclyOverride) {
    }

    /** {@code confirmCollision}: true sends a public reply although a colleague answered the post minutes ago. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReplyRequest(String text, String visibility, Boolean confirmCollision) {
        public ReplyRequest(String text, String visibility) {
            this(text, visibility, null);
        }
    }

    public record NoteRequest(String text) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PresenceChange(String presence, String reason) {
    }
}
