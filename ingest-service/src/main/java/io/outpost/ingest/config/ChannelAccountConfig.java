package io.outpost.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Optional;

/** The channel accounts: how admins page through them, and the key their secrets are sealed with. */
@ConfigMapping(prefix = "outpost.channel-accounts")
public interface ChannelAccountConfig {

    /** Accounts per page when the request gives no limit. */
    @WithDefault("50")
    @Min(1)
    int defaultLimit();

    /** The largest page a request may ask for; a larger limit is refused with 400, not silently cut. */
    @WithDefault("200")
    @Min(1)
    @Max(1000)
    int maxLimit();

    /**
     * Base64 of 32 random bytes ({@code openssl rand -base64 32}): the AES-256-GCM key that seals
     * accounts' secrets (a forum account's signing secret) in the database. From a Kubernetes secret
     * or the environment ({@code OUTPOST_CHANNEL_ACCOUNTS_SECRET_KEY}), never from a file in the
     * image. Unset: an account with a secret is refused (503) and nothing is sealed. Changing it
     * makes the stored secrets unreadable: set them again.
     */
    Optional<String> secretKey();

    /**
     * How often the gauge {@code outpost.channel.account.credentials.failing} is loaded again from the
     * database (it is also loaded at start, and set at once by this replica's own changes): another
     * replica's changes show within this time. A scheduler period such as {@code 1m}.
     */
    @WithDefault("1m")
    String credentialsGaugeReload();
}
