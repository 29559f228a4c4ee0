package io.outpost.ingest.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One webhook delivery as the platform signed it, between its receipt and its ingestion: the
 * intake buffer's record ({@code outpost.webhooks}).
 *
 * @param id          given at receipt; the delivery's idempotency key downstream (a record read twice is ingested once)
 * @param platform    who sent it
 * @param key         the record key ({@link WebhookPlatform#recordKey})
 * @param receivedAt  when our webhook received it
 * @param body        the signed bytes
 * @param traceParent the W3C {@code traceparent} of the webhook request that received it (the record's
 *                    {@code traceparent} header): the posts' {@code post.ingested} continue its trace; null without
 */
public record WebhookDelivery(UUID id, WebhookPlatform platform, String key, Instant receivedAt, byte[] body,
        String traceParent) {

    /** A delivery without trace context. */
    public WebhookDelivery(UUID id, WebhookPlatform platform, String key, Instant receivedAt, byte[] body) {
        this(id, platform, key, receivedAt, body, null);
    }
}
