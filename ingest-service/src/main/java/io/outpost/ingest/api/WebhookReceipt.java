package io.outpost.ingest.api;

/**
 * What a webhook delivery led to.
 *
 * @param accepted   posts new to Outpost: stored and queued for publishing
 * @param duplicates posts seen before (a redelivery): acknowledged, not published again
 * @param skipped    events recognised but not ingested (unknown types, deletes, receipts); see the log
 */
public record WebhookReceipt(int accepted, int duplicates, int skipped) {
}
