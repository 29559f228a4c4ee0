package io.outpost.cases.domain;

import java.time.Instant;
import java.util.Collection;

/**
 * Which customer post waits for our answer. A customer turn starts with the first customer post
 * after our latest response (an API reply that did not fail, or an echo of our own post) and ends
 * with our next response. Deleted posts do not wait: the customer took the question back.
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
}
