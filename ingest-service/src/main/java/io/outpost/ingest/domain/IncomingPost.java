package io.outpost.ingest.domain;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import java.time.Instant;

/**
 * A post normalized by a channel adapter (the post API, a webhook, an import), before it is
 * stored. Adapters produce it; {@code PostStore.accept} is the one way it enters Outpost.
 *
 * @param fromOwnAccount true when the adapter already knows our account wrote it (a Messenger echo,
 *                       the X account the webhook is for); the store also checks the registered
 *                       channel accounts
 * @param authorProfile  what the platform said about the author's account (X's user object), already
 *                       cleaned to the contract's limits; null when it said nothing (Meta, imports, the API)
 * @param receivedOn     the platform account id of our account the delivery was for (X's
 *                       {@code for_user_id}, Meta's {@code entry[].id}): the post's region is that
 *                       account's when registered with one; null when unknown (imports, the API)
 */
public record IncomingPost(Channel channel, String externalId, String authorPlatformId, String authorHandle,
        String authorDisplayName, String text, Instant createdAt, String inReplyToExternalId, String threadId,
        Visibility visibility, boolean fromOwnAccount, PostIngested.Profile authorProfile, String receivedOn) {

    /** A post whose author comes without a profile (Meta's deliveries, imports, the post API). */
    public IncomingPost(Channel channel, String externalId, String authorPlatformId, String authorHandle,
            String authorDisplayName, String text, Instant createdAt, String inReplyToExternalId, String threadId,
            Visibility visibility, boolean fromOwnAccount) {
        this(channel, externalId, authorPlatformId, authorHandle, authorDisplayName, text, createdAt, inReplyToExternalId,
                threadId, visibility, fromOwnAccount, null, null);
    }

    /**
     * The name of the first field holding a NUL character (U+0000), or null. PostgreSQL text
     * cannot store it: every way in refuses such a post as bad input before anything is written.
     */
    public String fieldWithNul() {
        String[][] fields = { { "externalId", externalId }, { "author.platformUserId", authorPlatformId },
                { "author.handle", authorHandle }, { "author.displayName", authorDisplayName }, { "text", text },
                { "inReplyToExternalId", inReplyToExternalId }, { "threadId", threadId } };
        for (String[] field : fields) {
            if (field[1] != null && field[1].indexOf('\u0000') >= 0) {
                return field[0];
            }
        }
        return null;
    }
}
