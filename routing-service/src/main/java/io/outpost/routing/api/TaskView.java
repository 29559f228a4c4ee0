package io.outpost.routing.api;

import io.outpost.routing.domain.Assignment;
import io.outpost.routing.domain.RoutingTask;
import io.outpost.routing.store.TaskStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where a case stands in routing.
 *
 * @param status     waiting or assigned
 * @param assignment the active assignment, when assigned
 */
public record TaskView(UUID caseId, String channel, int priority, List<String> requiredSkills, String language,
        Instant openedAt, Instant enqueuedAt, String status, AssignmentView assignment) {

    /** Who has the case and why. */
    public record AssignmentView(UUID assignmentId, UUID agentId, Instant assignedAt, String reason) {
    }

    static TaskView of(TaskStore.TaskState state) {
        RoutingTask t = state.task();
        Assignment a = state.assignment();
        return new TaskView(t.caseId, t.channel, t.priority, t.requiredSkills, t.language, t.openedAt, t.enqueuedAt,
                t.status, a == null ? null : new AssignmentView(a.id, a.agentId, a.assignedAt, a.reason));
    }
}
