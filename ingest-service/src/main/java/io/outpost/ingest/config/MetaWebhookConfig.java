package io.outpost.ingest.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The Meta app (Facebook pages, Messenger, Instagram) whose webhooks {@code /webhooks/meta} receives.
 * Unset, the webhook refuses everything with 503: unsigned data is never accepted.
 */
@ConfigMapping(prefix = "outpost.meta")
public interface MetaWebhookConfig {

    /** The app secret: Meta signs each delivery with it ({@code X-Hub-Signature-256}). */
    Optional<String> appSecret();

    /** The token we chose when subscribing; Meta echoes it in the GET verification handshake. */
    Optional<String> verifyToken();
}
