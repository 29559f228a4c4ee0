package io.outpost.cases.domain;

import io.outpost.contracts.events.PostIngested;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Priority and required skills of a new case from its opening post's enrichment. The rules are
 * configuration (see {@code CasesConfig.Triage}); this class only applies them.
 *
 * <ul>
 *   <li>Priority: the intent's priority if configured, else the default; one step more urgent for a
 *       sentiment at or below the threshold, one more for urgency hints (when enabled); within 1..4.</li>
 *   <li>Skills: the union of the skills configured for the intent, the language and the channel, in
 *       that order, without repeats. A key {@code *} matches any value; {@code {value}} in a skill is
 *       replaced by the value, so {@code lang:{value}} gives {@code lang:en}.</li>
 *   <li>"Only we can answer": the intent is one of the configured ones.</li>
 * </ul>
 */
public final class CaseTriage {

    /** The rules, as configured. Maps are keyed by the lower-case value or {@code *}. */
    public record Rules(int defaultPriority, Map<String, Integer> priorityByIntent, double negativeSentimentAtOrBelow,
            boolean urgencyHintsRaisePriority, Map<String, List<String>> skillsByIntent,
            Map<String, List<String>> skillsByLanguage, Map<String, List<String>> skillsByChannel,
            Set<String> onlyWeCanAnswerIntents) {
        public Rules {
            if (defaultPriority < 1 || defaultPriority > 4) {
                throw new IllegalArgumentException("default priority must be 1..4, got " + defaultPriority);
            }
            priorityByIntent.forEach((intent, p) -> {
                if (p == null || p < 1 || p > 4) {
                    throw new IllegalArgumentException("priority of intent " + intent + " must be 1..4, got " + p);
                }
            });
            priorityByIntent = Map.copyOf(priorityByIntent);
            skillsByIntent = Map.copyOf(skillsByIntent);
            skillsByLanguage = Map.copyOf(skillsByLanguage);
            skillsByChannel = Map.copyOf(skillsByChannel);
            onlyWeCanAnswerIntents = Set.copyOf(onlyWeCanAnswerIntents);
        }
    }

    /** What the case gets. */
    public record Result(int priority, List<String> requiredSkills, boolean onlyWeCanAnswer) {
    }

    private CaseTriage() {
    }

    public static Result triage(Rules rules, String channel, PostIngested.Enrichment enrichment) {
        Objects.requireNonNull(channel, "channel");
        String intent = enrichment == null ? null : lower(enrichment.intent());
        String language = enrichment == null ? null : lower(enrichment.language());

        int priority = intent != null && rules.priorityByIntent().containsKey(intent)
                ? rules.priorityByIntent().get(intent) : rules.defaultPriority();
        if (enrichment != null && enrichment.sentiment() != null
                && enrichment.sentiment() <= rules.negativeSentimentAtOrBelow()) {
            priority--;
        }
        if (enrichment != null && rules.urgencyHintsRaisePriority() && enrichment.urgencyHints() != null
                && enrichment.urgencyHints().stream().anyMatch(h -> h != null && !h.isBlank())) {
            priority--;
        }
        priority = Math.max(1, Math.min(4, priority));

        Set<String> skills = new LinkedHashSet<>();
        addSkills(skills, rules.skillsByIntent(), intent);
        addSkills(skills, rules.skillsByLanguage(), language);
        addSkills(skills, rules.skillsByChannel(), lower(channel));
        boolean onlyWe = intent != null && rules.onlyWeCanAnswerIntents().contains(intent);
        return new Result(priority, List.copyOf(skills), onlyWe);
    }

    private static void addSkills(Set<String> into, Map<String, List<String>> byValue, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        List<String> skills = byValue.containsKey(value) ? byValue.get(value) : byValue.get("*");
        if (skills == null) {
            return;
        }
        for (String skill : skills) {
            if (skill != null && !skill.isBlank()) {
                into.add(skill.strip().replace("{value}", value));
            }
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
