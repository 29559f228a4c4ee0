package io.outpost.ingest.api;

import io.outpost.ingest.domain.ChannelAccount;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A registered channel account. A forum account's signing secret is never returned: only whether one
 * is set and when it was last set.
 */
public record ChannelAccountView(UUID id, String channel, String platformAccountId, String handle, String displayName,
        String credentialsRef, String region,
        @Schema(description = "Forum accounts: where replies are delivered") String endpointUrl,
        @Schema(description = "Forum accounts: whether a signing secret is stored (its value is never returned)") boolean signingSecretSet,
        @Schema(description = "Forum accounts: when the signing secret was last set") Instant signingSecretSetAt,
        Instant createdAt, Instant updatedAt) {

    static ChannelAccountView of(ChannelAccount a) {
        return new ChannelAccountView(a.id, a.channel, a.platformAccountId, a.handle, a.displayName, a.credentialsRef,
                a.region, a.endpointUrl, a.signingSecret != null, a.signingSecretSetAt, a.createdAt, a.updatedAt);
    }
}
