package io.outpost.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The webhook deliveries kept for audit. */
@ConfigMapping(prefix = "outpost.raw-payloads")
public interface RawPayloadConfig {

    /** Whether deliveries are kept at all. */
    @WithDefault("true")
    boolean enabled();

    /** How long a delivery is kept (ISO-8601, e.g. P30D); older ones are purged. */
    @WithDefault("P30D")
    Duration retention();

    /** How often the purge runs (a Quarkus scheduler interval, e.g. 1h). */
    @WithDefault("1h")
    String purgeEvery();
}
