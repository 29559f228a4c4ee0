package io.outpost.cases.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * When a team is open: a time zone, opening hours per day of the week (several ranges a day
 * allowed), and dated exceptions (a holiday closes the whole day; special hours replace the
 * weekly hours of one date, e.g. Christmas Eve 09:00-12:00).
 *
 * <p>Opening hours are wall-clock times in the calendar's zone, turned into instants date by date
 * with these rules:
 * <ul>
 *   <li>A range is {@code [start, end)}. An end of {@code 24:00} (or {@code 00:00} after a later
 *       start) is the end of the day.</li>
 *   <li>An <b>overnight</b> range ({@code 22:00-06:00}, end before start) runs from the start on
 *       its own date to the end on the next date. It belongs to the date it starts on: a holiday
 *       or special hours on that date removes the whole shift, a holiday on the next date does
 *       not cut its tail.</li>
 *   <li><b>DST gap</b> (spring forward): a wall time that does not exist maps to the instant of
 *       the transition, so {@code 01:00-05:00} in Europe/Berlin on the spring-forward day is
 *       3 hours long, and a range entirely inside the gap is empty.</li>
 *   <li><b>DST overlap</b> (fall back): a start that occurs twice takes its first occurrence, an
 *       end that occurs twice its second one, so {@code 01:00-05:00} on the fall-back day is
 *       5 hours long: the range is open from the first moment the clock shows its start to the
 *       last moment the clock shows its end.</li>
 *   <li>Ranges that overlap (also across midnight and across days, e.g. an overnight range and the
 *       next morning) count once: the intervals of instants never overlap, though they may touch
 *       (a 24x7 calendar is a chain of touching days).</li>
 * </ul>
 *
 * <p>A calendar with no open time in its weekly hours is refused: a target would never be
 * reached. Exceptions are finite, so a calendar with weekly open time always opens again; the
 * open-interval iterator still fails loudly instead of looping if it finds no open time (only a
 * zone whose DST gaps swallow every weekly range could cause that).
 *
 * <p>Immutable and thread-safe.
 */
public final class BusinessCalendar {

    /** A half-open interval of instants {@code [start, end)}. */
    public record Interval(Instant start, Instant end) {
        public Interval {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (end.isBefore(start)) {
                throw new IllegalArgumentException("interval ends before it starts: " + start + " > " + end);
            }
        }

        public boolean contains(Instant instant) {
            return !instant.isBefore(start) && instant.isBefore(end);
        }
    }

    /**
     * A wall-clock range of one day: {@code [start, end)}; {@code end} 00:00 with a later start
     * (or with start 00:00) means the end of the day; an end before the start is an overnight
     * range that ends on the next day.
     */
    public record TimeRange(LocalTime start, LocalTime end) {
        public TimeRange {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (start.equals(end) && !end.equals(LocalTime.MIDNIGHT)) {
                throw new IllegalArgumentException("empty range " + start + "-" + end
                        + " (use 00:00-24:00 for a whole day)");
            }
        }

        /** {@code "09:00-17:00"}, {@code "00:00-24:00"}, {@code "22:00-06:00"} (overnight). */
        public static TimeRange parse(String text) {
            Objects.requireNonNull(text, "range");
            String[] parts = text.trim().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("range must look like 09:00-17:00, got '" + text + "'");
            }
            return new TimeRange(time(parts[0].trim()), time(parts[1].trim()));
        }

        private static LocalTime time(String text) {
            if (text.equals("24:00")) {
                return LocalTime.MIDNIGHT;
            }
            try {
                return LocalTime.parse(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a time of day: '" + text + "'", e);
            }
        }

        /** Whether the range ends at midnight (24:00) of its own day. */
        public boolean endsAtEndOfDay() {
            return end.equals(LocalTime.MIDNIGHT);
        }

        /** Whether the range runs past midnight into the next day (its end is before its start). */
        public boolean overnight() {
            return !endsAtEndOfDay() && end.isBefore(start);
        }

        @Override
        public String toString() {
            return start + "-" + (endsAtEndOfDay() ? "24:00" : end.toString());
        }
    }

    private final ZoneId zone;
    private final ZoneRules rules;
    private final Map<DayOfWeek, List<TimeRange>> weekly;
    /** Date -> ranges replacing the weekly ones on that date; empty = closed all day. */
    private final Map<LocalDate, List<TimeRange>> exceptions;
    private final int maxClosedDays;

