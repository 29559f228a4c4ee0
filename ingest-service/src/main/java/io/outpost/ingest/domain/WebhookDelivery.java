package io.outpost.ingest.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One webhook delivery as the platform signed it, between its receipt and its ingestion: the
 * intake buffer's record ({@code outpost.webhooks}).
 *
 * @param id         given at receipt; the delivery's idempotency key downstream (a record read twice is ingested once)
 * @param platform   who sent it
 * @param key        the record key ({@link WebhookPlatform#recordKey})
 * @param receivedAt when our webhook received it
 * @param body       the signed bytes
 */
public record WebhookDelivery(UUID id, WebhookPlatform platform, String key, Instant receivedAt, byte[] body) {
}
