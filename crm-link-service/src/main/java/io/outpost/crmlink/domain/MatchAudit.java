package io.outpost.crmlink.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The evidence part of the audit entries about matching: what was asked and what was decided, in
 * ids, attribute names, scores and levels only. No attribute value ever goes in (not what was
 * asked, not what a customer holds): the audit log must not become a second copy of the personal
 * data it documents, and an erasure redacts whole entries, not values inside them.
 */
public final class MatchAudit {

    /** The action of an evaluation (POST /api/v1/match-candidates, GET /api/v1/identities/{id}/match-candidates). */
    public static final String EVALUATED = "match.evaluated";

    private MatchAudit() {
    }

    /**
     * One evaluation.
     *
     * @param identityId the stored identity matched, or null for a person described in the request
     * @param attributes names of the attributes supplied ({@link PersonAttributes#presentAttributes()})
     * @param sources    for a stored identity, where they came from (display-name, private-message, profile)
     * @param limit      the most candidates asked for
     */
    public static Map<String, Object> evaluation(UUID identityId, List<String> attributes, List<String> sources, int limit,
            MatchOutcome outcome) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("request", identityId == null ? "person" : "identity");
        if (identityId != null) {
            evidence.put("identityId", identityId.toString());
            evidence.put("sources", List.copyOf(sources));
        }
        evidence.put("attributes", List.copyOf(attributes));
        evidence.put("limit", limit);
        evidence.put("scored", outcome.scored());
        evidence.put("belowSuggest", outcome.belowSuggest());
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (MatchCandidate c : outcome.suggestions()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("customerId", c.customerId());
            entry.put("score", round(c.score()));
            entry.put("level", c.level().name());
            candidates.add(entry);
        }
        evidence.put("candidates", candidates);
        return evidence;
    }

    /**
     * What a link decision (suggest, confirm, remove) rested on: the identity scored against the
     * customer at the time of the decision, per attribute its similarity and contribution.
     */
    public static Map<String, Object> decisionBasis(MatchScorer.Result result) {
        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("score", round(result.score()));
        basis.put("level", MatchLevel.of(result.score()).name());
        List<Map<String, Object>> attributes = new ArrayList<>();
        for (Evidence e : result.evidence()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("attribute", e.attribute());
            entry.put("similarity", round(e.similarity()));
            entry.put("contribution", round(e.contribution()));
            attributes.add(entry);
        }
        basis.put("evidence", attributes);
        return basis;
    }

    /** Three decimals: enough to reproduce a level, without float noise in the log. */
    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
