package io.outpost.cases.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.cases.domain.CasePost;
import io.outpost.cases.domain.CustomerCase;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The API's view of cases; the entities never leave the service as they are. */
public final class CaseView {

    private CaseView() {
    }

    @Schema(description = "The customer as the platform knows them (never CRM data)")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Customer(String platformUserId, String handle, String displayName) {
    }

    @Schema(description = "The agent who has the case")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Assignee(UUID id, String name, Instant assignedAt) {
    }

    @Schema(description = "A case in the list")
    public record Summary(
            UUID id,
            @Schema(description = "new, open, pending, on-hold, resolved or closed") String status,
            String channel,
            @Schema(description = "public or private: where the conversation began") String visibility,
            Customer customer,
            @Schema(description = "The platform time of the first post") Instant openedAt,
            @Schema(description = "1 (urgent) .. 4 (low)") int priority,
            @Schema(description = "null while nobody has the case") Assignee assignee,
            UUID firstPostId,
            @Schema(description = "The first agent response (reply or echo of our own post); null before") Instant firstResponseAt) {
    }

    @Schema(description = "A post of a case")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Post(
            UUID id,
            String externalId,
            @Schema(description = "customer, or agent for our own replies seen on the platform") String from,
            Customer author,
            String text,
            @Schema(description = "The platform's time of the post") Instant createdAt,
            Instant receivedAt,
            String inReplyToExternalId,
            String visibility) {
    }

    @Schema(description = "A case with its posts in platform-time order")
    public record Detail(
            UUID id,
            String status,
            String channel,
            String visibility,
            Customer customer,
            Instant openedAt,
            int priority,
            Assignee assignee,
            UUID firstPostId,
            Instant firstResponseAt,
            List<Post> posts) {
    }

    @Schema(description = "One page of cases, newest first")
    public record Page(
            List<Summary> items,
            @Schema(description = "Pass as cursor to get the next page; null on the last page") String nextCursor) {
    }

    static Summary summary(CustomerCase c) {
        return new Summary(c.id, c.status, c.channel, c.visibility, customer(c), c.openedAt, c.priority,
                assignee(c), c.firstPostId, c.firstResponseAt);
    }

    static Detail detail(CustomerCase c, List<CasePost> posts) {
        return new Detail(c.id, c.status, c.channel, c.visibility, customer(c), c.openedAt, c.priority, assignee(c),
                c.firstPostId, c.firstResponseAt, posts.stream().map(CaseView::post).toList());
    }

    static Customer customer(CustomerCase c) {
        return new Customer(c.customerPlatformId, c.customerHandle, c.customerDisplayName);
    }

    private static Assignee assignee(CustomerCase c) {
        return c.assigneeId == null ? null : new Assignee(c.assigneeId, c.assigneeName, c.assignedAt);
    }

    static Post post(CasePost p) {
        return new Post(p.id, p.externalId, p.fromOwnAccount ? "agent" : "customer",
                new Customer(p.authorPlatformId, p.authorHandle, p.authorDisplayName), p.text, p.createdAt,
                p.receivedAt, p.inReplyToExternalId, p.visibility);
    }
}
