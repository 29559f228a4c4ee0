package io.outpost.crmlink.api;

import io.outpost.crmlink.domain.MatchCandidate;
import java.util.List;

/**
 * The customers who may be the person, best first, each with score, level and evidence per
 * attribute; only those at or above the suggestion threshold.
 */
public record MatchCandidatesView(List<MatchCandidate> candidates) {
}
