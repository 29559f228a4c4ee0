package io.outpost.routing.store;

import io.outpost.contracts.events.OfferEnded;
import io.outpost.routing.domain.Assignment;
import io.outpost.routing.domain.Explanation;
import io.outpost.routing.domain.RoutingRules;
import io.outpost.routing.domain.RoutingTask;
import io.outpost.routing.domain.WaitingCase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A case's life after it came in (case.updated, case.resolved), inside the inbox's transaction:
 * each step locks the case's task first (the lock order), then follows the case's state.
 */
@ApplicationScoped
public class CaseUpdates {

    private static final Logger LOG = Logger.getLogger(CaseUpdates.class);

    private final AgentStore agents;
    private final AgentIndex index;
    private final TaskStore tasks;
    private final RulesStore rules;
    private final PreferenceStore preferences;
    private final RoutingClock clock;
    private final Assigner assigner;

    public CaseUpdates(AgentStore agents, AgentIndex index, TaskStore tasks, RulesStore rules, PreferenceStore preferences,
            RoutingClock clock, Assigner assigner) {
        this.agents = agents;
        this.index = index;
        this.tasks = tasks;
        this.rules = rules;
        this.preferences = preferences;
        this.clock = clock;
        this.assigner = assigner;
    }

    /** case.updated's routable state. */
    public record CaseState(WaitingCase wanted, String status, UUID assigneeAgentId, boolean assigneeChanged,
            Instant updatedAt) {

        boolean terminal() {
            return "resolved".equals(status) || "closed".equals(status);
        }
    }

    /**
     * A case changed in case-service (inside the inbox's transaction). The task follows the case's
     * whole routable state: priority, skills, language and due time are taken over (a waiting case
     * is re-ranked and offered again); resolved or closed releases the agent's capacity; a closed
     * task whose case is open again goes back to the queue; a changed assignee that routing did
     * not pick (a supervisor's override) moves the capacity to that agent, and no assignee
     * re-queues the case. An unknown case is taken up from the event, so routing converges even
     * when it missed case.opened.
     */
    public Uni<Void> caseChanged(CaseState state) {
        UUID caseId = state.wanted().caseId();
        return tasks.lock(caseId).chain(task -> rules.current().chain(r -> {
            if (task == null) {
                if (state.terminal()) {
                    return Uni.createFrom().voidItem();
                }
                RoutingTask created = CaseIntake.newTask(state.wanted(), state.updatedAt(), r, null);
                return created.persist().chain(() -> state.assigneeAgentId() != null
                        ? holdBy(created, state.assigneeAgentId())
                        : assigner.offer(created, r).replaceWithVoid());
            }
            boolean skillsChanged = !new HashSet<>(task.requiredSkills).equals(state.wanted().requiredSkills());
            boolean priorityChanged = task.priority != state.wanted().priority();
            task.priority = state.wanted().priority();
            task.requiredSkills = state.wanted().requiredSkills().stream().sorted().toList();
            task.language = state.wanted().language();
            task.dueAt = state.wanted().dueAt();
            task.queue = r.queueFor(state.wanted().requiredSkills()).name();
            if (state.terminal()) {
                return close(task, state.status());
            }
            if (RoutingTask.CLOSED.equals(task.status)) {
                return reopen(task, state.assigneeAgentId(), r);
            }
            if (state.assigneeChanged()) {
                return followAssignee(task, state.assigneeAgentId(), r);
            }
            if (RoutingTask.WAITING.equals(task.status) && (skillsChanged || priorityChanged)) {
                return assigner.offer(task, r).replaceWithVoid();
            }
            if (RoutingTask.OFFERED.equals(task.status) && skillsChanged) {
                // The offered agent was chosen for other skills: offer the case anew.
                return tasks.activeAssignment(caseId).chain(active -> active == null
                        ? assigner.requeue(task, r)
                        : assigner.release(active, "requeued").chain(() -> assigner.requeue(task, r)));
            }
            return Uni.createFrom().voidItem();
        }));
    }

