package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitWaitTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final Instant DEADLINE = NOW.plusSeconds(60);
    static final Duration DAY = Duration.ofHours(24);

    @Test
    void aWaitWithinTheRetryBudgetIsWaitedInPlace() {
        assertThat(RateLimitWait.decide(Optional.of(Duration.ofSeconds(60)), NOW, DEADLINE, NOW, DAY))
                .isInstanceOf(RateLimitWait.InPlace.class);
    }

    @Test
    void noPlatformTimeLeavesItToTheOrdinaryRetryRules() {
        assertThat(RateLimitWait.decide(Optional.empty(), NOW, DEADLINE, NOW, DAY)).isInstanceOf(RateLimitWait.InPlace.class);
    }

    @Test
    void aResetPastTheRetryBudgetParksTheMessageUntilTheReset() {
        assertThat(RateLimitWait.decide(Optional.of(Duration.ofMinutes(14)), NOW, DEADLINE, NOW.minusSeconds(5), DAY))
                .isEqualTo(new RateLimitWait.Park(NOW.plus(Duration.ofMinutes(14))));
    }

    @Test
    void theUpperBoundCountsFromTheRequestNotFromThisAttempt() {
        Instant requested = NOW.minus(Duration.ofHours(23));
        assertThat(RateLimitWait.decide(Optional.of(Duration.ofMinutes(59)), NOW, DEADLINE, requested, DAY))
                .isInstanceOf(RateLimitWait.Park.class);
        RateLimitWait.Decision late = RateLimitWait.decide(Optional.of(Duration.ofMinutes(61)), NOW, DEADLINE, requested, DAY);
        assertThat(late).isInstanceOf(RateLimitWait.GiveUp.class);
        assertThat(((RateLimitWait.GiveUp) late).why()).contains("rate limited until 2026-12-07T13:01:00Z")
                .contains("max-rate-limit-wait (PT24H");
    }
}
