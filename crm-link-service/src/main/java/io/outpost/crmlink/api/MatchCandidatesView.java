package io.outpost.crmlink.api;

import io.outpost.crmlink.domain.MatchCandidate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The customers who may be the person, best first, each with score, level and evidence per
 * attribute; only those at or above the suggestion threshold.
 *
 * @param evaluationId the audit entry of this evaluation ({@code GET /api/v1/audit?subject=...})
 */
public record MatchCandidatesView(
        @Schema(description = "The id (and subject) of this evaluation's match.evaluated audit entry") UUID evaluationId,
        List<MatchCandidate> candidates) {
}
