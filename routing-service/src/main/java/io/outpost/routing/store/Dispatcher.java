package io.outpost.routing.store;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.messaging.Outbox;
import io.outpost.routing.config.RoutingConfig;
import io.outpost.routing.domain.Agent;
import io.outpost.routing.domain.AgentProfile;
import io.outpost.routing.domain.Assignment;
import io.outpost.routing.domain.Presence;
import io.outpost.routing.domain.RoutingDecision;
import io.outpost.routing.domain.RoutingTask;
import io.outpost.routing.domain.WaitingCase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Brings cases and agents together. Each assignment is one transaction: the assignment row, the
 * task's new state, the agent's last-assigned time and the {@code assignment.created} outbox row.
 * <p>
 * Locking rules, which together rule out both over-capacity and deadlocks: an agent's capacity is
 * checked only while holding that agent's row lock; a transaction waits for at most one agent lock
 * and only while it holds no other agent's lock; every other lock (further agents, waiting tasks)
 * is taken with {@code SKIP LOCKED}. A case is assigned at most once because its task is either
 * new (invisible to others) or locked, and the database refuses a second active assignment.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final AgentStore agents;
    private final TaskStore tasks;
    private final Outbox outbox;
    private final RoutingConfig config;
    private final Clock clock;

    public Dispatcher(AgentStore agents, TaskStore tasks, Outbox outbox, RoutingConfig config) {
        this.agents = agents;
        this.tasks = tasks;
        this.outbox = outbox;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /**
     * A case to route, inside the caller's transaction (the inbox's): remembered as a waiting task
     * and given to the best eligible agent at once if there is one. A case seen before is left as it is.
     */
    public Uni<Void> enqueue(WaitingCase wanted, Instant openedAt) {
        return RoutingTask.<RoutingTask>findById(wanted.caseId()).chain(existing -> {
            if (existing != null) {
                LOG.infof("case %s is already %s: a second case.opened changes nothing", wanted.caseId(), existing.status);
                return Uni.createFrom().voidItem();
            }
            RoutingTask task = new RoutingTask();
            task.caseId = wanted.caseId();
            task.channel = wanted.channel();
            task.priority = wanted.priority();
            task.requiredSkills = wanted.requiredSkills().stream().sorted().toList();
            task.language = wanted.language();
            task.openedAt = openedAt;
            task.enqueuedAt = wanted.enqueuedAt();
            task.lastAttemptAt = wanted.enqueuedAt();
            task.status = RoutingTask.WAITING;
            return task.persist().chain(() -> offer(task)).replaceWithVoid();
        });
    }

    public Instant now() {
        return Instant.now(clock);
    }

    /** A new agent; when created available, they take waiting cases at once. */
    public Uni<AgentStore.Snapshot> createAgent(Agent agent) {
        return Panache.withTransaction(() -> agents.countByUsername(agent.username).chain(existing -> {
            if (existing > 0) {
                return Uni.createFrom().failure(duplicateUsername(agent.username));
            }
            // The new row is invisible to other transactions until commit: no lock needed to fill it.
            return agent.persist().chain(() -> drainTo(agent)).chain(() -> agents.snapshot(agent));
        })).onFailure(Dispatcher::isDuplicateUsername).transform(e -> duplicateUsername(agent.username));
    }

    /**
     * Sets an agent's presence; an agent who is available afterwards takes waiting cases up to
     * capacity. {@code authorize} sees the agent before anything changes and may throw.
     */
    public Uni<AgentStore.Snapshot> changePresence(UUID agentId, Presence presence, Consumer<Agent> authorize) {
        return Panache.withTransaction(() -> agents.lock(agentId, true).chain(agent -> {
            if (agent == null) {
                return Uni.createFrom().failure(ApiException.notFound("no agent " + agentId));
            }
            authorize.accept(agent);
            if (agent.presence != presence) {
                agent.presence = presence;
                agent.presenceSince = now();
            }
            return drainTo(agent).chain(() -> agents.snapshot(agent));
        }));
    }

    /**
     * The backstop: re-offers waiting tasks, stalest attempt first, one transaction each. It
     * catches a case and an agent that became ready in two concurrent transactions that could not
     * see each other. Returns how many were assigned.
     */
    public Uni<Integer> sweep() {
        return tasks.stalestWaiting(config.sweepBatch()).chain(ids -> {
            Uni<Integer> assigned = Uni.createFrom().item(0);
            for (UUID id : ids) {
                assigned = assigned.chain(count -> Panache.withTransaction(() -> tasks.lockIfWaiting(id).chain(task -> {
                    if (task == null) {
                        return Uni.createFrom().item(false);
                    }
                    task.lastAttemptAt = now();
                    return offer(task);
                })).map(done -> done ? count + 1 : count));
            }
            return assigned;
        });
    }

    /** Offers a task the caller's transaction owns (new, or locked) to the best eligible agent; false: it waits. */
    private Uni<Boolean> offer(RoutingTask task) {
        WaitingCase wanted = task.waitingCase();
        return agents.availableOn(task.channel)
                .chain(profiles -> tryRanked(task, wanted, RoutingDecision.rank(wanted, profiles), 0));
    }

    private Uni<Boolean> tryRanked(RoutingTask task, WaitingCase wanted, List<AgentProfile> ranked, int attempt) {
        if (attempt >= Math.min(ranked.size(), config.lockAttempts())) {
            if (!ranked.isEmpty()) {
                LOG.debugf("case %s waits: its %d candidate(s) were taken meanwhile", task.caseId, ranked.size());
            }
            return Uni.createFrom().item(false);
        }
        // Only the first lock may wait (we hold no agent lock yet); later ones skip a held row.
        return agents.lock(ranked.get(attempt).id(), attempt == 0).chain(agent -> agent == null
                ? tryRanked(task, wanted, ranked, attempt + 1)
                : agents.loadOf(agent.id).chain(load -> {
                    AgentProfile fresh = agent.profile(load);
                    if (!RoutingDecision.isEligible(fresh, wanted)) {
                        return tryRanked(task, wanted, ranked, attempt + 1);
                    }
                    String reason = RoutingDecision.explainChoice(fresh, wanted, ranked.size()).reason();
                    return assign(task, agent, reason).replaceWith(true);
                }));
    }

    /** The agent, locked by the caller or not yet committed, takes waiting cases up to capacity. */
    private Uni<Void> drainTo(Agent agent) {
        if (agent.presence != Presence.AVAILABLE) {
            return Uni.createFrom().voidItem();
        }
        return agents.loadOf(agent.id).chain(load -> {
            AgentProfile profile = agent.profile(load);
            List<String> open = profile.capacity().keySet().stream().filter(ch -> profile.freeOn(ch) > 0).sorted().toList();
            return tasks.lockWaiting(open, config.drainBatch()).chain(waiting -> {
                Map<UUID, RoutingTask> byCase = waiting.stream().collect(Collectors.toMap(t -> t.caseId, Function.identity()));
                List<WaitingCase> picks = RoutingDecision.takeFor(profile,
                        waiting.stream().map(RoutingTask::waitingCase).toList());
                // Reasons in order, each with the load the agent had when taking that case.
                List<String> reasons = new ArrayList<>();
                AgentProfile current = profile;
                for (WaitingCase pick : picks) {
                    reasons.add(RoutingDecision.explainQueuePick(current, pick));
                    current = current.withOneMore(pick.channel(), current.idleSince());
                }
                Uni<Void> done = Uni.createFrom().voidItem();
                for (int i = 0; i < picks.size(); i++) {
                    RoutingTask task = byCase.get(picks.get(i).caseId());
                    String reason = reasons.get(i);
                    done = done.chain(() -> assign(task, agent, reason).replaceWithVoid());
                }
                return done;
            });
        });
    }

    private Uni<Assignment> assign(RoutingTask task, Agent agent, String reason) {
        Instant now = now();
        Assignment assignment = new Assignment();
        assignment.id = UUID.randomUUID();
        assignment.caseId = task.caseId;
        assignment.agentId = agent.id;
        assignment.channel = task.channel;
        assignment.assignedAt = now;
        assignment.reason = reason;
        task.status = RoutingTask.ASSIGNED;
        task.assignedAt = now;
        task.lastAttemptAt = now;
        agent.lastAssignedAt = now;
        AssignmentCreated event = new AssignmentCreated(assignment.id, task.caseId, agent.id, agent.displayName, now, reason);
        return assignment.<Assignment>persist()
                .call(() -> outbox.add(Topics.ASSIGNMENTS, task.caseId.toString(), EventTypes.ASSIGNMENT_CREATED, event))
                .invoke(() -> LOG.infof("case %s assigned to agent %s (%s): %s", task.caseId, agent.id, agent.username, reason));
    }

    private static ApiException duplicateUsername(String username) {
        return ApiException.conflict("an agent with username '" + username + "' exists");
    }

    /** Two creations of one username racing: the loser's insert hits the unique key. */
    private static boolean isDuplicateUsername(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && "23505".equals(pg.getSqlState()) && "agent_username".equals(pg.getConstraint())) {
                return true;
            }
        }
        return false;
    }
}
