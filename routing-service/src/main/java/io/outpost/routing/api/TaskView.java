package io.outpost.routing.api;

import io.outpost.routing.domain.Assignment;
import io.outpost.routing.domain.Explanation;
import io.outpost.routing.domain.JsonText;
import io.outpost.routing.domain.RoutingTask;
import io.outpost.routing.store.TaskStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where a case stands in routing.
 *
 * @param status     waiting, offered, assigned or closed
 * @param enqueuedAt its place in line (kept across declines and lapsed offers)
 * @param dueAt      the next SLA due time, which orders waiting cases of equal priority
 * @param assignment the active offer or assignment, when there is one
 */
public record TaskView(UUID caseId, String channel, int priority, List<String> requiredSkills, String language,
        String queue, Instant openedAt, Instant enqueuedAt, Instant dueAt, String status, UUID preferredAgentId,
        List<String> excludedAgents, AssignmentView assignment) {

    /** Who has (or is offered) the case and why. */
    public record AssignmentView(UUID assignmentId, UUID agentId, String state, Instant assignedAt, Instant offerExpiresAt,
            Instant acceptedAt, String reason, Explanation explanation) {

        static AssignmentView of(Assignment a) {
            return new AssignmentView(a.id, a.agentId, a.state, a.assignedAt, a.offerExpiresAt, a.acceptedAt, a.reason,
                    a.explanation == null ? null : JsonText.fromJson(a.explanation, Explanation.class));
        }
    }

    static TaskView of(TaskStore.TaskState state) {
        RoutingTask t = state.task();
        Assignment a = state.assignment();
        return new TaskView(t.caseId, t.channel, t.priority, t.requiredSkills, t.language, t.queue, t.openedAt, t.enqueuedAt,
                t.dueAt, t.status, t.preferredAgentId, t.excludedAgents, a == null ? null : AssignmentView.of(a));
    }
}
