package io.outpost.ingest.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The X app whose Account Activity API webhooks {@code /webhooks/x} receives. Unset, the webhook
 * refuses everything with 503: unsigned data is never accepted.
 */
@ConfigMapping(prefix = "outpost.x")
public interface XWebhookConfig {

    /** The app's consumer secret: it signs deliveries ({@code x-twitter-webhooks-signature}) and CRC answers. */
    Optional<String> consumerSecret();
}
