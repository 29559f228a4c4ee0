package io.outpost.ingest.domain;

import io.outpost.contracts.Channel;
import java.time.Instant;

/**
 * A platform telling us a post changed after we ingested it: deleted (X {@code tweet_delete_events},
 * Meta feed verb {@code remove}, a Messenger / Instagram message {@code is_deleted}) or edited (Meta
 * feed verb {@code edited}).
 *
 * @param text the new text (edits only)
 * @param at   when the platform says it happened; null when it does not say (the time we received it is used)
 */
public record PostChange(Kind kind, Channel channel, String externalId, String text, Instant at) {

    public enum Kind {
        DELETED, EDITED
    }

    public static PostChange deleted(Channel channel, String externalId, Instant at) {
        return new PostChange(Kind.DELETED, channel, externalId, null, at);
    }

    public static PostChange edited(Channel channel, String externalId, String text, Instant at) {
        return new PostChange(Kind.EDITED, channel, externalId, text, at);
    }
}
