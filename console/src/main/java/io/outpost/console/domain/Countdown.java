package io.outpost.console.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/** Countdowns as the pages print them (the browser's script keeps the same format, console.js). */
public final class Countdown {

    private Countdown() {
    }

    /** "12m 05s", "2h 03m", "1d 4h"; past deadlines as "3m 10s overdue". */
    public static String format(Instant dueAt, Instant now) {
        if (dueAt == null) {
            return "—";
        }
        long seconds = Duration.between(now, dueAt).getSeconds();
        boolean overdue = seconds < 0;
        long s = Math.abs(seconds);
        String text;
        if (s >= 86_400) {
            text = (s / 86_400) + "d " + (s % 86_400) / 3600 + "h";
        } else if (s >= 3600) {
            text = (s / 3600) + "h " + String.format("%02dm", (s % 3600) / 60);
        } else {
            text = (s / 60) + "m " + String.format("%02ds", s % 60);
        }
        return overdue ? text + " overdue" : text;
    }

    /**
     * The deadline a row counts down to: the case's {@code nextDueAt} when case-service gives it, else
     * the earliest running SLA target (a paused target has no due time; a met one is done).
     */
    public static Instant nextDue(Instant nextDueAt, Collection<Target> targets) {
        if (nextDueAt != null) {
            return nextDueAt;
        }
        if (targets == null) {
            return null;
        }
        return targets.stream()
                .filter(t -> t.dueAt() != null && ("running".equals(t.state()) || "breached".equals(t.state())))
                .map(Target::dueAt)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(null);
    }

    /** An SLA target as case-service reports it. */
    public record Target(Instant dueAt, String state) {
    }
}
