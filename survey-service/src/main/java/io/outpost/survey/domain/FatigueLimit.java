package io.outpost.survey.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * At most {@code max} surveys within any {@code window}.
 *
 * <p>Windows are half-open: two surveys exactly one window apart do not share a window. With the
 * defaults (1 per 30 days, 1 per 24 h) a survey sent exactly 30 days (24 h) after the previous one
 * is allowed; one second earlier it is not.
 *
 * @param max    surveys allowed within the window, at least 1
 * @param window how far apart surveys must be to not count together, positive
 */
public record FatigueLimit(int max, Duration window) {

    public FatigueLimit {
        Objects.requireNonNull(window, "window");
        if (max < 1) {
            throw new IllegalArgumentException("a fatigue limit allows at least 1 survey, got " + max);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a fatigue window must be positive, got " + window);
        }
    }

    /**
     * Whether one more survey may be sent at {@code at}, given the instants of the other surveys,
     * sent or already scheduled (before or after {@code at}). It may, unless {@code at} and
     * {@code max} of the others would all fall within less than one window of each other. A survey
     * exactly one window away no longer counts.
     *
     * <p>Scheduled surveys count too because surveys are decided at resolution and sent after a
     * delay: a survey already scheduled later than {@code at} must not be doubled by this one.
     */
    public boolean allows(Collection<Instant> others, Instant at) {
        Objects.requireNonNull(at, "at");
        List<Instant> near = others.stream()
                .filter(o -> Duration.between(o, at).abs().compareTo(window) < 0)
                .sorted()
                .toList();
        // The tightest group of `max` others around `at` is always a run of consecutive instants.
        for (int i = 0; i + max <= near.size(); i++) {
            Instant first = near.get(i);
            Instant last = near.get(i + max - 1);
            Instant from = first.isBefore(at) ? first : at;
            Instant to = last.isAfter(at) ? last : at;
            if (Duration.between(from, to).compareTo(window) < 0) {
                return false;
            }
        }
        return true;
    }
}
