package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * A case missed an SLA target. Emitted once per case and target (a next-response target once per
 * customer turn). Topic {@code outpost.cases}, key: the case id.
 *
 * @param caseId          the case
 * @param channel         where the customer wrote
 * @param target          first-response, next-response or resolution
 * @param dueAt           when the target fell due (business time already applied)
 * @param breachedAt      when case-service noticed
 * @param priority        the case's priority at the time
 * @param assigneeAgentId the agent who had it, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlaBreached(
        UUID caseId,
        Channel channel,
        String target,
        Instant dueAt,
        Instant breachedAt,
        int priority,
        UUID assigneeAgentId) {
}
