package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import java.time.Instant;
import java.util.UUID;

/**
 * A case was resolved: the facts survey-service decides on (whom to ask, whether to ask at all)
 * and reports by. routing-service returns the agent's capacity on it. A reopened case is a
 * {@link CaseUpdated} with status {@code open}. Topic {@code outpost.cases}, key: the case id.
 *
 * @param caseId           the case
 * @param channel          where the customer wrote
 * @param visibility       whether the conversation began in public
 * @param customer         who the customer is on the platform (never CRM data)
 * @param assigneeAgentId  the agent who had it, if any
 * @param assigneeName     that agent's display name
 * @param team             that agent's team, if any
 * @param language         ISO 639-1 code when known
 * @param openingSentiment the sentiment of the post that opened the case, in [-1, 1], when known
 * @param hidden           true for bot/spam cases that never reached agents
 * @param incidentId       the incident the case is attached to, if any
 * @param openedAt         the platform time of the opening post
 * @param firstResponseAt  when we first answered, if we did
 * @param resolvedAt       when it was resolved
 * @param accountId        the platform id of our channel account the customer wrote to, when known:
 *                         the survey invitation goes out from it (optional: added within v1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseResolved(
        UUID caseId,
        Channel channel,
        Visibility visibility,
        PostIngested.Author customer,
        UUID assigneeAgentId,
        String assigneeName,
        String team,
        String language,
        Double openingSentiment,
        boolean hidden,
        UUID incidentId,
        Instant openedAt,
        Instant firstResponseAt,
        Instant resolvedAt,
        String accountId) {

    /** A resolved case whose account is not known (events from before v1 had it). */
    public CaseResolved(UUID caseId, Channel channel, Visibility visibility, PostIngested.Author customer,
            UUID assigneeAgentId, String assigneeName, String team, String language, Double openingSentiment,
            boolean hidden, UUID incidentId, Instant openedAt, Instant firstResponseAt, Instant resolvedAt) {
        this(caseId, channel, visibility, customer, assigneeAgentId, assigneeName, team, language, openingSentiment,
                hidden, incidentId, openedAt, firstResponseAt, resolvedAt, null);
    }
}
