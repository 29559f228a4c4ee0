package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer answered a survey. Topic {@code outpost.surveys}, key: the case id.
 *
 * @param surveyId   the survey
 * @param caseId     the case it asked about
 * @param kind       nps (0-10), csat (1-5) or ces (1-7)
 * @param score      the answer on the kind's scale
 * @param comment    the customer's words, if any
 * @param channel    where the case was
 * @param agentId    the agent who had the case, if any
 * @param via        link (the survey page) or dm (a number replied in the private message)
 * @param answeredAt when the answer arrived
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SurveyAnswered(
        UUID surveyId,
        UUID caseId,
        String kind,
        int score,
        String comment,
        Channel channel,
        UUID agentId,
        String via,
        Instant answeredAt) {
}
