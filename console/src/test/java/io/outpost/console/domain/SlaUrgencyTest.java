package io.outpost.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlaUrgencyTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void levelsByTimeLeft() {
        assertThat(SlaUrgency.of(null, NOW)).isEqualTo(SlaUrgency.NONE);
        assertThat(SlaUrgency.of(NOW, NOW)).isEqualTo(SlaUrgency.BREACHED);
        assertThat(SlaUrgency.of(NOW.minusSeconds(1), NOW)).isEqualTo(SlaUrgency.BREACHED);
        assertThat(SlaUrgency.of(NOW.plusSeconds(1), NOW)).isEqualTo(SlaUrgency.URGENT);
        assertThat(SlaUrgency.of(NOW.plusSeconds(599), NOW)).isEqualTo(SlaUrgency.URGENT);
        assertThat(SlaUrgency.of(NOW.plusSeconds(600), NOW)).isEqualTo(SlaUrgency.SOON);
        assertThat(SlaUrgency.of(NOW.plusSeconds(1799), NOW)).isEqualTo(SlaUrgency.SOON);
        assertThat(SlaUrgency.of(NOW.plusSeconds(1800), NOW)).isEqualTo(SlaUrgency.OK);
    }

    /** The page re-fetches at the moment the level moves on, and that moment gives the next level. */
    @Test
    void eachLevelSaysWhenItMovesOnToTheNext() {
        Instant due = NOW.plusSeconds(3600);
        assertThat(SlaUrgency.OK.changesAt(due)).isEqualTo(due.minusSeconds(1800).plusMillis(1));
        assertThat(SlaUrgency.of(due, SlaUrgency.OK.changesAt(due).minusMillis(1))).isEqualTo(SlaUrgency.OK);
        assertThat(SlaUrgency.of(due, SlaUrgency.OK.changesAt(due))).isEqualTo(SlaUrgency.SOON);
        assertThat(SlaUrgency.SOON.changesAt(due)).isEqualTo(due.minusSeconds(600).plusMillis(1));
        assertThat(SlaUrgency.of(due, SlaUrgency.SOON.changesAt(due).minusMillis(1))).isEqualTo(SlaUrgency.SOON);
        assertThat(SlaUrgency.of(due, SlaUrgency.SOON.changesAt(due))).isEqualTo(SlaUrgency.URGENT);
        assertThat(SlaUrgency.URGENT.changesAt(due)).isEqualTo(due);
        assertThat(SlaUrgency.of(due, due.minusMillis(1))).isEqualTo(SlaUrgency.URGENT);
        assertThat(SlaUrgency.of(due, SlaUrgency.URGENT.changesAt(due))).isEqualTo(SlaUrgency.BREACHED);
        assertThat(SlaUrgency.BREACHED.changesAt(due)).isNull();
        assertThat(SlaUrgency.NONE.changesAt(null)).isNull();
        assertThat(io.outpost.console.web.Rows.changesAt(due.toString(), "sla-urgent")).isEqualTo(due.toString());
        assertThat(io.outpost.console.web.Rows.changesAt("", "sla-none")).isEmpty();
    }

    @Test
    void eachLevelHasWordsBesideItsColour() {
        for (SlaUrgency u : SlaUrgency.values()) {
            assertThat(u.words()).isNotBlank();
            assertThat(u.cssClass()).startsWith("sla-");
        }
        assertThat(SlaUrgency.BREACHED.cssClass()).isEqualTo("sla-breached");
    }

    @Test
    void countdownFormats() {
        assertThat(Countdown.format(NOW.plusSeconds(65), NOW)).isEqualTo("1m 05s");
        assertThat(Countdown.format(NOW.plusSeconds(2 * 3600 + 180), NOW)).isEqualTo("2h 03m");
        assertThat(Countdown.format(NOW.plusSeconds(86_400 + 4 * 3600), NOW)).isEqualTo("1d 4h");
        assertThat(Countdown.format(NOW.minusSeconds(190), NOW)).isEqualTo("3m 10s overdue");
        assertThat(Countdown.format(null, NOW)).isEqualTo("—");
    }

    @Test
    void nextDueIsTheCasesOwnElseTheEarliestRunningTarget() {
        Instant soon = NOW.plusSeconds(60);
        Instant later = NOW.plusSeconds(600);
        assertThat(Countdown.nextDue(later, List.of(new Countdown.Target(soon, "running")))).isEqualTo(later);
        assertThat(Countdown.nextDue(null, List.of(new Countdown.Target(later, "running"), new Countdown.Target(soon, "running"),
                new Countdown.Target(NOW.minusSeconds(5), "met")))).isEqualTo(soon);
        assertThat(Countdown.nextDue(null, List.of(new Countdown.Target(NOW.minusSeconds(5), "breached")))).isEqualTo(NOW.minusSeconds(5));
        assertThat(Countdown.nextDue(null, List.of(new Countdown.Target(null, "paused")))).isNull();
        assertThat(Countdown.nextDue(null, null)).isNull();
    }
}
