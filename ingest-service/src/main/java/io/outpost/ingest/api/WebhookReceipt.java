package io.outpost.ingest.api;

import java.util.UUID;

/**
 * What a webhook answers once the delivery is safely queued (acknowledged by Kafka): it is then
 * Outpost's to ingest, and nothing the platform sends again for it will be ingested twice. What it
 * led to (new posts, duplicates, changes) is known moments later from
 * {@code GET /api/v1/webhook-deliveries/{deliveryId}}.
 *
 * @param deliveryId the delivery's id in Outpost
 * @param posts      posts it carries
 * @param changes    deletes and edits it carries
 * @param skipped    events recognised but not ingested (unknown types, receipts); see the log
 */
public record WebhookReceipt(UUID deliveryId, int posts, int changes, int skipped) {
}
