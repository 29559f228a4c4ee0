package io.outpost.ingest.api;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A post from a forum, an email gateway, a chat or any source without a webhook of its own,
 * already normalized by the caller.
 */
@Schema(description = "A normalized post")
public record NewPost(
        @Schema(description = "x, facebook, instagram, messenger, forum, email or chat", example = "forum")
        @NotNull Channel channel,
        @Schema(description = "The platform's id of the post; (channel, externalId) is unique", example = "t-1001")
        @NotBlank @Size(max = 256) String externalId,
        @NotNull @Valid Author author,
        @Schema(description = "The text as posted", example = "My router keeps dropping the connection")
        @NotNull @Size(max = 25_000) String text,
        @Schema(description = "The platform's timestamp of the post; SLA clocks run on it", example = "2026-11-01T08:00:00Z")
        @NotNull Instant createdAt,
        @Schema(description = "The external id of the post this one answers")
        @Size(min = 1, max = 256) String inReplyToExternalId,
        @Schema(description = "The platform's conversation/thread id, when it has one (DM threads)")
        @Size(min = 1, max = 256) String threadId,
        @Schema(description = "public (default) or private")
        Visibility visibility,
        @Schema(description = "The platform id of our channel account the post was addressed to (a forum's brand "
                + "account, a second X handle); answers go out from it. Absent: the channel's default account",
                example = "outpost-local-team")
        @Size(min = 1, max = 200) String accountId) {

    /** A post not addressed to a particular account of ours. */
    public NewPost(Channel channel, String externalId, Author author, String text, Instant createdAt,
            String inReplyToExternalId, String threadId, Visibility visibility) {
        this(channel, externalId, author, text, createdAt, inReplyToExternalId, threadId, visibility, null);
    }

    /** The author as the platform knows them. */
    public record Author(
            @Schema(description = "The platform's user id: the identity", example = "u-42")
            @NotBlank @Size(max = 256) String platformUserId,
            @Schema(description = "The handle at the time of the post", example = "dana")
            @Size(max = 256) String handle,
            @Size(max = 512) String displayName) {
    }
}
