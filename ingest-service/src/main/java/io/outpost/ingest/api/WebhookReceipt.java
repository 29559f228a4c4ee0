package io.outpost.ingest.api;

/**
 * What a webhook delivery led to.
 *
 * @param accepted   posts new to Outpost: stored and queued for publishing
 * @param duplicates posts seen before (a redelivery): acknowledged, not published again
 * @param skipped    events recognised but not ingested (unknown types, receipts); see the log
 * @param changed    deletes and edits applied to stored posts (each published once)
 * @param unchanged  deletes and edits that changed nothing: seen before, or for a post we never
 *                   ingested (recorded, not published)
 */
public record WebhookReceipt(int accepted, int duplicates, int skipped, int changed, int unchanged) {
}
