package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.cases.domain.SlaPolicy.CaseKey;
import io.outpost.cases.domain.SlaPolicy.Metric;
import io.outpost.cases.domain.SlaPolicy.Rule;
import io.outpost.cases.domain.SlaPolicy.Target;
import io.outpost.cases.domain.SlaPolicy.Visibility;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlaPolicyTest {

    static CaseKey key(String channel, Visibility visibility, int priority, boolean onlyWe) {
        return new CaseKey(channel, visibility, priority, onlyWe);
    }

    static Optional<Duration> first(SlaPolicy policy, CaseKey key) {
        return policy.target(Metric.FIRST_RESPONSE, key).map(Target::duration);
    }

    static Target t(long minutes) {
        return new Target(Duration.ofMinutes(minutes), "default");
    }

    @Test
    void defaultsFromPractice() {
        SlaPolicy p = SlaPolicy.defaults();
        assertThat(first(p, key("x", Visibility.PUBLIC, 3, false))).contains(Duration.ofMinutes(30));
        assertThat(first(p, key("facebook", Visibility.PUBLIC, 1, false))).contains(Duration.ofMinutes(30));
        assertThat(first(p, key("x", Visibility.PRIVATE, 3, false))).contains(Duration.ofMinutes(60));
        assertThat(first(p, key("messenger", Visibility.PRIVATE, 3, false))).contains(Duration.ofMinutes(60));
        assertThat(first(p, key("forum", Visibility.PUBLIC, 3, false))).contains(Duration.ofHours(12));
        assertThat(first(p, key("forum", Visibility.PUBLIC, 3, true))).contains(Duration.ofHours(1));
        assertThat(first(p, key("forum", Visibility.PRIVATE, 3, false))).contains(Duration.ofMinutes(60));
        // the issue sets no next-response or resolution defaults
        assertThat(p.target(Metric.RESOLUTION, key("x", Visibility.PUBLIC, 3, false))).isEmpty();
        assertThat(p.targets(key("x", Visibility.PUBLIC, 3, false))).containsOnlyKeys(Metric.FIRST_RESPONSE);
    }

    @Test
    void mostSpecificRuleWinsInTheOrderChannelVisibilityPriorityMark() {
        SlaPolicy p = new SlaPolicy(List.of(
                new Rule(null, null, null, null, Map.of(Metric.FIRST_RESPONSE, t(100))),
                new Rule(null, null, 1, null, Map.of(Metric.FIRST_RESPONSE, t(90))),
                new Rule(null, Visibility.PUBLIC, null, null, Map.of(Metric.FIRST_RESPONSE, t(80))),
                new Rule(null, Visibility.PUBLIC, 1, null, Map.of(Metric.FIRST_RESPONSE, t(70))),
                new Rule("x", null, null, null, Map.of(Metric.FIRST_RESPONSE, t(60))),
                new Rule("x", null, null, true, Map.of(Metric.FIRST_RESPONSE, t(55))),
                new Rule("x", null, 1, null, Map.of(Metric.FIRST_RESPONSE, t(50))),
                new Rule("x", Visibility.PUBLIC, 1, null, Map.of(Metric.FIRST_RESPONSE, t(40)))));
        assertThat(first(p, key("email", Visibility.PRIVATE, 3, false))).contains(Duration.ofMinutes(100));
        assertThat(first(p, key("email", Visibility.PRIVATE, 1, false))).contains(Duration.ofMinutes(90));
        // visibility beats priority
        assertThat(first(p, key("email", Visibility.PUBLIC, 3, false))).contains(Duration.ofMinutes(80));
        assertThat(first(p, key("email", Visibility.PUBLIC, 1, false))).contains(Duration.ofMinutes(70));
        // channel beats visibility + priority
        assertThat(first(p, key("x", Visibility.PRIVATE, 3, false))).contains(Duration.ofMinutes(60));
        assertThat(first(p, key("x", Visibility.PRIVATE, 3, true))).contains(Duration.ofMinutes(55));
        // priority beats the mark
        assertThat(first(p, key("x", Visibility.PRIVATE, 1, true))).contains(Duration.ofMinutes(50));
        assertThat(first(p, key("x", Visibility.PUBLIC, 1, true))).contains(Duration.ofMinutes(40));
    }

    @Test
    void aRuleWithoutAMetricLeavesItToLessSpecificRules() {
        SlaPolicy p = new SlaPolicy(List.of(
                new Rule(null, null, null, null, Map.of(
                        Metric.FIRST_RESPONSE, t(60), Metric.NEXT_RESPONSE, t(120), Metric.RESOLUTION, t(1440))),
                new Rule("forum", null, null, null, Map.of(Metric.FIRST_RESPONSE, t(720)))));
        Map<Metric, Target> forum = p.targets(key("forum", Visibility.PUBLIC, 3, false));
        assertThat(forum.get(Metric.FIRST_RESPONSE).duration()).isEqualTo(Duration.ofHours(12));
        assertThat(forum.get(Metric.NEXT_RESPONSE).duration()).isEqualTo(Duration.ofHours(2));
        assertThat(forum.get(Metric.RESOLUTION).duration()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void badRulesAreRefused() {
        Rule a = new Rule("x", null, null, null, Map.of(Metric.FIRST_RESPONSE, t(30)));
        Rule b = new Rule("x", null, null, null, Map.of(Metric.RESOLUTION, t(30)));
        assertThatThrownBy(() -> new SlaPolicy(List.of(a, b))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rule(null, null, null, null, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SlaPolicy(List.of()).target(Metric.FIRST_RESPONSE, key("x", Visibility.PUBLIC, 3, false))).isEmpty();
    }
}
