package io.outpost.ingest.store;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.PostDeleted;
import io.outpost.contracts.events.PostEdited;
import io.outpost.ingest.domain.Post;
import io.outpost.ingest.domain.PostChange;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.outpost.kit.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Applies deletes and edits to stored posts, each in a transaction of its own with its event
 * ({@code post.deleted} / {@code post.edited} under the post's conversation key). The change is a
 * conditional update, so a redelivered or racing change is applied, and published, once.
 */
@ApplicationScoped
public class PostChangeStore {

    private static final Logger LOG = Logger.getLogger(PostChangeStore.class);

    /** What a change did. */
    public enum Outcome {
        /** The post changed; the event is in the outbox. */
        APPLIED,
        /** Nothing to do: deleted already, the same text, an older edit than the stored one, or an edit of a deleted post. */
        UNCHANGED,
        /** We never ingested that post: recorded in {@code unmatched_post_change}, not published. */
        UNKNOWN_POST
    }

    private final Outbox outbox;
    private final PostStore posts;
    private final PostEnrichment enrichment;
    private final Clock clock = Clock.systemUTC();

    public PostChangeStore(Outbox outbox, PostStore posts, PostEnrichment enrichment) {
        this.outbox = outbox;
        this.posts = posts;
        this.enrichment = enrichment;
    }

    public Uni<Outcome> apply(PostChange change) {
        return Panache.withTransaction(() -> posts.find(change.channel(), change.externalId()).chain(post -> {
            Instant at = change.at() != null ? change.at() : Instant.now(clock);
            if (post == null) {
                return recordUnmatched(change, at);
            }
            return change.kind() == PostChange.Kind.DELETED ? delete(post, at) : edit(post, change.text(), at);
        }));
    }

    private Uni<Outcome> delete(Post post, Instant at) {
        return Post.update("deletedAt = ?1 where id = ?2 and deletedAt is null", at, post.id)
                .chain(updated -> updated == 0
                        ? Uni.createFrom().item(Outcome.UNCHANGED)
                        : outbox.add(Topics.POSTS, post.conversationKey, EventTypes.POST_DELETED,
                                new PostDeleted(post.id, Channel.fromWire(post.channel), post.externalId,
                                        post.conversationKey, at))
                                .replaceWith(Outcome.APPLIED));
    }

    private Uni<Outcome> edit(Post post, String text, Instant at) {
        // The new text is enriched again (within the budget, as a new post is): the stored intent, language and
        // sentiment follow the text (surges count the intent), and post.edited carries them.
        return enrichment.enrich(text).map(draft -> draft.toEnrichment(null)).chain(enriched -> Post.update(
                        // Only a live post, only a different text, never an older edit over a newer one (deliveries
                        // can arrive out of order).
                        "text = ?1, editedAt = ?2, intent = ?4, language = ?5, sentiment = ?6 where id = ?3"
                                + " and deletedAt is null and text <> ?1 and (editedAt is null or editedAt <= ?2)",
                        text, at, post.id, enriched == null ? null : enriched.intent(),
                        enriched == null ? null : enriched.language(), enriched == null ? null : enriched.sentiment())
                .chain(updated -> updated == 0
                        ? Uni.createFrom().item(Outcome.UNCHANGED)
                        : outbox.add(Topics.POSTS, post.conversationKey, EventTypes.POST_EDITED,
                                new PostEdited(post.id, Channel.fromWire(post.channel), post.externalId,
                                        post.conversationKey, text, at, enriched))
                                .replaceWith(Outcome.APPLIED)));
    }

    private Uni<Outcome> recordUnmatched(PostChange change, Instant at) {
        LOG.infof("%s of %s post %s, which was never ingested: recorded, not published",
                change.kind().name().toLowerCase(Locale.ROOT), change.channel().wireName(), change.externalId());
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into unmatched_post_change (channel, external_id, kind, occurred_at, received_at)
                        values (:channel, :externalId, :kind, :at, :now)
                        on conflict do nothing""")
                        .setParameter("channel", change.channel().wireName())
                        .setParameter("externalId", change.externalId())
                        .setParameter("kind", change.kind().name().toLowerCase(Locale.ROOT))
                        .setParameter("at", at)
                        .setParameter("now", Instant.now(clock))
                        .executeUpdate())
                .replaceWith(Outcome.UNKNOWN_POST);
    }
}
