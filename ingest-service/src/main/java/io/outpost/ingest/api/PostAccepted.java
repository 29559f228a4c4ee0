package io.outpost.ingest.api;

import java.util.UUID;

/**
 * @param postId          Outpost's id of the post
 * @param conversationKey the conversation it was filed under
 * @param duplicate       true when this (channel, externalId) had been accepted before: nothing new was published
 */
public record PostAccepted(UUID postId, String conversationKey, boolean duplicate) {
}
