package io.outpost.console.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * How urgent a case's next SLA deadline is, for the inbox's colour and words. The thresholds follow
 * the practitioners' first-response target of 30-60 minutes: under 10 minutes left is urgent, under
 * 30 minutes soon. Colour is never the only signal: each level has its word (WCAG 1.4.1).
 */
public enum SlaUrgency {
    BREACHED("target missed"), URGENT("due very soon"), SOON("due soon"), OK("on time"), NONE("no deadline");

    static final Duration URGENT_WITHIN = Duration.ofMinutes(10);
    static final Duration SOON_WITHIN = Duration.ofMinutes(30);

    private final String words;

    SlaUrgency(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /** The CSS class of the level: sla-breached, sla-urgent, ... */
    public String cssClass() {
        return "sla-" + name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The first instant at which a deadline at {@code dueAt} is at the next, more urgent level (null when it
     * never moves on: missed, or no deadline). A page re-fetches its rows then, so the colour and words move on without
     * an event: case-service publishes {@code sla-breached} once a target is missed, nothing before it.
     */
    public Instant changesAt(Instant dueAt) {
        if (dueAt == null) {
            return null;
        }
        switch (this) {
            case OK:
                // "soon" is strictly less than SOON_WITHIN left: a millisecond past the mark.
                return dueAt.minus(SOON_WITHIN).plusMillis(1);
            case SOON:
                return dueAt.minus(URGENT_WITHIN).plusMillis(1);
            case URGENT:
                return dueAt;
            default:
                return null;
        }
    }

    public static SlaUrgency of(Instant dueAt, Instant now) {
        if (dueAt == null) {
            return NONE;
        }
        Duration left = Duration.between(now, dueAt);
        if (left.isNegative() || left.isZero()) {
            return BREACHED;
        }
        if (left.compareTo(URGENT_WITHIN) < 0) {
            return URGENT;
        }
        if (left.compareTo(SOON_WITHIN) < 0) {
            return SOON;
        }
        return OK;
    }
}
