package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlaScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final SlaPolicy policy = new SlaPolicy(List.of(
            new SlaPolicy.Rule(null, SlaPolicy.Visibility.PUBLIC, null, null, Map.of(
                    SlaPolicy.Metric.FIRST_RESPONSE, new SlaPolicy.Target(Duration.ofMinutes(30), "default"),
                    SlaPolicy.Metric.NEXT_RESPONSE, new SlaPolicy.Target(Duration.ofMinutes(60), "default"),
                    SlaPolicy.Metric.RESOLUTION, new SlaPolicy.Target(Duration.ofHours(8), "office"))),
            new SlaPolicy.Rule(null, SlaPolicy.Visibility.PUBLIC, 1, null, Map.of(
                    SlaPolicy.Metric.FIRST_RESPONSE, new SlaPolicy.Target(Duration.ofMinutes(15), "default")))));
    private final BusinessCalendar office = BusinessCalendar.builder(BERLIN).weekdays("09:00-17:00")
            .holiday(LocalDate.of(2026, 12, 25)).build();
    private final SlaSchedule schedule = new SlaSchedule(policy,
            Map.of("default", BusinessCalendar.always(BERLIN), "office", office));

    /** Thursday 24 Dec 2026, 16:00 in Berlin. */
    private static final Instant OPENED = Instant.parse("2026-12-24T15:00:00Z");

    private SlaSchedule.Facts facts(int priority, Instant turn, List<SlaClock.Pause> pauses) {
        return new SlaSchedule.Facts("x", SlaPolicy.Visibility.PUBLIC, priority, false, OPENED, turn, pauses);
    }

    @Test
    void eachTargetRunsOnItsCalendarFromItsStart() {
        SlaSchedule.Due due = schedule.due(facts(3, null, List.of()));
        assertThat(due.firstResponse()).isEqualTo(OPENED.plus(Duration.ofMinutes(30)));
        assertThat(due.nextResponse()).as("no customer turn waits").isNull();
        // 1 h on Thursday, Christmas Day closed, the weekend closed, 7 h on Monday 28th: due 16:00 Berlin.
        assertThat(due.resolution()).isEqualTo(Instant.parse("2026-12-28T15:00:00Z"));

        Instant turn = OPENED.plus(Duration.ofHours(2));
        assertThat(schedule.due(facts(3, turn, List.of())).nextResponse()).isEqualTo(turn.plus(Duration.ofMinutes(60)));
    }

    @Test
    void priorityOverridesApplyAndPausesPostponeOrHold() {
        assertThat(schedule.due(facts(1, null, List.of())).firstResponse()).isEqualTo(OPENED.plus(Duration.ofMinutes(15)));

        SlaClock.Pause tenMinutes = new SlaClock.Pause(OPENED.plusSeconds(300), OPENED.plusSeconds(900));
        assertThat(schedule.due(facts(3, null, List.of(tenMinutes))).firstResponse())
                .isEqualTo(OPENED.plus(Duration.ofMinutes(40)));
        SlaClock.Pause pending = SlaClock.Pause.openEnded(OPENED.plusSeconds(300));
        assertThat(schedule.due(facts(3, null, List.of(pending))).firstResponse()).as("pending: no due time").isNull();
    }

    @Test
    void aRuleNamingAnUnknownCalendarIsRefused() {
        assertThatThrownBy(() -> new SlaSchedule(policy, Map.of("default", BusinessCalendar.always(BERLIN))))
                .hasMessageContaining("office");
    }
}
