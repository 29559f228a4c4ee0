package io.outpost.cases.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.cases.domain.CaseReply;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The API's views of replies, timelines and signatures. */
public final class ReplyView {

    private ReplyView() {
    }

    @Schema(description = "A reply to write: text (required, not blank) and visibility public or private")
    public record Request(String text, String visibility) {
    }

    @Schema(description = "A reply of a case")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reply(
            @Schema(description = "Also the outbound messageId") UUID id,
            UUID caseId,
            String author,
            @Schema(description = "As sent, signature included") String text,
            String visibility,
            @Schema(description = "requested, delivered or failed") String status,
            String inReplyToExternalId,
            String platformMessageId,
            String failureReason,
            Instant requestedAt,
            Instant reportedAt) {
    }

    @Schema(description = "A signature change: at most 10 characters, appended to replies after a space")
    public record SignatureRequest(String signature) {
    }

    @Schema(description = "The caller's signature; custom false when it is the default from their initials")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Signature(String username, String signature, boolean custom) {
    }

    static Reply reply(CaseReply r) {
        return new Reply(r.id, r.caseId, r.authorUsername, r.text, r.visibility, r.status, r.inReplyToExternalId,
                r.platformMessageId, r.failureReason, r.requestedAt, r.reportedAt);
    }
}
