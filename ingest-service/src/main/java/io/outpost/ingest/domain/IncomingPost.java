package io.outpost.ingest.domain;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import java.time.Instant;

/**
 * A post normalized by a channel adapter (the post API, a webhook, an import), before it is
 * stored. Adapters produce it; {@code PostStore.accept} is the one way it enters Outpost.
 *
 * @param fromOwnAccount true when the adapter already knows our account wrote it (a Messenger echo,
 *                       the X account the webhook is for); the store also checks the registered
 *                       channel accounts
 */
public record IncomingPost(Channel channel, String externalId, String authorPlatformId, String authorHandle,
        String authorDisplayName, String text, Instant createdAt, String inReplyToExternalId, String threadId,
        Visibility visibility, boolean fromOwnAccount) {
}
