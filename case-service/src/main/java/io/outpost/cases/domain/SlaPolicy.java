package io.outpost.cases.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * SLA targets as data: rules that match a case by channel, visibility, priority and the "only we
 * can answer" mark, each giving targets for some metrics. Plain data, no configuration wiring.
 *
 * <p><b>Lookup</b>, per metric: among the rules that match the case and define a target for that
 * metric, the most specific wins. Specificity is lexicographic over the criteria the rule sets:
 * channel, then visibility, then priority, then the only-we-can-answer mark (a rule naming a
 * channel beats any rule that does not; between two that both do or both don't, visibility
 * decides, and so on). Two rules that set the same criteria and both match would have the same
 * values, so duplicates are refused at construction and the winner is always unique. A rule that
 * does not define a metric leaves it to the less specific rules (e.g. the forum rule sets only the
 * first response; next response and resolution still come from the general rules).
 */
public final class SlaPolicy {

    public enum Metric {
        FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION
    }

    public enum Visibility {
        PUBLIC, PRIVATE
    }

    /** What a case offers to the lookup. */
    public record CaseKey(String channel, Visibility visibility, int priority, boolean onlyWeCanAnswer) {
        public CaseKey {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(visibility, "visibility");
        }
    }

    /** A target: business time on the named calendar (calendars are looked up by id by the caller). */
    public record Target(Duration duration, String calendarId) {
        public Target {
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(calendarId, "calendarId");
            if (duration.isNegative()) {
                throw new IllegalArgumentException("negative target " + duration);
            }
        }
    }

    /**
     * A rule; a null criterion matches anything.
     *
     * @param onlyWeCanAnswer null: any; true/false: the case's mark must equal it
     */
    public record Rule(String channel, Visibility visibility, Integer priority, Boolean onlyWeCanAnswer,
            Map<Metric, Target> targets) {
        public Rule {
            targets = Map.copyOf(targets);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("rule without targets");
            }
        }

        boolean matches(CaseKey key) {
            return (channel == null || channel.equals(key.channel()))
                    && (visibility == null || visibility == key.visibility())
                    && (priority == null || priority == key.priority())
                    && (onlyWeCanAnswer == null || onlyWeCanAnswer == key.onlyWeCanAnswer());
        }

        int specificity() {
            return (channel != null ? 8 : 0) + (visibility != null ? 4 : 0) + (priority != null ? 2 : 0)
                    + (onlyWeCanAnswer != null ? 1 : 0);
        }

        private List<Object> criteria() {
            return Arrays.asList(channel, visibility, priority, onlyWeCanAnswer);
        }
    }

    /** The calendar id used by the defaults: the team's regular calendar. */
    public static final String DEFAULT_CALENDAR = "default";

    private final List<Rule> rules;

    public SlaPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        Set<List<Object>> seen = new HashSet<>();
        for (Rule r : this.rules) {
            if (!seen.add(r.criteria())) {
                throw new IllegalArgumentException("two rules for the same criteria " + r.criteria());
            }
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The target of {@code metric} for the case, or empty when no rule sets one. */
    public Optional<Target> target(Metric metric, CaseKey key) {
        Rule best = null;
        for (Rule r : rules) {
            if (r.targets().containsKey(metric) && r.matches(key)
                    && (best == null || r.specificity() > best.specificity())) {
                best = r;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.targets().get(metric));
    }

    /** Every metric that has a target for the case. */
    public Map<Metric, Target> targets(CaseKey key) {
        Map<Metric, Target> out = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            target(m, key).ifPresent(t -> out.put(m, t));
        }
        return out;
    }

    /**
     * The defaults from practice (issue 4): first response 30 minutes for public posts, 60 minutes
     * for private messages (on every channel, forum included); public forum posts wait 12 hours for
     * the community, 1 hour when marked "only we can answer". The issue sets no defaults for next response and resolution, so there are none.
     */
    public static SlaPolicy defaults() {
        List<Rule> rules = new ArrayList<>();
        rules.add(rule(null, Visibility.PUBLIC, null, Duration.ofMinutes(30)));
        rules.add(rule(null, Visibility.PRIVATE, null, Duration.ofMinutes(60)));
        rules.add(rule("forum", Visibility.PUBLIC, null, Duration.ofHours(12)));
        rules.add(rule("forum", Visibility.PUBLIC, true, Duration.ofHours(1)));
        return new SlaPolicy(rules);
    }

    private static Rule rule(String channel, Visibility visibility, Boolean onlyWe, Duration firstResponse) {
        return new Rule(channel, visibility, null, onlyWe,
                Map.of(Metric.FIRST_RESPONSE, new Target(firstResponse, DEFAULT_CALENDAR)));
    }
}
