package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * survey-service invited a customer to a survey about a case. Topic {@code outpost.surveys}, key:
 * the case id.
 *
 * @param surveyId  the survey
 * @param caseId    the case it asks about
 * @param kind      nps, csat or ces
 * @param channel   where the invitation went
 * @param sentAt    when it was requested for delivery
 * @param expiresAt when the answer window closes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SurveySent(
        UUID surveyId,
        UUID caseId,
        String kind,
        Channel channel,
        Instant sentAt,
        Instant expiresAt) {
}
