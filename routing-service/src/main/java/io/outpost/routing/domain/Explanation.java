package io.outpost.routing.domain;

import java.util.List;
import java.util.UUID;

/**
 * Why a case went to an agent, as stored with the assignment and shown by {@code GET /api/v1/tasks/{caseId}}.
 *
 * @param how        best-candidate, preferred-agent, queue-pick (an agent who became free took the
 *                   next case they fit) or case-service (the assignee was set there, e.g. by a supervisor)
 * @param ring       the bullseye ring the case was in, -1 when routing did not choose
 * @param ringRule   what that ring asks of an agent
 * @param queue      the case's queue
 * @param considered agents looked at (available on the channel)
 * @param eligible   of those, how many could take the case
 * @param candidates the best eligible ones (up to {@value RoutingDecision#EXPLAINED_CANDIDATES}) and
 *                   some of the rejected ones with why, in rank order
 * @param summary    the one-line reason that travels in assignment.created
 */
public record Explanation(String how, int ring, String ringRule, String queue, int considered, int eligible,
        List<Score> candidates, String summary) {

    /**
     * One agent as routing saw them.
     *
     * @param proficiency      sum of the agent's proficiency in the case's required skills (higher ranks first)
     * @param occupancyPercent active cases over capacity, all channels (lower ranks first)
     * @param idleSince        ISO instant (earlier ranks first)
     * @param basis            why eligible: skills, team, supervisor
     * @param whyNot           why not eligible
     */
    public record Score(UUID agentId, String name, boolean eligible, boolean chosen, int rank, int proficiency,
            long occupancyPercent, String idleSince, String basis, String whyNot) {
    }

    public Explanation {
        candidates = List.copyOf(candidates);
    }
}
