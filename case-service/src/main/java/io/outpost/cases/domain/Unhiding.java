package io.outpost.cases.domain;

import java.time.Instant;

/**
 * What un-hiding a post does. ingest-service hides bots, spam and campaign posts; one that lands in
 * a customer's conversation is kept on the case's timeline but does not drive the case. A person who
 * finds a real customer behind it un-hides it, and from then it counts as a customer post that
 * arrived at the un-hide time:
 *
 * <ul>
 *   <li>a resolved case is reopened, and a pending one opened, when the post came after the case
 *       went there (the agent could not see it; had it not been hidden, it would have done so on
 *       arrival). A post older than the resolution or the pending state does not undo them: the
 *       agent moved the case after the customer wrote.</li>
 *   <li>its SLA turn starts at the un-hide time, not at the post's platform time
 *       ({@link CasePost#waitsFrom()}): nobody could answer it while it was hidden, and a turn
 *       dated back would be breached the moment it is un-hidden.</li>
 * </ul>
 *
 * Un-hiding again changes nothing. Refused: a post that is not hidden (nothing to un-hide), a post
 * the customer deleted (nothing to answer), a closed case (final), and a hidden case (bot or spam as
 * a whole: it never reaches agents or routing, and showing it is another decision than counting one
 * of its posts).
 */
public final class Unhiding {

    private Unhiding() {
    }

    /** What happens. */
    public sealed interface Outcome permits Unhide, AlreadyUnhidden, Refused {
    }

    /**
     * Un-hide the post.
     *
     * @param reopen the status the case moves from to {@code open} (resolved or pending), or null
     *               when its status stays
     */
    public record Unhide(CaseStatus reopen) implements Outcome {
    }

    /** Un-hidden before: nothing changes (the request is idempotent). */
    public record AlreadyUnhidden() implements Outcome {
    }

    /** Refused (a conflict with the post's or the case's state), and why. */
    public record Refused(String why) implements Outcome {
    }

    /**
     * @param post        the post, in its case
     * @param status      the case's status
     * @param caseHidden  the case itself is hidden (opened by a bot or spam post)
     * @param statusSince when the case became resolved (its resolution time) or pending (the start
     *                    of its current pause); null for other states or when not known
     */
    public static Outcome decide(CasePost post, CaseStatus status, boolean caseHidden, Instant statusSince) {
        if (post.hiddenReason != null && post.unhiddenAt != null) {
            return new AlreadyUnhidden();
        }
        if (post.hiddenReason == null) {
            return new Refused("post " + post.id + " is not hidden");
        }
        if (post.deletedAt != null) {
            return new Refused("post " + post.id + " was deleted by its author: there is nothing to answer");
        }
        if (caseHidden) {
            return new Refused("case " + post.caseId + " is hidden as a whole (bot or spam): its posts cannot count "
                    + "while the case itself is hidden");
        }
        if (status == CaseStatus.CLOSED) {
            return new Refused("case " + post.caseId + " is closed: a closed case is final");
        }
        boolean cameAfter = statusSince == null || post.createdAt.isAfter(statusSince);
        if ((status == CaseStatus.RESOLVED || status == CaseStatus.PENDING) && cameAfter) {
            return new Unhide(status);
        }
        return new Unhide(null);
    }
}
