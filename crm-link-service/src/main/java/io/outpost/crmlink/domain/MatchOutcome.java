package io.outpost.crmlink.domain;

import java.util.List;
import java.util.Map;

/**
 * What one match evaluation decided: the candidates shown (at or above {@link MatchThresholds#SUGGEST},
 * best first, at most the limit asked), how many customers were scored (those sharing a blocking
 * key) and how many of them stayed below the suggestion threshold. The counts go to the audit log
 * with the decision.
 *
 * @param suggestions  the candidates shown, best first
 * @param scored       customers scored
 * @param belowSuggest of those, how many scored below {@link MatchThresholds#SUGGEST}
 */
public record MatchOutcome(List<MatchCandidate> suggestions, int scored, int belowSuggest) {

    public static final MatchOutcome NOTHING_KNOWN = new MatchOutcome(List.of(), 0, 0);

    public MatchOutcome {
        suggestions = List.copyOf(suggestions);
    }

    /** Scores every candidate (customer id → normalized attributes) against the person; see {@link IdentityMatcher#rank}. */
    public static MatchOutcome of(NormalizedPerson person, Map<String, NormalizedPerson> candidates, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        List<MatchCandidate> ranked = IdentityMatcher.rank(person, candidates, Integer.MAX_VALUE);
        List<MatchCandidate> suggested = ranked.stream().filter(c -> c.level() != MatchLevel.NONE).toList();
        return new MatchOutcome(suggested.size() > limit ? suggested.subList(0, limit) : suggested, ranked.size(),
                ranked.size() - suggested.size());
    }
}
