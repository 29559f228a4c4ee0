package io.outpost.crmlink;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestEvents;
import java.time.Instant;
import java.util.UUID;

/** Posts as ingest-service publishes them. */
public final class Posts {

    private Posts() {
    }

    public static PostIngested by(Channel channel, String platformUserId, String handle, String displayName, Instant at,
            boolean fromOwnAccount) {
        String externalId = "t-" + UUID.randomUUID();
        return new PostIngested(UUID.randomUUID(), channel, externalId, channel.wireName() + ":" + externalId,
                new PostIngested.Author(platformUserId, handle, displayName), "hello", at, Instant.now(), null,
                Visibility.PUBLIC, fromOwnAccount);
    }

    /** Publishes under {@code key}: records of one key are consumed in order. Returns the ce_id. */
    public static String publish(String key, PostIngested post) {
        return TestEvents.publish(Topics.POSTS, key, EventTypes.POST_INGESTED, post);
    }

    public static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
