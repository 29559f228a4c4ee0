package io.outpost.cases.domain;

import io.outpost.contracts.Visibility;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which post a public reply answers by default (its {@code inReplyToExternalId}): the customer's
 * latest public post by platform time (receive time, then id, on a tie) that counts as a customer
 * message. A hidden bot or spam reply in the thread is skipped: answering it would put our reply
 * under the spam, out of the customer's sight, and the platform would show it as our answer to the
 * bot.
 */
public final class ReplyTarget {

    private static final Comparator<CasePost> PLATFORM_ORDER = Comparator.comparing((CasePost p) -> p.createdAt)
            .thenComparing(p -> p.receivedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(p -> p.id);

    private ReplyTarget() {
    }

    /** The post a public reply answers, or empty when the case has no public customer post that counts. */
    public static Optional<CasePost> publicPostToAnswer(Collection<CasePost> posts) {
        return posts.stream()
                .filter(CasePost::countsAsCustomerMessage)
                .filter(p -> Visibility.PUBLIC.wireName().equals(p.visibility))
                .max(PLATFORM_ORDER);
    }
}
