package io.outpost.ingest.domain;

import java.time.Duration;

/**
 * When many posts on one subject in a short window suggest an incident: at least {@code minPosts}
 * in the window, and at least {@code factor} times the subject's usual count per window (its
 * average over the {@code baseline} period before the window). A subject that is always busy
 * (billing questions on a Monday) is not a surge; a sudden burst of outage reports is.
 *
 * @param window   the sliding window counted
 * @param baseline how far before the window the usual rate is measured
 * @param minPosts the fewest posts that can make a surge
 * @param factor   how many times the usual count per window
 */
public record SurgeRule(Duration window, Duration baseline, int minPosts, double factor) {

    public SurgeRule {
        if (window.isNegative() || window.isZero() || baseline.compareTo(window) < 0) {
            throw new IllegalArgumentException("surge window must be positive and the baseline at least as long as it");
        }
        if (minPosts < 1 || factor < 1) {
            throw new IllegalArgumentException("surge min-posts must be at least 1 and factor at least 1");
        }
    }

    /** The usual count per window, from the count over the baseline period. */
    public double usualPerWindow(long baselineCount) {
        return baselineCount * ((double) window.toMillis() / baseline.toMillis());
    }

    public boolean isSurge(long inWindow, long baselineCount) {
        return inWindow >= minPosts && inWindow >= factor * usualPerWindow(baselineCount);
    }
}
