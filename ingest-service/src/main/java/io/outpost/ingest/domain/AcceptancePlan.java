package io.outpost.ingest.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What accepting a batch of incoming posts, in order, means — decided in memory from what one
 * lookup found stored, so that a batch costs a fixed number of database round trips instead of
 * several per post. The outcome is the same as accepting the posts one after another: a post
 * already stored, or earlier in the batch, is a duplicate of that one; a reply finds its parent
 * stored or earlier in the batch; a bot's copies are counted among the stored posts and the
 * batch's earlier posts alike.
 */
public final class AcceptancePlan {

    /** A post's platform identity. */
    public record PostKey(String channel, String externalId) {
    }

    /** A post as stored (or as this batch will store it): what a duplicate or a reply needs to know of it. */
    public record Stored(UUID id, String conversationKey) {
    }

    /**
     * One incoming post's fate: a duplicate of {@code stored}, or new with {@code stored} as its id and
     * conversation key.
     */
    public record Step(IncomingPost incoming, Stored stored, boolean duplicate) {
    }

    /** One copy of a text for the repeat check: by whom, on which channel, which fingerprint, when (platform time). */
    public record Copy(String channel, String author, String fingerprint, Instant createdAt) {

        boolean sameText(Copy other) {
            return channel.equals(other.channel) && author.equals(other.author) && fingerprint.equals(other.fingerprint);
        }
    }

    private AcceptancePlan() {
    }

    /** The keys to look up before planning: every post's own and its parent's. */
    public static Set<PostKey> lookupKeys(List<IncomingPost> posts) {
        Set<PostKey> keys = new LinkedHashSet<>();
        for (IncomingPost post : posts) {
            keys.add(new PostKey(post.channel().wireName(), post.externalId()));
            if (post.inReplyToExternalId() != null) {
                keys.add(new PostKey(post.channel().wireName(), post.inReplyToExternalId()));
            }
        }
        return keys;
    }

    /**
     * Each post in order: a duplicate when its key is stored or came earlier in the batch, else new
     * with a fresh id and its conversation key ({@link ConversationKeys}; the parent looked up among the
     * stored posts and the batch's earlier ones).
     */
    public static List<Step> plan(List<IncomingPost> posts, Map<PostKey, Stored> stored, Supplier<UUID> ids) {
        Map<PostKey, Stored> known = new HashMap<>(stored);
        List<Step> steps = new ArrayList<>(posts.size());
        for (IncomingPost post : posts) {
            PostKey key = new PostKey(post.channel().wireName(), post.externalId());
            Stored existing = known.get(key);
            if (existing != null) {
                steps.add(new Step(post, existing, true));
                continue;
            }
            Stored parent = post.inReplyToExternalId() == null ? null
                    : known.get(new PostKey(key.channel(), post.inReplyToExternalId()));
            String conversationKey = ConversationKeys.of(post.channel(), post.externalId(), post.threadId(),
                    post.inReplyToExternalId(), parent == null ? null : parent.conversationKey());
            Stored fresh = new Stored(ids.get(), conversationKey);
            known.put(key, fresh);
            steps.add(new Step(post, fresh, false));
        }
        return steps;
    }

    /**
     * For each candidate (null: not checked), how many earlier copies of its text by its author are
     * within {@code window} before its time, inclusive: the stored ones plus the candidates before it in
     * the batch — as if the batch's posts had been stored one by one.
     */
    public static long[] earlierCopies(List<Copy> candidates, List<Copy> stored, Duration window) {
        long[] counts = new long[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            Copy candidate = candidates.get(i);
            if (candidate == null) {
                continue;
            }
            Instant from = candidate.createdAt().minus(window);
            long count = 0;
            for (Copy copy : stored) {
                if (candidate.sameText(copy) && within(copy.createdAt(), from, candidate.createdAt())) {
                    count++;
                }
            }
            for (int j = 0; j < i; j++) {
                Copy earlier = candidates.get(j);
                if (earlier != null && candidate.sameText(earlier) && within(earlier.createdAt(), from, candidate.createdAt())) {
                    count++;
                }
            }
            counts[i] = count;
        }
        return counts;
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        return !at.isBefore(from) && !at.isAfter(to);
    }
}
