package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * The author edited a post Outpost had ingested (Meta's {@code edited} verb). Topic
 * {@code outpost.posts}, key: the post's conversation key.
 *
 * @param postId          Outpost's id of the post
 * @param channel         the platform
 * @param externalId      the platform's id of the post
 * @param conversationKey the post's conversation key (the record key)
 * @param text            the new text
 * @param editedAt        when the platform reported the edit
 * @param enrichment      the new text enriched again (language, sentiment, intent, urgency), when
 *                        enrichment finished in time; absent from older producers
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostEdited(
        UUID postId,
        Channel channel,
        String externalId,
        String conversationKey,
        String text,
        Instant editedAt,
        PostIngested.Enrichment enrichment) {

    /** An edit without enrichment (producers before the field existed). */
    public PostEdited(UUID postId, Channel channel, String externalId, String conversationKey, String text, Instant editedAt) {
        this(postId, channel, externalId, conversationKey, text, editedAt, null);
    }
}
