package io.outpost.cases.domain;

import static io.outpost.cases.domain.BusinessCalendarTest.BERLIN;
import static io.outpost.cases.domain.BusinessCalendarTest.NEW_YORK;
import static io.outpost.cases.domain.BusinessCalendarTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.cases.domain.SlaClock.Pause;
import io.outpost.cases.domain.SlaClock.Phase;
import io.outpost.cases.domain.SlaClock.State;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlaClockTest {

    static final BusinessCalendar OFFICE = BusinessCalendar.builder(BERLIN).weekdays("09:00-17:00").build();

    static Instant b(String local) {
        return at(BERLIN, local);
    }

    static Pause pause(String from, String until) {
        return new Pause(b(from), until == null ? null : b(until));
    }

    static SlaClock clock(String start, Duration target, Pause... pauses) {
        return new SlaClock(OFFICE, b(start), target, List.of(pauses));
    }

    static Instant due(SlaClock clock) {
        return clock.dueAt().orElseThrow();
    }

    // --- due instant on the calendar ---

    @Test
    void insideHoursTheTargetIsPlainAddition() {
        assertThat(due(clock("2026-11-23T10:00", Duration.ofMinutes(30)))).isEqualTo(b("2026-11-23T10:30"));
    }

    @Test
    void startOutsideHoursCountsFromTheNextOpening() {
        assertThat(due(clock("2026-11-23T07:00", Duration.ofMinutes(30)))).isEqualTo(b("2026-11-23T09:30"));
        assertThat(due(clock("2026-11-23T19:00", Duration.ofMinutes(30)))).isEqualTo(b("2026-11-24T09:30"));
        assertThat(due(clock("2026-11-21T10:00", Duration.ofMinutes(30)))).isEqualTo(b("2026-11-23T09:30")); // Saturday
    }

    @Test
    void targetSpansTheNightAndTheWeekend() {
        assertThat(due(clock("2026-11-23T16:45", Duration.ofMinutes(30)))).isEqualTo(b("2026-11-24T09:15"));
        assertThat(due(clock("2026-11-27T16:00", Duration.ofHours(4)))).isEqualTo(b("2026-11-30T12:00"));
        // 20 business hours from Friday 16:00: 1 h Friday, 8 h Monday, 8 h Tuesday, 3 h Wednesday
        assertThat(due(clock("2026-11-27T16:00", Duration.ofHours(20)))).isEqualTo(b("2026-12-02T12:00"));
    }

    @Test
    void targetEndingAtClosingTimeIsDueAtClosingTime() {
        assertThat(due(clock("2026-11-23T09:00", Duration.ofHours(8)))).isEqualTo(b("2026-11-23T17:00"));
        assertThat(due(clock("2026-11-23T08:00", Duration.ofHours(8)))).isEqualTo(b("2026-11-23T17:00"));
    }

    @Test
    void holidaysAndSpecialHoursAreSkipped() {
        BusinessCalendar cal = BusinessCalendar.builder(BERLIN).weekdays("09:00-17:00")
                .specialHours(LocalDate.of(2026, 12, 24), "09:00-12:00")
                .holiday(LocalDate.of(2026, 12, 25)).build();
        // Thursday 24th 11:00: 1 h until noon, Friday is a holiday, then the weekend: Monday 10:00
        SlaClock c = new SlaClock(cal, b("2026-12-24T11:00"), Duration.ofHours(2), List.of());
        assertThat(due(c)).isEqualTo(b("2026-12-28T10:00"));
    }

    @Test
    void calendarZoneIsNotTheZoneOfThePostTime() {
        // Posted 07:30Z = 08:30 in Berlin: the Berlin team opens at 09:00 local = 08:00Z
        SlaClock c = new SlaClock(OFFICE, Instant.parse("2026-11-23T07:30:00Z"), Duration.ofHours(1), List.of());
        assertThat(c.dueAt()).contains(Instant.parse("2026-11-23T09:00:00Z"));
        // The same post on a New York calendar: 02:30 local; opens 09:00 EST = 14:00Z
        BusinessCalendar ny = BusinessCalendar.builder(NEW_YORK).weekdays("09:00-17:00").build();
        SlaClock n = new SlaClock(ny, Instant.parse("2026-11-23T07:30:00Z"), Duration.ofHours(1), List.of());
        assertThat(n.dueAt()).contains(Instant.parse("2026-11-23T15:00:00Z"));
    }

    @Test
    void officeHoursAcrossSpringForwardInNewYork() {
        BusinessCalendar ny = BusinessCalendar.builder(NEW_YORK).weekdays("09:00-17:00").build();
        // Friday 16:00 EST (21:00Z) + 2 h: 1 h Friday, 1 h Monday after the switch: 10:00 EDT = 14:00Z
        SlaClock c = new SlaClock(ny, Instant.parse("2026-03-06T21:00:00Z"), Duration.ofHours(2), List.of());
        assertThat(c.dueAt()).contains(Instant.parse("2026-03-09T14:00:00Z"));
    }

    @Test
    void officeHoursAcrossFallBackInBerlin() {
        // Friday 2026-10-23 16:00 CEST (14:00Z) + 2 h: Monday 10:00 CET = 09:00Z
        SlaClock c = new SlaClock(OFFICE, Instant.parse("2026-10-23T14:00:00Z"), Duration.ofHours(2), List.of());
        assertThat(c.dueAt()).contains(Instant.parse("2026-10-26T09:00:00Z"));
    }

    @Test
    void rangeOnTheDstDaysHasItsRealLength() {
        BusinessCalendar nights = BusinessCalendar.builder(BERLIN).everyDay("01:00-05:00").build();
        // spring forward: 01:00 CET (00:00Z) .. 05:00 CEST (03:00Z) is 3 h
        SlaClock spring = new SlaClock(nights, Instant.parse("2026-03-29T00:00:00Z"), Duration.ofHours(3), List.of());
        assertThat(spring.dueAt()).contains(Instant.parse("2026-03-29T03:00:00Z"));
        SlaClock springMore = new SlaClock(nights, Instant.parse("2026-03-29T00:00:00Z"), Duration.ofMinutes(210), List.of());
        assertThat(springMore.dueAt()).contains(b("2026-03-30T01:30"));
        // fall back: 01:00 CEST (23:00Z) .. 05:00 CET (04:00Z) is 5 h; 4.5 h in is 04:30 CET
        SlaClock fall = new SlaClock(nights, Instant.parse("2026-10-24T23:00:00Z"), Duration.ofMinutes(270), List.of());
        assertThat(fall.dueAt()).contains(Instant.parse("2026-10-25T03:30:00Z"));
        assertThat(fall.elapsedBetween(Instant.parse("2026-10-24T12:00:00Z"), Instant.parse("2026-10-25T12:00:00Z")))
                .isEqualTo(Duration.ofHours(5));
    }

    @Test
    void allDayCalendarIsPlainArithmeticAcrossDst() {
        Random random = new Random(42);
        for (ZoneId zone : List.of(BERLIN, NEW_YORK)) {
            BusinessCalendar always = BusinessCalendar.always(zone);
            for (int i = 0; i < 200; i++) {
                Instant start = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(365 * 86_400));
                Duration target = Duration.ofMinutes(random.nextInt(60 * 24 * 10));
                SlaClock c = new SlaClock(always, start, target, List.of());
                assertThat(c.dueAt()).as("%s %s %s", zone, start, target).contains(start.plus(target));
                // a pause inside the span adds exactly its length
                Pause p = new Pause(start.plusSeconds(60), start.plusSeconds(60 + 3_600));
                SlaClock paused = new SlaClock(always, start, target.plusMinutes(2), List.of(p));
                assertThat(paused.dueAt()).contains(start.plus(target).plusSeconds(120 + 3_600));
            }
        }
    }

    @Test
    void zeroTargetIsDueAtTheStartEvenOutsideHours() {
        SlaClock c = clock("2026-11-21T10:00", Duration.ZERO); // Saturday
        assertThat(c.dueAt()).contains(b("2026-11-21T10:00"));
        assertThat(c.stateAt(b("2026-11-21T10:00")).breached()).isFalse();
        assertThat(c.stateAt(b("2026-11-21T10:00:01")).breached()).isTrue();
    }

    @Test
    void negativeTargetAndBackwardPauseAreRefused() {
        assertThatThrownBy(() -> clock("2026-11-23T10:00", Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pause("2026-11-23T10:00", "2026-11-23T09:00"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- pauses ---

    @Test
    void pauseInsideHoursPushesTheDueInstant() {
        SlaClock c = clock("2026-11-23T09:00", Duration.ofHours(2), pause("2026-11-23T09:30", "2026-11-23T10:30"));
        assertThat(due(c)).isEqualTo(b("2026-11-23T12:00"));
    }

    @Test
    void pauseOutsideHoursChangesNothing() {
        Pause night = pause("2026-11-23T18:00", "2026-11-24T08:00");
        assertThat(due(clock("2026-11-23T16:00", Duration.ofHours(2), night))).isEqualTo(b("2026-11-24T10:00"));
    }

    @Test
    void pauseAcrossClosingTimeOnlyCountsItsOpenPart() {
        // Paused 16:00 Monday .. 10:00 Tuesday: loses 1 h Monday and 1 h Tuesday
        SlaClock c = clock("2026-11-23T15:00", Duration.ofHours(2), pause("2026-11-23T16:00", "2026-11-24T10:00"));
        assertThat(due(c)).isEqualTo(b("2026-11-24T11:00"));
    }

    @Test
    void overlappingAndTouchingPausesCountOnce() {
        SlaClock c = clock("2026-11-23T09:00", Duration.ofHours(2),
                pause("2026-11-23T10:00", "2026-11-23T11:00"),
                pause("2026-11-23T09:30", "2026-11-23T10:30"), // unsorted, overlapping
                pause("2026-11-23T11:00", "2026-11-23T11:15"), // touching
                pause("2026-11-23T10:05", "2026-11-23T10:10"), // inside another
                pause("2026-11-23T12:00", "2026-11-23T12:00")); // empty
        // paused 09:30-11:15 = 1 h 45
        assertThat(due(c)).isEqualTo(b("2026-11-23T12:45"));
        assertThat(c.elapsedAt(b("2026-11-23T12:00"))).isEqualTo(Duration.ofMinutes(75));
    }

    @Test
    void severalPausesOverSeveralDays() {
        SlaClock c = clock("2026-11-23T09:00", Duration.ofHours(12),
                pause("2026-11-23T10:00", "2026-11-23T11:00"),
                pause("2026-11-24T09:00", "2026-11-24T13:00"),
                pause("2026-11-24T16:00", "2026-11-25T09:30"));
        // Mon 7 h (1 h paused), Tue 3 h (13-16), Wed from 09:30: 2 h -> 11:30
        assertThat(due(c)).isEqualTo(b("2026-11-25T11:30"));
    }

    @Test
    void pauseBeforeTheStartIsIgnoredAndAPauseAcrossTheStartDelaysIt() {
        Pause before = pause("2026-11-22T10:00", "2026-11-23T08:00");
        assertThat(due(clock("2026-11-23T09:30", Duration.ofMinutes(30), before))).isEqualTo(b("2026-11-23T10:00"));
        Pause across = pause("2026-11-22T10:00", "2026-11-23T10:00");
        SlaClock c = clock("2026-11-23T09:30", Duration.ofMinutes(30), across);
        assertThat(due(c)).isEqualTo(b("2026-11-23T10:30"));
        assertThat(c.stateAt(b("2026-11-23T09:45")).phase()).isEqualTo(Phase.PAUSED);
    }

    @Test
    void openEndedPauseStopsTheClockUntilItEnds() {
        SlaClock pending = clock("2026-11-23T09:00", Duration.ofHours(2), Pause.openEnded(b("2026-11-23T10:00")));
        assertThat(pending.dueAt()).isEmpty();
        State s = pending.stateAt(b("2026-11-30T15:00")); // a week later, still pending
        assertThat(s.phase()).isEqualTo(Phase.PAUSED);
        assertThat(s.elapsed()).isEqualTo(Duration.ofHours(1));
        assertThat(s.remaining()).isEqualTo(Duration.ofHours(1));
        assertThat(s.breached()).isFalse();
        assertThat(s.dueAt()).isEmpty();
        // The customer answers at 14:00: the same pause, now closed
        SlaClock resumed = clock("2026-11-23T09:00", Duration.ofHours(2), pause("2026-11-23T10:00", "2026-11-23T14:00"));
        assertThat(due(resumed)).isEqualTo(b("2026-11-23T15:00"));
    }

    @Test
    void openEndedPauseAfterTheDueInstantKeepsTheBreach() {
        SlaClock c = clock("2026-11-23T09:00", Duration.ofMinutes(30), Pause.openEnded(b("2026-11-23T10:00")));
        assertThat(due(c)).isEqualTo(b("2026-11-23T09:30"));
        State s = c.stateAt(b("2026-11-23T11:00"));
        assertThat(s.phase()).isEqualTo(Phase.PAUSED);
        assertThat(s.breached()).isTrue();
        assertThat(s.remaining()).isZero();
        assertThat(s.elapsed()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void openEndedPauseBeforeTheStartMeansTheClockNeverRuns() {
        SlaClock c = clock("2026-11-23T09:00", Duration.ofMinutes(30), Pause.openEnded(b("2026-11-20T09:00")));
        assertThat(c.dueAt()).isEmpty();
        assertThat(c.elapsedAt(b("2026-12-23T09:00"))).isZero();
        assertThat(c.stateAt(b("2026-11-23T10:00")).phase()).isEqualTo(Phase.PAUSED);
    }

    @Test
    void closedPauseRunningIntoAnOpenEndedOneStopsTheClockFromItsStart() {
        SlaClock c = clock("2026-11-23T09:00", Duration.ofHours(2),
                pause("2026-11-23T09:30", "2026-11-23T10:30"),
                Pause.openEnded(b("2026-11-23T10:00")),
                pause("2026-11-23T11:00", "2026-11-23T12:00")); // inside the open-ended one
        assertThat(c.dueAt()).isEmpty();
        assertThat(c.elapsedAt(b("2026-11-24T12:00"))).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.paused(b("2026-11-23T09:45"))).isTrue();
        assertThat(c.paused(b("2026-11-23T09:15"))).isFalse();
    }

    // --- elapsed and state ---

    @Test
    void elapsedBetweenTwoInstantsMinusPauses() {
        SlaClock c = clock("2026-11-23T09:00", Duration.ofHours(40), pause("2026-11-24T12:00", "2026-11-25T12:00"));
        // Mon 9:00 .. Fri 17:00 = 40 h open, 8 h paused (Tue 12-17, Wed 9-12)
        assertThat(c.elapsedBetween(b("2026-11-23T00:00"), b("2026-11-28T00:00"))).isEqualTo(Duration.ofHours(32));
        assertThat(c.elapsedBetween(b("2026-11-24T10:00"), b("2026-11-24T14:00"))).isEqualTo(Duration.ofHours(2));
        assertThat(c.elapsedBetween(b("2026-11-24T14:00"), b("2026-11-24T10:00"))).isZero();
        assertThat(c.elapsedAt(b("2026-11-22T10:00"))).isZero(); // before the start
    }

    @Test
    void stateThroughTheDay() {
        SlaClock c = clock("2026-11-23T16:00", Duration.ofHours(2), pause("2026-11-24T09:30", "2026-11-24T10:00"));
        // due: 1 h Monday, 09:00-09:30 and 10:00-10:30 Tuesday -> 10:30
        assertThat(due(c)).isEqualTo(b("2026-11-24T10:30"));

        State before = c.stateAt(b("2026-11-23T15:00"));
        assertThat(before.phase()).isEqualTo(Phase.NOT_STARTED);
        assertThat(before.remaining()).isEqualTo(Duration.ofHours(2));

        State running = c.stateAt(b("2026-11-23T16:30"));
        assertThat(running.phase()).isEqualTo(Phase.RUNNING);
        assertThat(running.elapsed()).isEqualTo(Duration.ofMinutes(30));
        assertThat(running.remaining()).isEqualTo(Duration.ofMinutes(90));

        State night = c.stateAt(b("2026-11-23T23:00"));
        assertThat(night.phase()).isEqualTo(Phase.OUTSIDE_HOURS);
        assertThat(night.elapsed()).isEqualTo(Duration.ofHours(1));
        assertThat(night.breached()).isFalse();

        assertThat(c.stateAt(b("2026-11-24T09:45")).phase()).isEqualTo(Phase.PAUSED);

        State atDue = c.stateAt(b("2026-11-24T10:30"));
        assertThat(atDue.breached()).as("an answer at the due instant is on time").isFalse();
        assertThat(atDue.remaining()).isZero();

        State late = c.stateAt(b("2026-11-24T11:00"));
        assertThat(late.breached()).isTrue();
        assertThat(late.elapsed()).isEqualTo(Duration.ofMinutes(150));
        assertThat(late.remaining()).isZero();
        assertThat(late.dueAt()).contains(b("2026-11-24T10:30"));
    }

    @Test
    void dueIsTheFirstInstantWhereElapsedReachesTheTarget() {
        BusinessCalendar cal = BusinessCalendar.builder(NEW_YORK).weekdays("08:00-12:00", "13:00-18:30")
                .hours(java.time.DayOfWeek.SATURDAY, "22:00-04:00")
                .holiday(LocalDate.of(2026, 11, 26)).build();
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            Instant start = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(365 * 86_400));
            List<Pause> pauses = new ArrayList<>();
            for (int k = 0; k < random.nextInt(4); k++) {
                Instant from = start.plusSeconds(random.nextInt(10 * 86_400) - 86_400);
                pauses.add(new Pause(from, from.plusSeconds(random.nextInt(2 * 86_400))));
            }
            Duration target = Duration.ofMinutes(1 + random.nextInt(60 * 30));
            SlaClock c = new SlaClock(cal, start, target, pauses);
            Instant due = c.dueAt().orElseThrow();
            assertThat(c.elapsedAt(due)).as("start %s target %s pauses %s", start, target, pauses).isEqualTo(target);
            assertThat(c.elapsedAt(due.minusNanos(1))).isLessThan(target);
            assertThat(c.stateAt(due).breached()).isFalse();
            assertThat(c.stateAt(due.plusNanos(1)).breached()).isTrue();
        }
    }

    // --- long targets ---

    @Test
    void thirtyDayTargetsSpanMonthsOfWorkingDays() {
        BusinessCalendar cal = BusinessCalendar.builder(BERLIN).weekdays("09:00-17:00")
                .holidays(List.of(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 26), LocalDate.of(2027, 1, 1)))
                .build();
        Duration thirtyDays = Duration.ofDays(30); // 720 business hours = 90 working days
        Instant due = new SlaClock(cal, b("2026-11-23T09:00"), thirtyDays, List.of()).dueAt().orElseThrow();
        // 90 working days from Monday 2026-11-23, skipping Fri 25 Dec and Fri 1 Jan: ends Tue 2027-03-30 17:00
        assertThat(due).isEqualTo(at(BERLIN, "2027-03-30T17:00"));

        SlaClock always = new SlaClock(BusinessCalendar.always(BERLIN), b("2026-11-23T09:00"), thirtyDays, List.of());
        assertThat(always.dueAt()).contains(b("2026-11-23T09:00").plus(thirtyDays));
        // five years of elapsed time in one call
        assertThat(always.elapsedAt(b("2026-11-23T09:00").plus(Duration.ofDays(5 * 365))))
                .isEqualTo(Duration.ofDays(5 * 365));
    }
}
