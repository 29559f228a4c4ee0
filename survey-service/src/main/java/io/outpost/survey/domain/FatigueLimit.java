package io.outpost.survey.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * At most {@code max} surveys within any {@code window}.
 *
 * @param max    surveys allowed within the window, at least 1
 * @param window how far back surveys count, positive
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
     * Whether one more survey may be sent at {@code now}, given when earlier ones were sent. A
     * survey sent exactly one window ago no longer counts.
     */
    public boolean allows(Collection<Instant> sentBefore, Instant now) {
        Instant from = now.minus(window);
        long recent = sentBefore.stream().filter(sent -> sent.isAfter(from) && !sent.isAfter(now)).count();
        return recent < max;
    }
}
