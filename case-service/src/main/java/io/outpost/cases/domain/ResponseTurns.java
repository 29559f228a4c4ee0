package io.outpost.cases.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which customer post waits for our answer. A customer turn starts with the first customer post
 * after our latest response and ends with our next response. A response is what the customer could
 * read: a reply once delivered, at its delivery time ({@link ReplyDelivery}; a reply still sending or
 * refused by the platform leaves the turn open), or a post the brand typed on the platform, at its
 * platform time. The echo of a reply is that reply's confirmation, never a response of its own.
 * Deleted posts do not wait: the customer took the question back.
 */
public final class ResponseTurns {

    private ResponseTurns() {
    }

    /**
     * @param customerPosts platform times of the customer's posts that are not deleted
     * @param responses     times of our responses
     * @return the platform time of the first customer post after our latest response, or null when
     *         nothing waits
     */
    public static Instant waitingSince(Collection<Instant> customerPosts, Collection<Instant> responses) {
        Instant lastResponse = responses.stream().max(Instant::compareTo).orElse(null);
        return customerPosts.stream()
                .filter(t -> lastResponse == null || t.isAfter(lastResponse))
                .min(Instant::compareTo)
                .orElse(null);
    }

    /**
     * The times of our responses: each reply that counts ({@link ReplyDelivery.State#countsAsResponse()})
     * at its delivery, each post the brand typed on the platform ({@link CasePost#countsAsBrandResponse()})
     * at its platform time. Echoes and replies still sending or failed are left out.
     */
    public static List<Instant> responses(Collection<ReplyDelivery.State> replies, Collection<CasePost> posts) {
        List<Instant> out = new ArrayList<>();
        replies.stream().filter(ReplyDelivery.State::countsAsResponse).forEach(r -> out.add(r.deliveredAt()));
        posts.stream().filter(CasePost::countsAsBrandResponse).forEach(p -> out.add(p.createdAt));
        return out;
    }

    /** The first response: the earliest of our responses' times, null when there is none. */
    public static Instant firstResponse(Collection<Instant> responses) {
        return responses.stream().min(Instant::compareTo).orElse(null);
    }
}
