package io.outpost.survey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SurveyPolicyTest {

    static final FatigueLimit MONTHLY = new FatigueLimit(1, Duration.ofDays(30));
    static final FatigueLimit DAILY = new FatigueLimit(1, Duration.ofHours(24));
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    static SurveyPolicy policy(Duration delay, Duration window, double rate) {
        return new SurveyPolicy(delay, window, rate, MONTHLY, DAILY);
    }

    @Test
    void aSurveyIsDueAfterTheDelayAndExpiresAfterTheWindow() {
        SurveyPolicy p = policy(Duration.ofMinutes(60), Duration.ofDays(7), 1.0);
        assertThat(p.sendAt(NOW)).isEqualTo(NOW.plusSeconds(3600));
        assertThat(p.expiresAt(NOW)).isEqualTo(Instant.parse("2026-11-29T12:00:00Z"));
    }

    @Test
    void aZeroDelayAndTheSamplingBoundsAreAllowed() {
        assertThat(policy(Duration.ZERO, Duration.ofDays(7), 0.0).samplingRate()).isZero();
        assertThat(policy(Duration.ZERO, Duration.ofDays(7), 1.0).samplingRate()).isOne();
    }

    @Test
    void nonsenseIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> policy(Duration.ofMinutes(-1), Duration.ofDays(7), 1.0))
                .hasMessageContaining("delay-after-resolution");
        assertThatThrownBy(() -> policy(Duration.ZERO, Duration.ZERO, 1.0)).hasMessageContaining("response-window");
        assertThatThrownBy(() -> policy(Duration.ZERO, Duration.ofDays(7), 1.01)).hasMessageContaining("sampling-rate");
        assertThatThrownBy(() -> policy(Duration.ZERO, Duration.ofDays(7), -0.1)).hasMessageContaining("sampling-rate");
        assertThatThrownBy(() -> policy(Duration.ZERO, Duration.ofDays(7), Double.NaN)).hasMessageContaining("sampling-rate");
        assertThatThrownBy(() -> new FatigueLimit(0, Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FatigueLimit(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFatigueLimitCountsOnlySurveysInsideItsWindow() {
        assertThat(MONTHLY.allows(List.of(), NOW)).isTrue();
        assertThat(MONTHLY.allows(List.of(NOW.minus(Duration.ofDays(29))), NOW)).isFalse();
        assertThat(MONTHLY.allows(List.of(NOW.minus(Duration.ofDays(30))), NOW)).isTrue();
        assertThat(DAILY.allows(List.of(NOW.minus(Duration.ofHours(23))), NOW)).isFalse();
        assertThat(DAILY.allows(List.of(NOW.minus(Duration.ofHours(25))), NOW)).isTrue();
        FatigueLimit twoPerWeek = new FatigueLimit(2, Duration.ofDays(7));
        assertThat(twoPerWeek.allows(List.of(NOW.minus(Duration.ofDays(1))), NOW)).isTrue();
        assertThat(twoPerWeek.allows(List.of(NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(2))), NOW)).isFalse();
    }
}
