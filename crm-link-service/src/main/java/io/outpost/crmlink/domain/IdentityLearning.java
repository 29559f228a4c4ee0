package io.outpost.crmlink.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * How a run of posts (one poll's, or one) changes their authors' identities: each post applied in the
 * order given to its identity, exactly as one post after the other would be, so that learning a poll
 * at once changes nothing of the rules ({@link IdentityState}: the latest sighting by platform time
 * wins, a late older post only fills gaps, a handle change is recorded once; {@link PublicProfile#latest},
 * {@link AddressedAccount#after}). Plain Java: the store reads the stored identities and writes what
 * this returns.
 */
public final class IdentityLearning {

    /**
     * What one post tells about its author.
     *
     * @param channel        the channel's wire name
     * @param platformUserId the author's platform id, stripped
     * @param profile        the public profile the post carried; null: none (the stored one stays)
     * @param accountId      the account of ours it was addressed to; null: not named (the stored one stays)
     */
    public record Post(String channel, String platformUserId, Sighting sighting, PublicProfile profile, UUID postId,
            String accountId) {
    }

    /**
     * A post applied: the identity it taught, and whether that identity was known before this post
     * (stored, or taught by an earlier post of the run).
     */
    public record Learned(UUID identityId, boolean knownBefore) {
    }

    /**
     * The run's outcome: the identities first seen in it (to insert; the stored ones given were changed
     * in place), the handle changes to record, and one {@link Learned} per post, in the posts' order.
     */
    public record Outcome(List<SocialIdentity> created, List<HandleHistoryEntry> handleChanges, List<Learned> learned) {
    }

    /** An identity's key: (channel, platform user id), unique in {@code social_identity}. */
    private record Key(String channel, String platformUserId) {
    }

    private IdentityLearning() {
    }

    /**
     * Applies the posts in order.
     *
     * @param stored the stored identities of the run's authors (others are ignored); changed in place
     * @param now    when this service learns a new identity ({@link SocialIdentity#learnedAt})
     */
    public static Outcome apply(Collection<SocialIdentity> stored, List<Post> posts, Instant now) {
        Map<Key, SocialIdentity> known = new HashMap<>();
        stored.forEach(identity -> known.put(new Key(identity.channel, identity.platformUserId), identity));
        List<SocialIdentity> created = new ArrayList<>();
        List<HandleHistoryEntry> changes = new ArrayList<>();
        List<Learned> learned = new ArrayList<>(posts.size());
        for (Post post : posts) {
            Key key = new Key(post.channel(), post.platformUserId());
            SocialIdentity identity = known.get(key);
            if (identity == null) {
                identity = firstSighting(post, now);
                known.put(key, identity);
                created.add(identity);
                learned.add(new Learned(identity.id, false));
            } else {
                observe(identity, post).ifPresent(changes::add);
                learned.add(new Learned(identity.id, true));
            }
        }
        return new Outcome(created, changes, learned);
    }

    private static SocialIdentity firstSighting(Post post, Instant now) {
        SocialIdentity identity = new SocialIdentity();
        identity.id = UUID.randomUUID();
        identity.channel = post.channel();
        identity.platformUserId = post.platformUserId();
        identity.learnedAt = now;
        identity.apply(IdentityState.firstSighting(post.sighting()));
        identity.observeProfile(post.profile());
        identity.observeAccount(post.accountId(), post.sighting().at());
        return identity;
    }

    /** A further post of a known identity; the handle change it revealed, if any, to be recorded. */
    private static Optional<HandleHistoryEntry> observe(SocialIdentity identity, Post post) {
        IdentityState.Observed observed = identity.state().observe(post.sighting());
        identity.apply(observed.state());
        identity.observeProfile(post.profile());
        identity.observeAccount(post.accountId(), post.sighting().at());
        return observed.handleChange().map(change -> {
            HandleHistoryEntry entry = new HandleHistoryEntry();
            entry.id = UUID.randomUUID();
            entry.identityId = identity.id;
            entry.oldHandle = change.oldHandle();
            entry.newHandle = change.newHandle();
            entry.changedAt = change.changedAt();
            entry.postId = post.postId();
            return entry;
        });
    }
}
