package io.outpost.crmlink.domain;

import java.util.List;

/**
 * One customer who may be the person.
 *
 * @param customerId the customer
 * @param score      the sum of the evidence's contributions (see {@link MatchScorer})
 * @param level      what the score allows
 * @param evidence   one entry per attribute known on both sides
 */
public record MatchCandidate(String customerId, double score, MatchLevel level, List<Evidence> evidence) {

    public MatchCandidate {
        evidence = List.copyOf(evidence);
    }
}
