package io.outpost.ingest.domain;

import java.util.List;

/**
 * What one webhook delivery carried: the posts to ingest, in delivery order (a parent before its
 * replies), the changes to posts ingested before (deletes, edits; applied after the delivery's
 * posts), and a reason for every event that was recognised but not ingested.
 */
public record WebhookBatch(List<IncomingPost> posts, List<PostChange> changes, List<String> skipped) {

    public WebhookBatch {
        posts = List.copyOf(posts);
        changes = List.copyOf(changes);
        skipped = List.copyOf(skipped);
    }

    public WebhookBatch(List<IncomingPost> posts, List<String> skipped) {
        this(posts, List.of(), skipped);
    }
}
