package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A case changed in a way routing or reporting cares about: status, priority, required skills,
 * assignee, merge. Carries the case's whole routable state (not only the change), so a consumer
 * that missed an earlier event still ends up right. Topic {@code outpost.cases}, key: the case id.
 *
 * @param caseId          the case
 * @param channel         where the customer wrote
 * @param status          new, open, pending, on-hold, resolved or closed
 * @param previousStatus  the status before this change
 * @param priority        1 (urgent) .. 4 (low)
 * @param requiredSkills  skills an agent needs to take it
 * @param language        ISO 639-1 code when known
 * @param assigneeAgentId the agent who has it, if any
 * @param changes         which of status, priority, skills, assignee, merged changed
 * @param mergedIntoCaseId set when this case was merged into another (its status is then closed)
 * @param nextDueAt       when the next SLA target falls due, if one is running
 * @param updatedAt       when the change happened
 * @param assignmentId    routing-service's assignment the current assignee came from (its
 *                        {@code assignment.created}); absent when the assignee was set in case-service
 *                        (a supervisor, a claim) or there is none. With {@code assignee} in
 *                        {@code changes} it marks the echo of routing's own assignment, which routing
 *                        skips without a transaction (added within v1, issue 19)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseUpdated(
        UUID caseId,
        Channel channel,
        String status,
        String previousStatus,
        int priority,
        List<String> requiredSkills,
        String language,
        UUID assigneeAgentId,
        List<String> changes,
        UUID mergedIntoCaseId,
        Instant nextDueAt,
        Instant updatedAt,
        UUID assignmentId) {

    /** Without {@code assignmentId}, for code that does not set it. */
    public CaseUpdated(UUID caseId, Channel channel, String status, String previousStatus, int priority,
            List<String> requiredSkills, String language, UUID assigneeAgentId, List<String> changes,
            UUID mergedIntoCaseId, Instant nextDueAt, Instant updatedAt) {
        this(caseId, channel, status, previousStatus, priority, requiredSkills, language, assigneeAgentId, changes,
                mergedIntoCaseId, nextDueAt, updatedAt, null);
    }
}
