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
