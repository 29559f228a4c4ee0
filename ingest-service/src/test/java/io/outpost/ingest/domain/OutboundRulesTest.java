package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The pure rules of outbound delivery: Retry-After, the token bucket. The text limits are service-kit's
 * ({@code ChannelTextLimitsTest}); which limit a delivery gets is {@code PlatformSenderTextCheckTest}.
 */
class OutboundRulesTest {

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
    void xsWindowIsSpentOnlyWhenNoneIsLeftAndItsResetIsKnown() {
        Instant now = Instant.parse("2026-11-22T08:00:00Z");
        String reset = Long.toString(now.getEpochSecond() + 400);
        assertThat(RetryAfter.spentWindow("0", reset, now)).contains(Duration.ofSeconds(400));
        assertThat(RetryAfter.spentWindow("1", reset, now)).as("one left").isEmpty();
        assertThat(RetryAfter.spentWindow(null, reset, now)).as("no headers (Meta, a forum)").isEmpty();
        assertThat(RetryAfter.spentWindow("0", null, now)).as("no reset to wait for").isEmpty();
    }
}
