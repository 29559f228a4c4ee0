package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.ingest.domain.SurgeTracker.Continue;
import io.outpost.ingest.domain.SurgeTracker.End;
import io.outpost.ingest.domain.SurgeTracker.Open;
import io.outpost.ingest.domain.SurgeTracker.Seen;
import io.outpost.ingest.domain.SurgeTracker.Start;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SurgeTrackerTest {

    static final Duration QUIET = Duration.ofMinutes(15);
    static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    final SurgeTracker tracker = new SurgeTracker(QUIET);

    static Seen outage(long posts) {
        return new Seen("outage", posts, 0.5, List.of(UUID.randomUUID()));
    }

    @Test
    void aNewSurgeStartsOnce() {
        Seen now = outage(6);
        assertThat(tracker.plan(List.of(), List.of(now), T)).containsExactly(new Start(now));
    }

    @Test
    void theSameSurgeSeenAgainContinuesWithoutANewSuggestion() {
        UUID id = UUID.randomUUID();
        Seen later = outage(9);
        assertThat(tracker.plan(List.of(new Open(id, "outage", T)), List.of(later), T.plusSeconds(60)))
                .containsExactly(new Continue(id, later));
    }

    @Test
    void aPauseShorterThanTheQuietPeriodKeepsItOpenALongerOneEndsIt() {
        UUID id = UUID.randomUUID();
        Open open = new Open(id, "outage", T);
        assertThat(tracker.plan(List.of(open), List.of(), T.plus(QUIET))).isEmpty();
        assertThat(tracker.plan(List.of(open), List.of(), T.plus(QUIET).plusSeconds(1)))
                .containsExactly(new End(id, T.plus(QUIET)));
    }

    @Test
    void aBurstAfterTheQuietPeriodIsANewSurge() {
        UUID id = UUID.randomUUID();
        Seen again = outage(7);
        Instant at = T.plus(QUIET).plusSeconds(60);
        assertThat(tracker.plan(List.of(new Open(id, "outage", T)), List.of(again), at))
                .containsExactly(new End(id, T.plus(QUIET)), new Start(again));
    }

    @Test
    void aCheckOfAnotherDayDoesNotJoinAnOpenSurgeOfToday() {
        UUID id = UUID.randomUUID();
        Seen yesterday = outage(8);
        Instant at = T.minus(Duration.ofDays(1));
        assertThat(tracker.plan(List.of(new Open(id, "outage", T)), List.of(yesterday), at))
                .containsExactly(new End(id, T), new Start(yesterday));
    }

    @Test
    void subjectsAreTrackedApart() {
        UUID outageId = UUID.randomUUID();
        Seen outage = outage(6);
        Seen billing = new Seen("billing", 12, 1.0, List.of());
        assertThat(tracker.plan(List.of(new Open(outageId, "outage", T)), List.of(outage, billing), T.plusSeconds(30)))
                .containsExactly(new Continue(outageId, outage), new Start(billing));
    }

    @Test
    void oneSubjectInTwoRegionsIsTwoSurgesAndWithoutARegionAThird() {
        UUID ukId = UUID.randomUUID();
        Seen uk = new Seen("outage", "gb", 6, 0.1, List.of());
        Seen us = new Seen("outage", "us", 7, 0.1, List.of());
        Seen nowhere = outage(5);
        assertThat(tracker.plan(List.of(new Open(ukId, "outage", "gb", T)), List.of(uk, us, nowhere), T.plusSeconds(30)))
                .containsExactly(new Continue(ukId, uk), new Start(us), new Start(nowhere));
        // The UK surge over, the US one goes on: each region ends on its own.
        UUID usId = UUID.randomUUID();
        Instant later = T.plus(QUIET).plusSeconds(60);
        assertThat(tracker.plan(List.of(new Open(ukId, "outage", "gb", T), new Open(usId, "outage", "us", later)),
                List.of(us), later)).containsExactly(new End(ukId, T.plus(QUIET)), new Continue(usId, us));
    }

    @Test
    void aSubjectListedTwiceCountsOnce() {
        Seen first = outage(6);
        assertThat(tracker.plan(List.of(), List.of(first, outage(5)), T)).containsExactly(new Start(first));
    }

    @Test
    void theQuietPeriodMustBePositive() {
        assertThatThrownBy(() -> new SurgeTracker(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
