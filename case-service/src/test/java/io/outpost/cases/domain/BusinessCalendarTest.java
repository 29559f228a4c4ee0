package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.cases.domain.BusinessCalendar.Interval;
import io.outpost.cases.domain.BusinessCalendar.TimeRange;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusinessCalendarTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Instant at(ZoneId zone, String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    static List<Interval> first(BusinessCalendar cal, Instant from, int n) {
        Iterator<Interval> it = cal.openIntervals(from);
        List<Interval> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(it.next());
        }
        return out;
    }

    static BusinessCalendar office(ZoneId zone) {
        return BusinessCalendar.builder(zone).weekdays("09:00-17:00").build();
    }

    @Test
    void rangesParse() {
        assertThat(TimeRange.parse("09:00-17:00")).isEqualTo(new TimeRange(LocalTime.of(9, 0), LocalTime.of(17, 0)));
        assertThat(TimeRange.parse(" 00:00 - 24:00 ").endsAtEndOfDay()).isTrue();
        assertThat(TimeRange.parse("22:00-06:00").overnight()).isTrue();
        assertThat(TimeRange.parse("18:00-00:00").overnight()).isFalse();
        assertThat(TimeRange.parse("18:00-24:00").toString()).isEqualTo("18:00-24:00");
        assertThatThrownBy(() -> TimeRange.parse("09:00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeRange.parse("9am-5pm")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeRange.parse("09:00-09:00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void calendarWithoutOpenTimeIsRefused() {
        assertThatThrownBy(() -> BusinessCalendar.builder(BERLIN).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never be reached");
        // special hours on one date do not make a week
        assertThatThrownBy(() -> BusinessCalendar.builder(BERLIN)
                .specialHours(LocalDate.of(2026, 12, 24), "09:00-12:00").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openIntervalsSkipTheWeekend() {
        // Saturday 2026-11-21 10:00 Berlin -> Monday 09:00-17:00
        List<Interval> ivs = first(office(BERLIN), at(BERLIN, "2026-11-21T10:00"), 2);
        assertThat(ivs.get(0)).isEqualTo(new Interval(at(BERLIN, "2026-11-23T09:00"), at(BERLIN, "2026-11-23T17:00")));
        assertThat(ivs.get(1)).isEqualTo(new Interval(at(BERLIN, "2026-11-24T09:00"), at(BERLIN, "2026-11-24T17:00")));
    }

    @Test
    void firstIntervalIsCutAtFrom() {
        Interval iv = office(BERLIN).openIntervals(at(BERLIN, "2026-11-23T12:34")).next();
        assertThat(iv).isEqualTo(new Interval(at(BERLIN, "2026-11-23T12:34"), at(BERLIN, "2026-11-23T17:00")));
    }

    @Test
    void isOpenIsHalfOpen() {
        BusinessCalendar cal = office(BERLIN);
        assertThat(cal.isOpen(at(BERLIN, "2026-11-23T09:00"))).isTrue();
        assertThat(cal.isOpen(at(BERLIN, "2026-11-23T16:59:59"))).isTrue();
        assertThat(cal.isOpen(at(BERLIN, "2026-11-23T17:00"))).isFalse();
        assertThat(cal.isOpen(at(BERLIN, "2026-11-23T08:59:59"))).isFalse();
        assertThat(cal.isOpen(at(BERLIN, "2026-11-22T12:00"))).isFalse(); // Sunday
    }

    @Test
    void severalRangesADayAndOverlapsCountOnce() {
        BusinessCalendar split = BusinessCalendar.builder(BERLIN)
                .weekdays("13:00-17:00", "09:00-12:00").build();
        assertThat(split.openTimeBetween(at(BERLIN, "2026-11-23T00:00"), at(BERLIN, "2026-11-24T00:00")))
                .isEqualTo(Duration.ofHours(7));
        assertThat(split.isOpen(at(BERLIN, "2026-11-23T12:30"))).isFalse();
        assertThat(split.hours(DayOfWeek.MONDAY).get(0).start()).isEqualTo(LocalTime.of(9, 0));

        BusinessCalendar overlapping = BusinessCalendar.builder(BERLIN)
                .weekdays("09:00-12:00", "11:00-14:00", "10:00-11:00").build();
        assertThat(overlapping.openTimeBetween(at(BERLIN, "2026-11-23T00:00"), at(BERLIN, "2026-11-24T00:00")))
                .isEqualTo(Duration.ofHours(5));
    }

    @Test
    void holidaysCloseTheDayAndSpecialHoursReplaceIt() {
        BusinessCalendar cal = BusinessCalendar.builder(BERLIN).weekdays("09:00-17:00")
                .holiday(LocalDate.of(2026, 12, 25))
                .specialHours(LocalDate.of(2026, 12, 24), "09:00-12:00")
                .build();
        List<Interval> ivs = first(cal, at(BERLIN, "2026-12-24T00:00"), 2);
        assertThat(ivs.get(0)).isEqualTo(new Interval(at(BERLIN, "2026-12-24T09:00"), at(BERLIN, "2026-12-24T12:00")));
        // 25th (Friday) is a holiday, then the weekend
        assertThat(ivs.get(1).start()).isEqualTo(at(BERLIN, "2026-12-28T09:00"));
        assertThat(cal.hoursOn(LocalDate.of(2026, 12, 25))).isEmpty();
        // special hours can open a day the week keeps closed
        BusinessCalendar saturday = BusinessCalendar.builder(BERLIN).weekdays("09:00-17:00")
                .specialHours(LocalDate.of(2026, 11, 28), "10:00-12:00").build();
        assertThat(saturday.openIntervals(at(BERLIN, "2026-11-27T18:00")).next().start())
                .isEqualTo(at(BERLIN, "2026-11-28T10:00"));
    }

    @Test
    void manyHolidaysInARowStillFindTheNextOpening() {
        BusinessCalendar.Builder b = BusinessCalendar.builder(BERLIN).weekdays("09:00-17:00");
        LocalDate d = LocalDate.of(2026, 1, 1);
        for (int i = 0; i < 200; i++) {
            b.holiday(d.plusDays(i));
        }
        // 2026-01-01 + 200 days = 2026-07-20, a Monday
        assertThat(b.build().openIntervals(at(BERLIN, "2026-01-01T00:00")).next().start())
                .isEqualTo(at(BERLIN, "2026-07-20T09:00"));
    }

    @Test
    void overnightRangeRunsIntoTheNextDayAndBelongsToItsStartDay() {
        // Night shift Friday 22:00 -> Saturday 06:00
        BusinessCalendar cal = BusinessCalendar.builder(BERLIN).hours(DayOfWeek.FRIDAY, "22:00-06:00")
                .holiday(LocalDate.of(2026, 11, 28)) // the Saturday: does not cut Friday's shift
                .build();
        Interval iv = cal.openIntervals(at(BERLIN, "2026-11-27T12:00")).next();
        assertThat(iv).isEqualTo(new Interval(at(BERLIN, "2026-11-27T22:00"), at(BERLIN, "2026-11-28T06:00")));
        // from Saturday 03:00 the tail of Friday's shift is open
        assertThat(cal.isOpen(at(BERLIN, "2026-11-28T03:00"))).isTrue();
        assertThat(cal.openIntervals(at(BERLIN, "2026-11-28T03:00")).next().end()).isEqualTo(at(BERLIN, "2026-11-28T06:00"));
        // a holiday on the Friday removes the whole shift
        BusinessCalendar fridayOff = BusinessCalendar.builder(BERLIN).hours(DayOfWeek.FRIDAY, "22:00-06:00")
                .holiday(LocalDate.of(2026, 11, 27)).build();
        assertThat(fridayOff.openIntervals(at(BERLIN, "2026-11-27T12:00")).next().start())
                .isEqualTo(at(BERLIN, "2026-12-04T22:00"));
    }

    @Test
    void overnightRangeOverlappingTheNextMorningCountsOnce() {
        BusinessCalendar cal = BusinessCalendar.builder(BERLIN).everyDay("20:00-08:00", "07:00-09:00").build();
        // day: 00:00-09:00 (tail + morning), 20:00-24:00
        assertThat(cal.openTimeBetween(at(BERLIN, "2026-11-24T00:00"), at(BERLIN, "2026-11-25T00:00")))
                .isEqualTo(Duration.ofHours(13));
    }

    @ParameterizedTest(name = "{0} {1}: 01:00-05:00 lasts {2} h")
    @CsvSource({
            "Europe/Berlin, 2026-03-29, 3",    // spring forward 02:00 -> 03:00
            "Europe/Berlin, 2026-10-25, 5",    // fall back 03:00 -> 02:00
            "America/New_York, 2026-03-08, 3", // spring forward 02:00 -> 03:00
            "America/New_York, 2026-11-01, 5", // fall back 02:00 -> 01:00
            "Europe/Berlin, 2026-06-07, 4",
    })
    void dstChangesTheLengthOfARange(String zone, String date, int hours) {
        ZoneId z = ZoneId.of(zone);
        BusinessCalendar cal = BusinessCalendar.builder(z).everyDay("01:00-05:00").build();
        LocalDate d = LocalDate.parse(date);
        Interval iv = cal.openIntervals(d.atStartOfDay(z).toInstant()).next();
        assertThat(Duration.between(iv.start(), iv.end())).isEqualTo(Duration.ofHours(hours));
        assertThat(cal.openTimeBetween(d.atStartOfDay(z).toInstant(), d.plusDays(1).atStartOfDay(z).toInstant()))
                .isEqualTo(Duration.ofHours(hours));
    }

    @Test
    void springForwardExactInstants() {
        BusinessCalendar cal = BusinessCalendar.builder(BERLIN).everyDay("01:00-05:00").build();
        Interval iv = cal.openIntervals(Instant.parse("2026-03-28T12:00:00Z")).next();
        assertThat(iv).isEqualTo(new Interval(Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T03:00:00Z")));
    }

    @Test
    void fallBackExactInstants() {
        BusinessCalendar cal = BusinessCalendar.builder(BERLIN).everyDay("01:00-05:00").build();
        Interval iv = cal.openIntervals(Instant.parse("2026-10-24T12:00:00Z")).next();
        // 01:00 CEST = 23:00Z the day before; 05:00 CET = 04:00Z
        assertThat(iv).isEqualTo(new Interval(Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-25T04:00:00Z")));
    }

    @Test
    void boundariesInsideTheGapAndTheOverlap() {
        // Start inside the spring-forward gap (02:30 does not exist): opens when the clock jumps, 03:00 CEST.
        BusinessCalendar gapStart = BusinessCalendar.builder(BERLIN).everyDay("02:30-04:00").build();
        assertThat(gapStart.openIntervals(Instant.parse("2026-03-28T12:00:00Z")).next())
                .isEqualTo(new Interval(Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-29T02:00:00Z")));
        // A range wholly inside the gap is empty that day.
        BusinessCalendar inGap = BusinessCalendar.builder(BERLIN).everyDay("02:00-02:30").build();
        assertThat(inGap.openIntervals(Instant.parse("2026-03-28T12:00:00Z")).next().start())
                .isEqualTo(at(BERLIN, "2026-03-30T02:00"));
        // End inside the fall-back overlap: its second occurrence, 02:30 CET = 01:30Z.
        BusinessCalendar overlapEnd = BusinessCalendar.builder(BERLIN).everyDay("00:00-02:30").build();
        assertThat(overlapEnd.openIntervals(Instant.parse("2026-10-24T20:00:00Z")).next())
                .isEqualTo(new Interval(Instant.parse("2026-10-24T22:00:00Z"), Instant.parse("2026-10-25T01:30:00Z")));
        // Start inside the overlap: its first occurrence, 02:30 CEST = 00:30Z.
        BusinessCalendar overlapStart = BusinessCalendar.builder(BERLIN).everyDay("02:30-06:00").build();
        assertThat(overlapStart.openIntervals(Instant.parse("2026-10-24T20:00:00Z")).next())
                .isEqualTo(new Interval(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-25T05:00:00Z")));
    }

    @Test
    void allDayCalendarEqualsPlainArithmeticAcrossDst() {
        for (ZoneId zone : List.of(BERLIN, NEW_YORK, ZoneId.of("UTC"), ZoneId.of("Australia/Lord_Howe"))) {
            BusinessCalendar cal = BusinessCalendar.always(zone);
            Instant from = Instant.parse("2026-01-01T10:17:00Z");
            Instant to = Instant.parse("2027-01-03T03:05:00Z");
            assertThat(cal.openTimeBetween(from, to)).as(zone.getId()).isEqualTo(Duration.between(from, to));
            // intervals are day-long, touching, never overlapping
            Iterator<Interval> it = cal.openIntervals(from);
            Interval prev = it.next();
            assertThat(prev.start()).isEqualTo(from);
            for (int i = 0; i < 400; i++) {
                Interval next = it.next();
                assertThat(next.start()).as(zone.getId()).isEqualTo(prev.end());
                prev = next;
            }
        }
    }

    @Test
    void calendarZoneDiffersFromUtcPostTimes() {
        // 22:30Z Monday is already 07:30 Tuesday in Tokyo: Tokyo's office opens at 09:00 local = 00:00Z
        BusinessCalendar tokyo = office(ZoneId.of("Asia/Tokyo"));
        Interval iv = tokyo.openIntervals(Instant.parse("2026-11-23T22:30:00Z")).next();
        assertThat(iv).isEqualTo(new Interval(Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-24T08:00:00Z")));
        // Friday 23:00Z is Saturday in Tokyo: next opening Monday 09:00 JST = Monday 00:00Z
        assertThat(tokyo.openIntervals(Instant.parse("2026-11-27T23:00:00Z")).next().start())
                .isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    }

    @Test
    void openTimeOfAnEmptyOrReversedSpanIsZero() {
        BusinessCalendar cal = office(BERLIN);
        Instant t = at(BERLIN, "2026-11-23T10:00");
        assertThat(cal.openTimeBetween(t, t)).isZero();
        assertThat(cal.openTimeBetween(t, t.minusSeconds(60))).isZero();
    }

    @Test
    void builderLaterCallsReplaceEarlierOnes() {
        BusinessCalendar cal = BusinessCalendar.builder(BERLIN).weekdays("09:00-17:00")
                .hours(DayOfWeek.FRIDAY, "09:00-13:00").build();
        assertThat(cal.hours(DayOfWeek.FRIDAY)).containsExactly(TimeRange.parse("09:00-13:00"));
        assertThat(cal.hours(DayOfWeek.SATURDAY)).isEmpty();
        assertThat(cal.zone()).isEqualTo(BERLIN);
    }
}
