package io.outpost.ingest.api;

import io.outpost.ingest.domain.ChannelAccount;
import io.outpost.ingest.domain.CredentialsStatus;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A registered channel account. Secrets are never returned — a forum account's signing secret, an X
 * account's OAuth tokens: only whether they are set, and when they were set or expire.
 */
public record ChannelAccountView(UUID id, String channel, String platformAccountId, String handle, String displayName,
        String credentialsRef, String region,
        @Schema(description = "Forum accounts: where replies are delivered") String endpointUrl,
        @Schema(description = "Forum accounts: whether a signing secret is stored (its value is never returned)") boolean signingSecretSet,
        @Schema(description = "Forum accounts: when the signing secret was last set") Instant signingSecretSetAt,
        @Schema(description = "X accounts: whether OAuth tokens are stored (their values are never returned)") boolean oauthTokenSet,
        @Schema(description = "X accounts: when the stored access token expires (moves on with every refresh)") Instant accessTokenExpiresAt,
        @Schema(description = "ok: the last refresh or send with the credentials worked; failing: the platform refused "
                + "them, or there are none (see credentialsError); unknown: not used since they were set",
                enumeration = { "ok", "failing", "unknown" }) String credentialsStatus,
        @Schema(description = "While failing: why (the platform's reason)") String credentialsError,
        @Schema(description = "When credentialsStatus was last set") Instant credentialsCheckedAt,
        Instant createdAt, Instant updatedAt) {

    static ChannelAccountView of(ChannelAccount a) {
        return new ChannelAccountView(a.id, a.channel, a.platformAccountId, a.handle, a.displayName, a.credentialsRef,
                a.region, a.endpointUrl, a.signingSecret != null, a.signingSecretSetAt, a.refreshToken != null,
                a.accessTokenExpiresAt, CredentialsStatus.fromWire(a.credentialsStatus).wireName(),
                CredentialsStatus.fromWire(a.credentialsStatus) == CredentialsStatus.FAILING ? a.credentialsError : null,
                a.credentialsCheckedAt, a.createdAt, a.updatedAt);
    }
}
