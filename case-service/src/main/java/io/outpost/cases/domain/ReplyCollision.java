package io.outpost.cases.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Collision control for public replies: a colleague answered the same customer post a moment ago, so a
 * second public answer would be a duplicate the customer sees (and the brand's followers too). The agent is
 * told who and when, and sends anyway only by confirming. Private messages do not collide: a DM after a
 * public answer is the usual way to continue.
 */
public final class ReplyCollision {

    private ReplyCollision() {
    }

    /** One of the case's replies as the check reads it. */
    public record Earlier(UUID replyId, String author, String visibility, String inReplyToExternalId, String status,
            Instant requestedAt) {

        public static Earlier of(CaseReply r) {
            return new Earlier(r.id, r.authorUsername, r.visibility, r.inReplyToExternalId, r.status, r.requestedAt);
        }
    }

    /** Who answered the post and when: the colleague's login, the reply and its request time. */
    public record Collision(String colleague, UUID replyId, Instant repliedAt) {
    }

    /**
     * The latest public reply by someone else to {@code post} within {@code window} before {@code now}, if any.
     * A failed reply answered nobody and does not collide; the caller's own earlier reply is theirs to repeat.
     */
    public static Optional<Collision> find(String me, String visibility, String post, List<Earlier> replies, Instant now,
            Duration window) {
        if (!"public".equals(visibility) || post == null || window.isZero() || window.isNegative()) {
            return Optional.empty();
        }
        Instant since = now.minus(window);
        return replies.stream()
                .filter(r -> "public".equals(r.visibility()) && post.equals(r.inReplyToExternalId()))
                .filter(r -> !CaseReply.FAILED.equals(r.status()))
                .filter(r -> r.author() != null && !r.author().equals(me))
                .filter(r -> r.requestedAt() != null && r.requestedAt().isAfter(since))
                .max(Comparator.comparing(Earlier::requestedAt))
                .map(r -> new Collision(r.author(), r.replyId(), r.requestedAt()));
    }
}
