package io.outpost.cases.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.cases.domain.CaseReply;
import io.outpost.cases.domain.ReplyDelivery;
import io.outpost.cases.store.ReplyStore;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The API's views of replies, timelines and signatures. */
public final class ReplyView {

    private ReplyView() {
    }

    @Schema(description = "A reply to write: text (required, not blank, at most 10000 characters), visibility "
            + "public or private, and confirmCollision true to send a public reply although a colleague answered the "
            + "same post moments ago (see collision on the check)")
    public record Request(String text, String visibility, Boolean confirmCollision) {
    }

    @Schema(description = "A colleague's public reply to the same customer post within the collision window "
            + "(outpost.cases.reply-collision-window, 5 minutes by default)")
    public record Collision(
            @Schema(description = "The colleague's login") String colleague,
            @Schema(description = "Their reply") UUID replyId,
            @Schema(description = "When they sent it") Instant repliedAt) {

        static Collision of(io.outpost.cases.domain.ReplyCollision.Collision c) {
            return c == null ? null : new Collision(c.colleague(), c.replyId(), c.repliedAt());
        }
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
            @Schema(description = "The platform's reason, when failed") String failureReason,
            Instant requestedAt,
            Instant reportedAt,
            @Schema(description = "When it reached the customer (the earlier of the delivery report and the "
                    + "platform's echo); it counts as a response from then. Absent while it does not") Instant deliveredAt,
            @Schema(description = "The platform time of its echo: the platform sent it back to us") Instant confirmedAt,
            @Schema(description = "The delivery state in words: sending, delivered, not yet confirmed by the "
                    + "platform, confirmed by the platform, or failed: <the platform's reason>") String delivery) {
    }

    @Schema(description = "A reply as it would be sent, checked without sending or recording anything")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Check(
            @Schema(description = "The text as it would be sent, signature included") String sentText,
            @Schema(description = "Its length as the channel counts it, in lengthUnit") int length,
            @Schema(description = "What length counts: x-weighted-characters (a public reply on x: links 23, "
                    + "emoji and CJK 2), utf-8-bytes (an instagram message) or characters (Unicode code points)",
                    enumeration = {"x-weighted-characters", "characters", "utf-8-bytes"}) String lengthUnit,
            @Schema(description = "The channel's limit for this reply, in lengthUnit: 280 for a public reply on x, "
                    + "10000 for an x DM, 1000 for an instagram message, 2000 for a messenger message or facebook "
                    + "private reply, 8000 for a facebook comment, 2000 for an instagram comment, 65536 on a forum; "
                    + "null on email and chat, which have none", nullable = true) Integer limit,
            @Schema(description = "Why sending it would be refused (422), null when it would be sent",
                    nullable = true) String refusal,
            @Schema(description = "A public reply only: a colleague answered the same post moments ago; sending it "
                    + "without confirmCollision true is a 409 reply-collision. Null when none", nullable = true)
            Collision collision) {
    }

    @Schema(description = "A signature change: at most 10 characters, appended to replies after a space")
    public record SignatureRequest(String signature) {
    }

    @Schema(description = "The caller's signature; custom false when it is the default from their initials")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Signature(String username, String signature, boolean custom) {
    }

    static Check check(ReplyStore.Draft draft) {
        return new Check(draft.sent(), draft.measure().length(), draft.measure().unit(), draft.measure().limit(),
                draft.refusal(), Collision.of(draft.collision()));
    }

    static Reply reply(CaseReply r) {
        return new Reply(r.id, r.caseId, r.authorUsername, r.text, r.visibility, r.status, r.inReplyToExternalId,
                r.platformMessageId, r.failureReason, r.requestedAt, r.reportedAt, r.deliveredAt, r.confirmedAt,
                ReplyDelivery.describe(r.delivery()));
    }
}
