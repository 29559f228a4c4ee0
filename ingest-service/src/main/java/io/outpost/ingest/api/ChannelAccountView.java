package io.outpost.ingest.api;

import io.outpost.ingest.domain.ChannelAccount;
import java.time.Instant;
import java.util.UUID;

/** A registered channel account. */
public record ChannelAccountView(UUID id, String channel, String platformAccountId, String handle, String displayName,
        String credentialsRef, String region, Instant createdAt, Instant updatedAt) {

    static ChannelAccountView of(ChannelAccount a) {
        return new ChannelAccountView(a.id, a.channel, a.platformAccountId, a.handle, a.displayName, a.credentialsRef,
                a.region, a.createdAt, a.updatedAt);
    }
}
