package io.outpost.ingest.store;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import io.outpost.ingest.domain.ConversationKeys;
import io.outpost.ingest.domain.IncomingPost;
import io.outpost.ingest.domain.Post;
import io.outpost.ingest.domain.PostText;
import io.outpost.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Accepts posts exactly once: the post row and its {@code post.ingested} event are written in one
 * transaction; a (channel, externalId) seen before returns the first post and publishes nothing.
 */
@ApplicationScoped
public class PostStore {

    /** The stored post and whether it was new. */
    public record Accepted(Post post, boolean duplicate) {
    }

    private final Outbox outbox;
    private final ChannelAccountStore accounts;
    private final PostEnrichment enrichment;
    private final Clock clock;

    public PostStore(Outbox outbox, ChannelAccountStore accounts, PostEnrichment enrichment) {
        this.outbox = outbox;
        this.accounts = accounts;
        this.enrichment = enrichment;
        this.clock = Clock.systemUTC();
    }

    public Uni<Accepted> accept(IncomingPost incoming) {
        return Panache.withTransaction(() -> acceptInTransaction(incoming))
                // Two deliveries of one post racing: the loser's insert hits the unique key; it is a duplicate.
                // The transaction's session is gone, or (when shared) still holds the rejected insert: the
                // lookup runs in a session of its own, cleared so that it does not flush that insert again.
                .onFailure(UniqueViolations::isUniqueViolation)
                .recoverWithUni(() -> Panache.withSession(() -> Panache.getSession()
                        .invoke(Mutiny.Session::clear)
                        .chain(() -> find(incoming.channel(), incoming.externalId())))
                        .map(existing -> new Accepted(existing, true)));
    }

    private Uni<Accepted> acceptInTransaction(IncomingPost incoming) {
        return find(incoming.channel(), incoming.externalId()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(new Accepted(existing, true));
            }
            Uni<String> parentKey = incoming.inReplyToExternalId() == null
                    ? Uni.createFrom().nullItem()
                    : find(incoming.channel(), incoming.inReplyToExternalId()).map(p -> p == null ? null : p.conversationKey);
            // Our own account wrote it when the adapter says so (an echo) or the author is a registered account.
            Uni<Boolean> ownAccount = incoming.fromOwnAccount()
                    ? Uni.createFrom().item(true)
                    : accounts.isOwnAccount(incoming.channel(), incoming.authorPlatformId());
            return parentKey.chain(parent -> ownAccount.chain(own -> enrichment.enrich(incoming.text()).chain(draft -> {
                Post post = toPost(incoming, ConversationKeys.of(incoming.channel(), incoming.externalId(),
                        incoming.threadId(), incoming.inReplyToExternalId(), parent), own);
                return repeatReason(post).chain(repeat -> {
                    PostIngested.Enrichment enriched = draft.toEnrichment(repeat);
                    if (enriched != null) {
                        post.hiddenReason = enriched.hiddenReason();
                        post.intent = enriched.intent();
                        post.language = enriched.language();
                        post.sentiment = enriched.sentiment();
                    }
                    return post.<Post>persist()
                            .chain(() -> outbox.add(Topics.POSTS, post.conversationKey, EventTypes.POST_INGESTED,
                                    toEvent(post, enriched)))
                            .replaceWith(new Accepted(post, false));
                });
            })));
        });
    }

    /**
     * Sets the post's text fingerprint and answers why it is hidden as a bot's repeat, or null: the
     * author's earlier copies of the same normalized text within the window (by the platform's times)
     * are counted in the database, so the answer is the same after a restart and on every replica.
     * Our own accounts' posts are never counted (a reply template is not a bot).
     */
    private Uni<String> repeatReason(Post post) {
        String normalized = PostText.normalizedForRepeats(post.text);
        if (post.fromOwnAccount || !enrichment.repeats().applies(normalized)) {
            return Uni.createFrom().nullItem();
        }
        post.textFingerprint = PostText.fingerprint(normalized);
        return Post.count("channel = ?1 and authorPlatformId = ?2 and textFingerprint = ?3 and createdAt >= ?4 and createdAt <= ?5",
                        post.channel, post.authorPlatformId, post.textFingerprint,
                        post.createdAt.minus(enrichment.repeats().window()), post.createdAt)
                .map(earlier -> enrichment.repeats().hiddenReason(earlier).orElse(null));
    }

    public Uni<Post> find(Channel channel, String externalId) {
        return Post.<Post>find("channel = ?1 and externalId = ?2", channel.wireName(), externalId).firstResult();
    }

    private Post toPost(IncomingPost in, String conversationKey, boolean fromOwnAccount) {
        Post post = new Post();
        post.id = UUID.randomUUID();
        post.channel = in.channel().wireName();
        post.externalId = in.externalId();
        post.conversationKey = conversationKey;
        post.authorPlatformId = in.authorPlatformId();
        post.authorHandle = in.authorHandle();
        post.authorDisplayName = in.authorDisplayName();
        post.text = in.text();
        post.createdAt = in.createdAt();
        post.receivedAt = Instant.now(clock);
        post.inReplyToExternalId = in.inReplyToExternalId();
        post.visibility = (in.visibility() == null ? Visibility.PUBLIC : in.visibility()).wireName();
        post.fromOwnAccount = fromOwnAccount;
        return post;
    }

    static PostIngested toEvent(Post post, PostIngested.Enrichment enrichment) {
        return new PostIngested(post.id, Channel.fromWire(post.channel), post.externalId, post.conversationKey,
                new PostIngested.Author(post.authorPlatformId, post.authorHandle, post.authorDisplayName),
                post.text, post.createdAt, post.receivedAt, post.inReplyToExternalId,
                Visibility.fromWire(post.visibility), post.fromOwnAccount, enrichment);
    }
}