    /** case.resolved (inside the inbox's transaction): the agent's capacity returns. */
    public Uni<Void> caseResolved(UUID caseId) {
        return tasks.lock(caseId).chain(task -> task == null || RoutingTask.CLOSED.equals(task.status)
                ? Uni.createFrom().voidItem()
                : close(task, "resolved"));
    }

    private Uni<Void> close(RoutingTask task, String why) {
        task.status = RoutingTask.CLOSED;
        task.closedAt = clock.now();
        return tasks.activeAssignment(task.caseId).chain(active -> {
            if (active == null) {
                return Uni.createFrom().voidItem();
            }
            UUID agentId = active.agentId;
            // The agent has room again: they take the next waiting case they fit. We hold no agent
            // lock here, so waiting for this one is allowed.
            return assigner.release(active, why).chain(() -> agents.lock(agentId, true))
                    .chain(agent -> agent == null ? Uni.createFrom().voidItem()
                            : rules.current().chain(r -> assigner.drainTo(agent, r)));
        });
    }

    private Uni<Void> reopen(RoutingTask task, UUID assignee, RoutingRules r) {
        task.closedAt = null;
        task.excludedAgents = List.of();
        task.enqueuedAt = clock.now();
        task.lastAttemptAt = task.enqueuedAt;
        task.status = RoutingTask.WAITING;
        LOG.infof("case %s reopened: %s", task.caseId, assignee == null ? "back in the queue" : "with agent " + assignee);
        return assignee != null ? holdBy(task, assignee) : assigner.offer(task, r).replaceWithVoid();
    }

    private Uni<Void> followAssignee(RoutingTask task, UUID assignee, RoutingRules r) {
        return tasks.activeAssignment(task.caseId).chain(active -> {
            if (assignee == null) {
                // Unassigned in case-service: back to the queue, keeping its place in line.
                return active == null ? assigner.requeue(task, r)
                        : assigner.release(active, "unassigned").chain(() -> assigner.requeue(task, r));
            }
            if (active != null && active.agentId.equals(assignee)) {
                if (active.isOpenOffer()) {
                    // case-service gave the case to the agent we had offered it to: that settles the offer.
                    active.state = Assignment.ACCEPTED;
                    active.acceptedAt = clock.now();
                    task.status = RoutingTask.ASSIGNED;
                    return assigner.publishEnded(active, OfferEnded.Outcome.ACCEPTED, null)
                            .chain(() -> preferences.remember(task, assignee, active.acceptedAt));
                }
                return Uni.createFrom().voidItem(); // the echo of our own assignment
            }
            return active == null ? holdBy(task, assignee)
                    : assigner.release(active, "reassigned").chain(() -> holdBy(task, assignee));
        });
    }

    /**
     * The case is with an agent that case-service named (a supervisor's override, or the state of
     * a case routing took up late): the capacity moves to them, even beyond their limit, because
     * that is where the work is; routing then gives them nothing new until they are under it. No
     * assignment.created: case-service made this assignment.
     */
    private Uni<Void> holdBy(RoutingTask task, UUID agentId) {
        Instant now = clock.now();
        task.status = RoutingTask.ASSIGNED;
        task.assignedAt = now;
        task.lastAttemptAt = now;
        return agents.lock(agentId, true).chain(agent -> {
            if (agent == null) {
                LOG.warnf("case %s is with agent %s, whom routing-service does not know: it holds no capacity here",
                        task.caseId, agentId);
                return Uni.createFrom().voidItem();
            }
            Explanation why = new Explanation("case-service", -1, null, task.queue, 0, 0, List.of(),
                    "assigned to " + agent.displayName + " in case-service (e.g. by a supervisor); routing did not choose");
            Assignment a = Assigner.newAssignment(task, agent, why, now);
            a.state = Assignment.ACCEPTED;
            a.acceptedAt = now;
            return a.persist().chain(() -> preferences.remember(task, agent.id, now))
                    .invoke(() -> index.added(agent.id, task.channel))
                    .invoke(() -> LOG.infof("case %s held by agent %s as case-service says", task.caseId, agent.id));
        });
    }
}
