package io.outpost.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** How admins page through the channel accounts. */
@ConfigMapping(prefix = "outpost.channel-accounts")
public interface ChannelAccountListConfig {

    /** Accounts per page when the request gives no limit. */
    @WithDefault("50")
    @Min(1)
    int defaultLimit();

    /** The largest page a request may ask for; a larger limit is refused with 400, not silently cut. */
    @WithDefault("200")
    @Min(1)
    @Max(1000)
    int maxLimit();
}