    private BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<TimeRange>> weekly,
            Map<LocalDate, List<TimeRange>> exceptions) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.rules = zone.getRules();
        EnumMap<DayOfWeek, List<TimeRange>> w = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            w.put(day, sorted(weekly.getOrDefault(day, List.of())));
        }
        this.weekly = w;
        TreeMap<LocalDate, List<TimeRange>> x = new TreeMap<>();
        exceptions.forEach((date, ranges) -> x.put(date, sorted(ranges)));
        this.exceptions = x;
        if (w.values().stream().allMatch(List::isEmpty)) {
            throw new IllegalArgumentException(
                    "calendar has no opening hours in its week: an SLA target would never be reached");
        }
        // Some weekday has open time; a closed run of more than 7 * (exceptions + 1) + 6 days
        // would need that weekday to be an exception more often than there are exceptions.
        this.maxClosedDays = 7 * (x.size() + 2);
    }

    private static List<TimeRange> sorted(Collection<TimeRange> ranges) {
        List<TimeRange> list = new ArrayList<>(ranges);
        list.forEach(r -> Objects.requireNonNull(r, "range"));
        list.sort(Comparator.comparing(TimeRange::start));
        return List.copyOf(list);
    }

    /** Open around the clock every day (24x7) in {@code zone}; holidays can still be added with a builder. */
    public static BusinessCalendar always(ZoneId zone) {
        return builder(zone).everyDay("00:00-24:00").build();
    }

    public static Builder builder(ZoneId zone) {
        return new Builder(zone);
    }

    public ZoneId zone() {
        return zone;
    }

    /** The weekly ranges of {@code day}, sorted by start. */
    public List<TimeRange> hours(DayOfWeek day) {
        return weekly.get(day);
    }

    /** The ranges in force on {@code date} (special hours, nothing on a holiday, else the weekly ones). */
    public List<TimeRange> hoursOn(LocalDate date) {
        List<TimeRange> special = exceptions.get(date);
        return special != null ? special : weekly.get(date.getDayOfWeek());
    }

    /** Whether the calendar is open at {@code instant}. */
    public boolean isOpen(Instant instant) {
        Interval first = openIntervals(instant).next();
        return first.start().equals(instant);
    }

    /**
     * The open intervals that end after {@code from}, in order, disjoint (they may touch), the
     * first one cut to start no earlier than {@code from}. Endless; computed lazily date by
     * date, so a 30-day target costs a few dozen intervals, not minutes.
     *
     * @throws IllegalStateException from {@code next()} if no open time is found in a long run of
     *         days (see the class comment)
     */
    public Iterator<Interval> openIntervals(Instant from) {
        Objects.requireNonNull(from, "from");
        return new OpenIterator(from);
    }

    /** Open time in {@code [from, to)}; zero if {@code to} is not after {@code from}. */
    public Duration openTimeBetween(Instant from, Instant to) {
        Duration total = Duration.ZERO;
        if (!to.isAfter(from)) {
            return total;
        }
        Iterator<Interval> it = openIntervals(from);
        while (true) {
            Interval iv = it.next();
            if (!iv.start().isBefore(to)) {
                return total;
            }
            Instant end = iv.end().isAfter(to) ? to : iv.end();
            total = total.plus(Duration.between(iv.start(), end));
        }
    }

    /** The instants of the ranges in force on {@code date} (unmerged, sorted by start). */
    private List<Interval> intervalsOf(LocalDate date) {
        List<TimeRange> ranges = hoursOn(date);
        List<Interval> out = new ArrayList<>(ranges.size());
        for (TimeRange r : ranges) {
            Instant start = startInstant(date.atTime(r.start()));
            LocalDateTime endTime = r.endsAtEndOfDay() ? date.plusDays(1).atStartOfDay()
                    : r.overnight() ? date.plusDays(1).atTime(r.end()) : date.atTime(r.end());
            Instant end = endInstant(endTime);
            if (end.isAfter(start)) {
                out.add(new Interval(start, end));
            }
        }
        return out;
    }

    /** First instant at which the wall clock shows {@code time} (or has jumped past it). */
    private Instant startInstant(LocalDateTime time) {
        ZoneOffsetTransition t = rules.getTransition(time);
        if (t == null) {
            return time.atZone(zone).toInstant();
        }
        return t.isGap() ? t.getInstant() : time.toInstant(t.getOffsetBefore());
    }

    /** Last instant at which the wall clock shows {@code time} (or the jump past it). */
    private Instant endInstant(LocalDateTime time) {
        ZoneOffsetTransition t = rules.getTransition(time);
        if (t == null) {
            return time.atZone(zone).toInstant();
        }
        return t.isGap() ? t.getInstant() : time.toInstant(t.getOffsetAfter());
    }

    private final class OpenIterator implements Iterator<Interval> {
        private final Instant from;
        private LocalDate nextDate;
        private final Deque<Interval> buffered = new ArrayDeque<>();
        /** End of the last interval returned. */
        private Instant frontier;
        private int closedDays;

        OpenIterator(Instant from) {
            this.from = from;
            // The day before may hold an overnight range (or a DST-shifted end) reaching into from's day.
            this.nextDate = LocalDate.ofInstant(from, zone).minusDays(1);
        }

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Interval next() {
            while (true) {
                Interval candidate = nextCandidate();
                // Candidates come sorted by start; cut off what an earlier one already covered.
                Instant begin = frontier != null && frontier.isAfter(candidate.start()) ? frontier : candidate.start();
                if (candidate.end().isAfter(begin)) {
                    frontier = candidate.end();
                    return new Interval(begin, candidate.end());
                }
            }
        }

        /** The next interval (by start) that ends after {@code from}, cut to start at {@code from}. */
        private Interval nextCandidate() {
            while (buffered.isEmpty()) {
                if (closedDays > maxClosedDays) {
                    throw new IllegalStateException("calendar has no open time in " + maxClosedDays
                            + " days after " + from);
                }
                List<Interval> day = intervalsOf(nextDate);
                nextDate = nextDate.plusDays(1);
                boolean any = false;
                for (Interval iv : day) {
                    if (iv.end().isAfter(from)) {
                        buffered.add(iv.start().isBefore(from) ? new Interval(from, iv.end()) : iv);
                        any = true;
                    }
                }
                closedDays = any ? 0 : closedDays + 1;
            }
            return buffered.poll();
        }
    }

    /** Builds a calendar; later calls for the same day or date replace earlier ones. */
    public static final class Builder {
        private final ZoneId zone;
        private final Map<DayOfWeek, List<TimeRange>> weekly = new EnumMap<>(DayOfWeek.class);
        private final Map<LocalDate, List<TimeRange>> exceptions = new TreeMap<>();

        private Builder(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
        }

        /** Opening hours of {@code day}, e.g. {@code hours(SATURDAY, "10:00-14:00", "15:00-18:00")}. */
        public Builder hours(DayOfWeek day, String... ranges) {
            weekly.put(Objects.requireNonNull(day, "day"), parse(ranges));
            return this;
        }

        public Builder hours(Collection<DayOfWeek> days, String... ranges) {
            days.forEach(d -> hours(d, ranges));
            return this;
        }

        public Builder hours(DayOfWeek day, List<TimeRange> ranges) {
            weekly.put(Objects.requireNonNull(day, "day"), List.copyOf(ranges));
            return this;
        }

        public Builder weekdays(String... ranges) {
            for (DayOfWeek d : DayOfWeek.values()) {
                if (d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY) {
                    hours(d, ranges);
                }
            }
            return this;
        }

        public Builder everyDay(String... ranges) {
            for (DayOfWeek d : DayOfWeek.values()) {
                hours(d, ranges);
            }
            return this;
        }

        /** Closed all of {@code date}. */
        public Builder holiday(LocalDate date) {
            exceptions.put(Objects.requireNonNull(date, "date"), List.of());
            return this;
        }

        public Builder holidays(Collection<LocalDate> dates) {
            dates.forEach(this::holiday);
            return this;
        }

        /** Open only in {@code ranges} on {@code date} (a partial holiday), instead of the weekly hours. */
        public Builder specialHours(LocalDate date, String... ranges) {
            exceptions.put(Objects.requireNonNull(date, "date"), parse(ranges));
            return this;
        }

        private static List<TimeRange> parse(String... ranges) {
            List<TimeRange> list = new ArrayList<>();
            for (String r : ranges) {
                list.add(TimeRange.parse(r));
            }
            return list;
        }

        public BusinessCalendar build() {
            return new BusinessCalendar(zone, weekly, exceptions);
        }
    }
}
