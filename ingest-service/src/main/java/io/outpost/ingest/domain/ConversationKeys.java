package io.outpost.ingest.domain;

import io.outpost.contracts.Channel;

/**
 * The partition key of a post: every post of one conversation gets the same key, so Kafka keeps
 * them in order for case-service. A platform thread id wins (DM conversations); else a reply
 * inherits the key of the post it answers when we know that post; else the parent's id stands for
 * the conversation root; a post that answers nothing starts its own conversation.
 */
public final class ConversationKeys {

    private ConversationKeys() {
    }

    /**
     * @param channel         the platform
     * @param externalId      the post's own id
     * @param threadId        the platform's conversation id, if it has one
     * @param inReplyTo       the external id of the parent post, if any
     * @param parentKey       the conversation key already given to the parent post, if we have it
     */
    public static String of(Channel channel, String externalId, String threadId, String inReplyTo, String parentKey) {
        if (threadId != null && !threadId.isBlank()) {
            return channel.wireName() + ":thread:" + threadId;
        }
        if (parentKey != null) {
            return parentKey;
        }
        return channel.wireName() + ":" + (inReplyTo != null && !inReplyTo.isBlank() ? inReplyTo : externalId);
    }
}
