package io.outpost.survey.api;

import io.outpost.survey.domain.SurveyCase;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A recorded case a survey may follow once it resolves. */
@Schema(description = "A case a survey may follow")
public record CandidateView(
        UUID caseId,
        @Schema(example = "x") String channel,
        @Schema(description = "The customer's platform user id: fatigue limits count per person", example = "115712")
        String customerPlatformId,
        @Schema(description = "Platform time of the post that opened the case") Instant openedAt) {

    static CandidateView of(SurveyCase c) {
        return new CandidateView(c.caseId, c.channel, c.customerPlatformId, c.openedAt);
    }

    /**
     * @param items      most recently opened first
     * @param nextCursor pass as {@code cursor} for the next page; null on the last page
     */
    public record Page(List<CandidateView> items, String nextCursor) {
    }
}
