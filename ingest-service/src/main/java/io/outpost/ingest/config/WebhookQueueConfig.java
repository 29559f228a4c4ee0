package io.outpost.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The intake buffer: webhook deliveries are queued on Kafka before the platform gets its answer. */
@ConfigMapping(prefix = "outpost.webhooks")
public interface WebhookQueueConfig {

    /** The buffer topic; the consumer channel {@code webhooks} must read the same one. */
    @WithDefault("outpost.webhooks")
    String topic();

    /**
     * How long the producer waits to fill a batch. 1 ms keeps the answer fast at low rates and lets
     * concurrent deliveries share a request to the broker at high ones.
     */
    @WithDefault("1ms")
    Duration linger();

    /**
     * How long a delivery may take to be acknowledged by the brokers (retries included) before the
     * platform is answered 503 and sends it again. Below the platforms' own timeouts (X: 3 s for
     * the CRC, Meta: 20 s).
     */
    @WithDefault("2500ms")
    Duration sendTimeout();
}
