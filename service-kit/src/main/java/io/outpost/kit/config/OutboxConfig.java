package io.outpost.kit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The outbox relay: how it finds events to publish and how long it waits for the broker. */
@ConfigMapping(prefix = "outpost.outbox")
public interface OutboxConfig {

    /** Fallback poll period; commits normally wake the relay at once through PostgreSQL NOTIFY. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Events published per database transaction. */
    @WithDefault("500")
    int batchSize();

    /** How long the relay waits for the broker's acknowledgements before retrying the batch. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** Listen for PostgreSQL notifications of new events (off: poll only). */
    @WithDefault("true")
    boolean listen();
}
