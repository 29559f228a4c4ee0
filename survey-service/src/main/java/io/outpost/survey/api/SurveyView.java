package io.outpost.survey.api;

import io.outpost.survey.domain.Survey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A resolved case's survey: the decision (scheduled, or skipped and why) and what became of it. */
@Schema(description = "A survey decision and its outcome")
public record SurveyView(
        UUID id,
        UUID caseId,
        @Schema(description = "scheduled, skipped, cancelled, sent, answered or expired", example = "skipped") String state,
        @Schema(description = "Why skipped or cancelled: ERASED, OPTED_OUT, CONSENT_REVOKED, CONSENT_DENIED, CONSENT_EXPIRED, "
                + "HIDDEN_CASE, INCIDENT, FATIGUE_PERSON, FATIGUE_CHANNEL, NOT_SAMPLED (skipped); REOPENED, OPTED_OUT, "
                + "CONSENT_*, ERASED (cancelled)", example = "FATIGUE_PERSON") String reason,
        @Schema(example = "nps") String kind,
        @Schema(example = "x") String channel,
        String language,
        UUID agentId,
        String team,
        @Schema(description = "negative, neutral, positive or unknown") String openingSentiment,
        Instant resolvedAt,
        Instant decidedAt,
        Instant sendAt,
        Instant sentAt,
        Instant expiresAt,
        Instant answeredAt,
        Integer score,
        String comment,
        @Schema(description = "link or dm") String answeredVia,
        @Schema(description = "The platform id of our channel account the customer wrote to (case.resolved.accountId): "
                + "the invitation goes out from it; absent: the channel's default account") String accountId) {

    static SurveyView of(Survey s) {
        return new SurveyView(s.id, s.caseId, s.state, s.reason, s.kind, s.channel, s.language, s.agentId, s.team,
                s.openingSentiment, s.resolvedAt, s.decidedAt, s.sendAt, s.sentAt, s.expiresAt, s.answeredAt, s.score,
                s.comment, s.answeredVia, s.accountId);
    }

    /**
     * @param items      most recently decided first
     * @param nextCursor pass as {@code cursor} for the next page; null on the last page
     */
    public record Page(List<SurveyView> items, String nextCursor) {
    }
}
