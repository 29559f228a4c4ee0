package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SurgeRuleTest {

    final SurgeRule rule = new SurgeRule(Duration.ofMinutes(15), Duration.ofHours(24), 5, 3);

    @Test
    void aSurgeIsEnoughPostsAndSeveralTimesTheUsualCount() {
        // 96 posts over 24 h: 1 per 15 minutes usually.
        assertThat(rule.usualPerWindow(96)).isEqualTo(1.0);
        assertThat(rule.isSurge(5, 96)).isTrue();
        assertThat(rule.isSurge(4, 0)).as("too few, however quiet the intent usually is").isFalse();
        // 480 over 24 h: 5 per window usually; 12 is not three times that, 15 is.
        assertThat(rule.isSurge(12, 480)).isFalse();
        assertThat(rule.isSurge(15, 480)).isTrue();
    }

    @Test
    void aRuleThatCannotWorkIsRefused() {
        assertThatThrownBy(() -> new SurgeRule(Duration.ZERO, Duration.ofHours(1), 5, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SurgeRule(Duration.ofHours(2), Duration.ofHours(1), 5, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SurgeRule(Duration.ofMinutes(15), Duration.ofHours(1), 0, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
