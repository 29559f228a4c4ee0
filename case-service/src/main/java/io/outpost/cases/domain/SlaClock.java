package io.outpost.cases.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One SLA target of one case: business time counted on a {@link BusinessCalendar} from a start
 * instant (the platform's post time, not the time we received the post), stopped while the case
 * is pending on the customer.
 *
 * <p>Business time is the open time of the calendar minus the pauses. Rules:
 * <ul>
 *   <li>Pauses are {@code [from, until)}; {@code until == null} is a pause still going on (the case
 *       is pending now). Pauses may overlap or touch (they are merged), lie outside open hours
 *       (they then change nothing), or start before the clock's start (only the part after the
 *       start matters: a clock that starts inside a pause starts running when the pause ends).</li>
 *   <li>{@link #dueAt()} is the first instant at which the business time since the start reaches
 *       the target. A target that ends exactly at closing time is due at closing time, not at
 *       the next opening. A zero target is due at the start. While an open-ended pause stops the
 *       clock before the target is reached there is no due instant (empty).</li>
 *   <li>{@link #stateAt(Instant)}: breached means strictly after the due instant; an answer at
 *       the due instant is on time.</li>
 * </ul>
 *
 * <p>Cost grows with the number of open intervals crossed (one or a few per calendar day) and
 * pauses, never with minutes: a 30-day target on an office calendar is a few hundred steps.
 * Immutable and thread-safe.
 */
public final class SlaClock {

    /** The customer owes us an answer from {@code from} until {@code until} (null: still pending). */
    public record Pause(Instant from, Instant until) {
        public Pause {
            Objects.requireNonNull(from, "pause from");
            if (until != null && until.isBefore(from)) {
                throw new IllegalArgumentException("pause ends before it starts: " + from + " > " + until);
            }
        }

        public static Pause openEnded(Instant from) {
            return new Pause(from, null);
        }

        public boolean openEnded() {
            return until == null;
        }
    }

    /** What the clock does at an instant. */
    public enum Phase {
        /** Before the start instant. */
        NOT_STARTED,
        /** Counting: the calendar is open and no pause. */
        RUNNING,
        /** Not paused, but the calendar is closed (night, weekend, holiday). */
        OUTSIDE_HOURS,
        /** Stopped: pending on the customer (takes precedence over outside hours). */
        PAUSED
    }

    /**
     * The clock at one instant.
     *
     * @param elapsed   business time since the start
     * @param remaining business time left until the target, zero once reached
     * @param dueAt     see {@link SlaClock#dueAt()}
     * @param breached  the instant is after the due instant
     */
    public record State(Phase phase, Duration elapsed, Duration remaining, Optional<Instant> dueAt,
            boolean breached) {
    }

    private final BusinessCalendar calendar;
    private final Instant start;
    private final Duration target;
    /** Closed pauses, sorted, merged, none touching, all before {@link #stopsAt}. */
    private final List<Pause> pauses;
    /** Start of the open-ended pause (the clock never runs again from here), or null. */
    private final Instant stopsAt;
    /** Cached {@link #dueAt()}; a race only computes the same immutable value twice. */
    private Optional<Instant> due;

    public SlaClock(BusinessCalendar calendar, Instant start, Duration target, List<Pause> pauses) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.start = Objects.requireNonNull(start, "start");
        this.target = Objects.requireNonNull(target, "target");
        if (target.isNegative()) {
            throw new IllegalArgumentException("negative target " + target);
        }
        List<Pause> sorted = new ArrayList<>(Objects.requireNonNull(pauses, "pauses"));
        sorted.forEach(p -> Objects.requireNonNull(p, "pause"));
        sorted.sort(Comparator.comparing(Pause::from));
        List<Pause> merged = new ArrayList<>();
        Instant openFrom = null;
        for (Pause p : sorted) {
            if (p.openEnded()) {
                openFrom = p.from(); // the earliest open-ended pause; everything later is inside it
                break;
            }
            if (!p.until().isAfter(p.from())) {
                continue; // empty
            }
            Pause last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !p.from().isAfter(last.until())) {
                if (p.until().isAfter(last.until())) {
                    merged.set(merged.size() - 1, new Pause(last.from(), p.until()));
                }
            } else {
                merged.add(p);
            }
        }
        if (openFrom != null) {
            // A closed pause reaching into the open-ended one makes the stop begin earlier.
            while (!merged.isEmpty() && !merged.get(merged.size() - 1).until().isBefore(openFrom)) {
                Pause last = merged.remove(merged.size() - 1);
                if (last.from().isBefore(openFrom)) {
                    openFrom = last.from();
                }
            }
        }
        this.pauses = List.copyOf(merged);
        this.stopsAt = openFrom;
    }

    public BusinessCalendar calendar() {
        return calendar;
    }

    public Instant start() {
        return start;
    }

    public Duration target() {
        return target;
    }

    /** The instant the target is reached; empty while an open-ended pause stops the clock first. */
    public Optional<Instant> dueAt() {
        Optional<Instant> d = due;
        if (d == null) {
            d = computeDue();
            due = d;
        }
        return d;
    }

    private Optional<Instant> computeDue() {
        if (target.isZero()) {
            return Optional.of(start);
        }
        Instant[] found = new Instant[1];
        Duration[] left = {target};
        walk(start, null, (a, b) -> {
            Duration piece = Duration.between(a, b);
            if (piece.compareTo(left[0]) >= 0) {
                found[0] = a.plus(left[0]);
                return false;
            }
            left[0] = left[0].minus(piece);
            return true;
        });
        return Optional.ofNullable(found[0]);
    }

    /** Business time in {@code [from, to)} (open, not paused); zero if {@code to} is not after {@code from}. */
    public Duration elapsedBetween(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        Duration[] total = {Duration.ZERO};
        walk(from, to, (a, b) -> {
            total[0] = total[0].plus(Duration.between(a, b));
            return true;
        });
        return total[0];
    }

    /** Business time from the start to {@code at}. */
    public Duration elapsedAt(Instant at) {
        return elapsedBetween(start, at);
    }

    public State stateAt(Instant now) {
        Objects.requireNonNull(now, "now");
        Optional<Instant> dueAt = dueAt();
        if (now.isBefore(start)) {
            return new State(Phase.NOT_STARTED, Duration.ZERO, target, dueAt, false);
        }
        Duration elapsed = elapsedAt(now);
        Duration remaining = elapsed.compareTo(target) >= 0 ? Duration.ZERO : target.minus(elapsed);
        Phase phase = paused(now) ? Phase.PAUSED : calendar.isOpen(now) ? Phase.RUNNING : Phase.OUTSIDE_HOURS;
        boolean breached = dueAt.isPresent() && now.isAfter(dueAt.get());
        return new State(phase, elapsed, remaining, dueAt, breached);
    }

    /** Whether a pause holds the clock at {@code instant}. */
    public boolean paused(Instant instant) {
        if (stopsAt != null && !instant.isBefore(stopsAt)) {
            return true;
        }
        for (Pause p : pauses) {
            if (p.from().isAfter(instant)) {
                return false;
            }
            if (instant.isBefore(p.until())) {
                return true;
            }
        }
        return false;
    }

    private interface Segments {
        /** A running piece {@code [a, b)}; return false to stop. */
        boolean accept(Instant a, Instant b);
    }

    /**
     * Calls {@code out} with the running pieces (open and not paused) from {@code from} on, in
     * order, up to {@code to} (null: until {@code out} stops or the open-ended pause begins).
     */
    private void walk(Instant from, Instant to, Segments out) {
        Instant limit = to;
        if (stopsAt != null && (limit == null || stopsAt.isBefore(limit))) {
            limit = stopsAt;
        }
        if (limit != null && !limit.isAfter(from)) {
            return;
        }
        Iterator<BusinessCalendar.Interval> open = calendar.openIntervals(from);
        int p = 0;
        while (true) {
            BusinessCalendar.Interval iv = open.next();
            Instant a = iv.start();
            if (limit != null && !a.isBefore(limit)) {
                return;
            }
            Instant b = limit != null && iv.end().isAfter(limit) ? limit : iv.end();
            while (p < pauses.size() && !pauses.get(p).until().isAfter(a)) {
                p++; // pauses ended before this interval: done with them for good
            }
            Instant cursor = a;
            for (int q = p; q < pauses.size() && cursor.isBefore(b); q++) {
                Pause pause = pauses.get(q);
                if (!pause.from().isBefore(b)) {
                    break;
                }
                if (pause.from().isAfter(cursor) && !out.accept(cursor, pause.from())) {
                    return;
                }
                if (pause.until().isAfter(cursor)) {
                    cursor = pause.until();
                }
            }
            if (cursor.isBefore(b) && !out.accept(cursor, b)) {
                return;
            }
        }
    }
}
