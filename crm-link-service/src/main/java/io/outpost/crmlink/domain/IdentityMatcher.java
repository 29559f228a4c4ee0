package io.outpost.crmlink.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Match candidates for a person: the customers of the {@link CandidateIndex} sharing a blocking
 * key with the person, scored by {@link MatchScorer}, best first (ties by customer id, so the
 * order is stable).
 */
public final class IdentityMatcher {

    private final CandidateIndex index;

    public IdentityMatcher(CandidateIndex index) {
        this.index = index;
    }

    /** Every candidate found, best first, at most {@code limit}; levels below SUGGEST included. */
    public List<MatchCandidate> candidates(PersonAttributes person, int limit) {
        NormalizedPerson query = NormalizedPerson.of(person);
        Map<String, NormalizedPerson> found = new LinkedHashMap<>();
        for (String id : index.candidates(query)) {
            index.get(id).ifPresent(c -> found.put(id, c));
        }
        return rank(query, found, limit);
    }

    /**
     * Scores the candidates (customer id → normalized attributes) against the person: best first,
     * ties by customer id, at most {@code limit}.
     */
    public static List<MatchCandidate> rank(NormalizedPerson query, Map<String, NormalizedPerson> candidates,
            int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        List<MatchCandidate> out = new ArrayList<>(candidates.size());
        candidates.forEach((id, c) -> {
            MatchScorer.Result r = MatchScorer.score(query, c);
            out.add(new MatchCandidate(id, r.score(), MatchLevel.of(r.score()), r.evidence()));
        });
        out.sort(Comparator.comparingDouble(MatchCandidate::score).reversed()
                .thenComparing(MatchCandidate::customerId));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
    }

    /** The candidates at or above the suggestion threshold, best first, at most {@code limit}. */
    public List<MatchCandidate> suggestions(PersonAttributes person, int limit) {
        return candidates(person, limit).stream().filter(c -> c.level() != MatchLevel.NONE).toList();
    }
}
