package io.outpost.ingest.domain;

import java.util.List;

/**
 * What one webhook delivery carried: the posts to ingest, in delivery order (a parent before its
 * replies), and a reason for every event that was recognised but not ingested.
 */
public record WebhookBatch(List<IncomingPost> posts, List<String> skipped) {

    public WebhookBatch {
        posts = List.copyOf(posts);
        skipped = List.copyOf(skipped);
    }
}
