package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * routing-service gave a case to an agent. Topic {@code outpost.assignments}, key: the case id.
 *
 * @param assignmentId the assignment (one per case and agent hand-over)
 * @param caseId       the case
 * @param agentId      the agent's id in routing-service
 * @param agentName    the agent's display name, for timelines
 * @param assignedAt   when the decision was made
 * @param reason       why this agent: a short human-readable explanation
 * @param team         the agent's team, when the agent has one (reports group by it)
 * @param agentUsername the agent's login (their token's {@code preferred_username}), so that
 *                      case-service can show agents their own cases; absent from older producers
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssignmentCreated(
        UUID assignmentId,
        UUID caseId,
        UUID agentId,
        String agentName,
        Instant assignedAt,
        String reason,
        String team,
        String agentUsername) {

    /** An assignment without the agent's login (producers before agentUsername existed). */
    public AssignmentCreated(UUID assignmentId, UUID caseId, UUID agentId, String agentName, Instant assignedAt,
            String reason, String team) {
        this(assignmentId, caseId, agentId, agentName, assignedAt, reason, team, null);
    }

    /** An assignment of an agent without a team. */
    public AssignmentCreated(UUID assignmentId, UUID caseId, UUID agentId, String agentName, Instant assignedAt,
            String reason) {
        this(assignmentId, caseId, agentId, agentName, assignedAt, reason, null, null);
    }
}
