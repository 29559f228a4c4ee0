package io.outpost.survey.domain;

import io.outpost.contracts.Channel;
import io.outpost.contracts.surveys.SurveyKind;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One sent survey and its answer, as the reports read it.
 *
 * @param caseId           the case surveyed
 * @param kind             NPS or CSAT
 * @param agent            the agent who resolved the case; {@code null} when none
 * @param team             the agent's team; {@code null} when none
 * @param channel          where the survey was sent
 * @param openingSentiment the sentiment bucket of the case's opening post
 * @param sentAt           when it was sent; decides its ISO week (UTC)
 * @param score            the answer, {@code null} while unanswered (or expired)
 */
public record SurveyRecord(UUID caseId, SurveyKind kind, String agent, String team, Channel channel,
        OpeningSentiment openingSentiment, Instant sentAt, Integer score) {

    public SurveyRecord {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(kind, "kind of survey of case " + caseId);
        Objects.requireNonNull(channel, "channel of survey of case " + caseId);
        Objects.requireNonNull(openingSentiment, "openingSentiment of survey of case " + caseId);
        Objects.requireNonNull(sentAt, "sentAt of survey of case " + caseId);
        if (score != null) {
            try {
                kind.check(score);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("survey of case " + caseId + ": " + e.getMessage(), e);
            }
        }
    }

    public boolean answered() {
        return score != null;
    }
}
