package io.outpost.routing.domain;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Whether a case.updated is case-service's echo of an assignment routing made itself, which routing
 * acknowledges without a transaction (issue 19: one transaction, one inbox row and one task lock
 * fewer per routed case). Plain Java, decided from the event alone.
 *
 * <p>case-service applies routing's assignment.created by giving the case its agent, and publishes
 * case.updated with {@code assignee} (and {@code status} when a new case becomes open) in
 * {@code changes} and the assignment's id in {@code assignmentId}; an assignee set in case-service
 * (a supervisor, a claim) has no {@code assignmentId}. When routing reads that echo, its own state
 * already says what the echo says: the assignment is accepted (assignment.created is published only
 * then), and an accepted assignment is released only by a case event, which case-service published
 * before the echo and routing therefore read before it. Applied, the echo would lock the task, find
 * the active assignment naming the same agent and stop ({@code CaseUpdates.followAssignee}): it does
 * nothing routing needs. Where routing had moved on meanwhile (the case closed and reopened, and
 * routing assigned it anew), the echo of the older assignment is followed by the echo of the newer,
 * so skipping both leaves routing where it is rather than moving the case back and forth.
 *
 * <p>Not an echo, so applied as before: a terminal status (routing closes the task, as for any
 * resolved case), any other change in the same event (priority, skills, merge), and events without
 * {@code assignmentId}. The one case where skipping differs from applying: case-service applies an
 * assignment older than a supervisor's change of assignee only when the two services' clocks
 * disagree by more than the time between them (its staleness check compares routing's
 * {@code assignedAt} with its own clock); then routing keeps the supervisor's agent where it would
 * have followed case-service (routing-service README, "The case's life").
 */
public final class OwnAssignmentEcho {

    /** What case-service's application of an assignment can change (CaseStore.assign). */
    private static final Set<String> ASSIGNMENT_CHANGES = Set.of("assignee", "status");

    private OwnAssignmentEcho() {
    }

    /** True when the case.updated with these fields is the echo of routing's own assignment. */
    public static boolean isEcho(List<String> changes, UUID assignmentId, String status) {
        return assignmentId != null && changes != null && changes.contains("assignee")
                && ASSIGNMENT_CHANGES.containsAll(changes)
                && !"resolved".equals(status) && !"closed".equals(status);
    }
}
