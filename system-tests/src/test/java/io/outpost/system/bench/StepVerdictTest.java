package io.outpost.system.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic (milliseconds, no suite): runs in the default build. */
class StepVerdictTest {

    private static List<Map.Entry<Long, Long>> posts(int n, long latency) {
        List<Map.Entry<Long, Long>> posts = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            posts.add(new java.util.AbstractMap.SimpleEntry<>(i * 10, i * 10 + latency));
        }
        return posts;
    }

    @Test
    void fastStepIsSustained() {
        StepVerdict v = StepVerdict.of(posts(1000, 40), 10_000, 10_000, 10_000);
        assertThat(v.p99()).isEqualTo(40);
        assertThat(v.timeouts()).isZero();
        assertThat(v.sustained()).isTrue();
    }

    @Test
    void latencyCountsFromTheIntendedTimeAndP99Of500IsNotSustained() {
        StepVerdict v = StepVerdict.of(posts(1000, 500), 10_000, 10_000, 10_000);
        assertThat(v.p50()).isEqualTo(500);
        assertThat(v.sustained()).isFalse();
    }

    @Test
    void unassignedPostsAreTimeoutsInThePercentiles() {
        List<Map.Entry<Long, Long>> posts = posts(1000, 40);
        for (int i = 0; i < 11; i++) { // 1.1 %: p99 is a timeout
            posts.set(i * 50, new java.util.AbstractMap.SimpleEntry<>(posts.get(i * 50).getKey(), null));
        }
        StepVerdict v = StepVerdict.of(posts, 10_000, 10_000, 10_000);
        assertThat(v.timeouts()).isEqualTo(11);
        assertThat(v.p99()).isEqualTo(StepVerdict.TIMEOUT);
        assertThat(v.max()).isEqualTo(StepVerdict.TIMEOUT);
        assertThat(v.drained()).isFalse();
        assertThat(v.sustained()).isFalse();
        assertThat(StepVerdict.millis(v.p99())).isEqualTo("timeout");
    }

    @Test
    void oneTimeoutInAThousandLeavesP99ALatency() {
        List<Map.Entry<Long, Long>> posts = posts(1000, 40);
        posts.set(3, new java.util.AbstractMap.SimpleEntry<>(30L, 30L + 20_000));
        StepVerdict v = StepVerdict.of(posts, 10_000, 10_000, 30_000);
        assertThat(v.timeouts()).isEqualTo(0);
        v = StepVerdict.of(posts, 10_000, 30_000, 10_000);
        assertThat(v.timeouts()).isEqualTo(1);
        assertThat(v.p99()).isEqualTo(40);
    }

    @Test
    void aBacklogDrainedLaterThanTheWindowIsNotSustained() {
        List<Map.Entry<Long, Long>> posts = posts(100, 40); // all assigned by 1,030 ms
        posts.add(new java.util.AbstractMap.SimpleEntry<>(1_995L, 11_000L)); // 9 s after the step's end
        StepVerdict v = StepVerdict.of(posts, 2_000, 10_000, 30_000);
        assertThat(v.backlogAtEnd()).isEqualTo(1);
        assertThat(v.drained()).isTrue();
        assertThat(v.drainedAfterMillis()).isEqualTo(9_000);
        v = StepVerdict.of(posts, 2_000, 5_000, 30_000);
        assertThat(v.drained()).isFalse();
        assertThat(v.sustained()).isFalse();
    }

    @Test
    void cpuPerPostLeavesOutTheIdleRate() {
        assertThat(StepVerdict.cpuPerPost(12_000, 50, 120, 1_000)).isEqualTo(6.0);
    }
}
