package io.outpost.cases.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.cases.domain.Incident;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Incidents over the API: requests and views. */
public final class IncidentView {

    private IncidentView() {
    }

    @Schema(description = "An incident opened by hand")
    public record CreateRequest(@Schema(description = "1..200 characters") String title,
            @Schema(description = "What it is about, e.g. outage (optional)") String subject,
            @Schema(description = "Where, e.g. a country code (optional)") String region) {
    }

    @Schema(description = "A case to attach")
    public record AttachRequest(String caseId) {
    }

    @Schema(description = "A brand post to everyone (the proactive post, or the closing post)")
    public record PostRequest(
            @Schema(description = "x, facebook, instagram, messenger, forum, email or chat; for closing, defaults to the proactive post's") String channel,
            @Schema(description = "Our account to post from, when not the channel's default") String accountId,
            @Schema(description = "The text, sent as written (no signature)") String text) {
    }

    @Schema(description = "One reply to every attached case that is not closed")
    public record BulkReplyRequest(String text, @Schema(description = "public or private") String visibility) {
    }

    @Schema(description = "What happened to one case of a bulk reply")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BulkReplyResult(UUID caseId,
            @Schema(description = "The reply path's HTTP status: 201 sent, else the refusal") int status,
            UUID replyId, String detail) {
    }

    @Schema(description = "The outcome of a bulk reply, one entry per attached case")
    public record BulkReplyOutcome(int replied, int refused, List<BulkReplyResult> results) {
    }

    @Schema(description = "A brand post of the incident")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BrandPost(UUID messageId, String channel, String accountId, String text, Instant requestedAt,
            String requestedBy) {
    }

    @Schema(description = "What surge detection saw")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Suggestion(UUID suggestionId, Integer posts, Double usualPerWindow, Instant windowStart,
            Instant windowEnd, List<String> samplePostIds) {
    }

    @Schema(description = "An incident")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(UUID id,
            @Schema(description = "suggested, open, dismissed or closed") String status,
            String title, String subject, String region, Instant createdAt,
            @Schema(description = "Absent when suggested by surge detection") String createdBy,
            Instant decidedAt, String decidedBy, Suggestion suggestion, BrandPost proactivePost,
            BrandPost closingPost, Instant closedAt, String closedBy,
            @Schema(description = "Attached cases (absent in the list)") List<UUID> caseIds) {
    }

    @Schema(description = "One page of incidents, newest first")
    public record Page(List<Detail> items, String nextCursor) {
    }

    static Detail detail(Incident i, List<UUID> caseIds) {
        Suggestion suggestion = i.suggestionId == null ? null : new Suggestion(i.suggestionId, i.suggestedPosts,
                i.usualPerWindow, i.windowStart, i.windowEnd, List.of(i.samplePostIds));
        BrandPost proactive = i.proactiveMessageId == null ? null : new BrandPost(i.proactiveMessageId,
                i.proactiveChannel, i.proactiveAccountId, i.proactiveText, i.proactiveAt, i.proactiveBy);
        BrandPost closing = i.closingMessageId == null ? null : new BrandPost(i.closingMessageId, null, null,
                i.closingText, i.closedAt, i.closedBy);
        return new Detail(i.id, i.status, i.title, i.subject, i.region, i.createdAt, i.createdBy, i.decidedAt,
                i.decidedBy, suggestion, proactive, closing, i.closedAt, i.closedBy, caseIds);
    }
}
