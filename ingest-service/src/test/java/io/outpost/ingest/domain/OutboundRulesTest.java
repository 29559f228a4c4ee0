package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pure rules of outbound delivery: text limits, Retry-After, the token bucket. */
class OutboundRulesTest {

    @Test
    void textLengthIsCountedInCodePointsAndNeverCut() {
        assertThat(OutboundText.overLimit("a".repeat(280), 280, "X")).isEmpty();
        assertThat(OutboundText.overLimit("\uD83D\uDE00".repeat(280), 280, "X")).as("280 emoji are 280 characters").isEmpty();
        assertThat(OutboundText.overLimit("a".repeat(301), 280, "X")).contains("text is 301 characters, X allows 280");
        assertThat(OutboundText.overLimit(" ", 280, "X")).contains("text is empty");
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-11-22T08:00:00Z");
        assertThat(RetryAfter.parse("120", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 08:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 07:59:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse(null, now)).isEmpty();
        assertThat(RetryAfter.resetAt(Long.toString(now.getEpochSecond() + 90), now)).contains(Duration.ofSeconds(90));
        assertThat(RetryAfter.resetAt("x", now)).isEmpty();
    }

    @Test
    void theBucketAllowsABurstThenSpacesSendsAtTheRate() {
        long t0 = 1_000_000_000L;
        TokenBucket bucket = new TokenBucket(2, Duration.ofSeconds(2), t0);
        assertThat(bucket.reserve(t0)).isZero();
        assertThat(bucket.reserve(t0)).isZero();
        assertThat(bucket.reserve(t0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(bucket.reserve(t0)).as("reservations queue up").isEqualTo(Duration.ofSeconds(2));
        long later = t0 + Duration.ofSeconds(10).toNanos();
        assertThat(bucket.reserve(later)).as("refilled, up to the burst only").isZero();
        assertThat(bucket.reserve(later)).isZero();
        assertThat(bucket.reserve(later)).isEqualTo(Duration.ofSeconds(1));
    }
}
