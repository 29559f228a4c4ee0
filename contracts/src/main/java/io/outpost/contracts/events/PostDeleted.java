package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * The author (or the platform) deleted a post Outpost had ingested: case-service marks it deleted
 * on the case and stops counting it as waiting for an answer. Topic {@code outpost.posts}, key:
 * the post's conversation key, so the deletion follows the post on the same partition.
 *
 * @param postId          Outpost's id of the deleted post
 * @param channel         the platform
 * @param externalId      the platform's id of the post
 * @param conversationKey the post's conversation key (the record key)
 * @param deletedAt       when the platform reported the deletion
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostDeleted(
        UUID postId,
        Channel channel,
        String externalId,
        String conversationKey,
        Instant deletedAt) {
}
