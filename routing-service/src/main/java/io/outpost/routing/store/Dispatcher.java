package io.outpost.routing.store;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Channel;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.OfferEnded;
import io.outpost.contracts.events.OfferMade;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.messaging.Outbox;
import io.outpost.kit.messaging.TraceContext;
import io.outpost.routing.config.RoutingConfig;
import io.outpost.routing.domain.Agent;
import io.outpost.routing.domain.AgentProfile;
import io.outpost.routing.domain.Assignment;
import io.outpost.routing.domain.Explanation;
import io.outpost.routing.domain.JsonText;
import io.outpost.routing.domain.Presence;
import io.outpost.routing.domain.RoutingDecision;
import io.outpost.routing.domain.RoutingRules;
import io.outpost.routing.domain.RoutingTask;
import io.outpost.routing.domain.WaitingCase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Brings cases and agents together: offers, accepts, declines, lapses and releases. Each step is
 * one transaction: the assignment row, the task's new state, the agent's last-assigned time and,
 * when an assignment is accepted, the {@code assignment.created} outbox row; every offer made
 * writes {@code offer.made} and every end of an open offer {@code offer.ended} in the transaction
 * that makes or ends it, so each is published once per transition (a redelivered input finds the
 * offer already made or ended and writes nothing).
 * <p>
 * Locking rules, which together rule out both over-capacity and deadlocks: a task is locked before
 * any agent; an agent's capacity is checked only while holding that agent's row lock; a
 * transaction waits for at most one agent lock and only while it holds no other agent's lock;
 * every other lock (further agents, waiting tasks while holding an agent) is taken with
 * {@code SKIP LOCKED}. A case is assigned at most once because its task is either new (invisible
 * to others) or locked, and the database refuses a second active assignment.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    /** The schema of assignment.created caps team at 100 characters. */
    private static final int MAX_TEAM = 100;

    private final AgentStore agents;
    private final AgentIndex index;
    private final TaskStore tasks;
    private final RulesStore rules;
    private final PreferenceStore preferences;
    private final Outbox outbox;
    private final RoutingConfig config;
    private final Clock clock;
    /** Choosing an agent for a case (the index's shortlist and the ranking), without the locking and writing after it. */
    private final Timer decisionTime;

    public Dispatcher(AgentStore agents, AgentIndex index, TaskStore tasks, RulesStore rules, PreferenceStore preferences,
            Outbox outbox, RoutingConfig config, MeterRegistry meters) {
        this.agents = agents;
        this.index = index;
        this.tasks = tasks;
        this.rules = rules;
        this.preferences = preferences;
        this.outbox = outbox;
        this.config = config;
        this.clock = Clock.systemUTC();
        this.decisionTime = Timer.builder("outpost.routing.decision")
                .description("Choosing an agent for a case: the agent index's shortlist and the ranking, before any lock")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    public Instant now() {
        return Instant.now(clock);
    }

    // ---------------------------------------------------------------- cases arriving and changing

    /**
     * A new case as routing sees it; {@code traceParent}: the W3C {@code traceparent} of its case.opened
     * (null: the current context's), kept with the task for its assignment.created.
     */
    public record NewCase(WaitingCase wanted, Instant openedAt, String customerChannel, String customerPlatformUserId,
            String traceParent) {

        public NewCase(WaitingCase wanted, Instant openedAt, String customerChannel, String customerPlatformUserId) {
            this(wanted, openedAt, customerChannel, customerPlatformUserId, null);
        }
    }

    /**
     * A case to route, inside the caller's transaction (the inbox's): remembered as a waiting task
     * and offered to the best eligible agent at once if there is one. A case seen before is left as it is.
     */
    public Uni<Void> enqueue(NewCase c) {
        WaitingCase wanted = c.wanted();
        return RoutingTask.<RoutingTask>findById(wanted.caseId()).chain(existing -> {
            if (existing != null) {
                LOG.infof("case %s is already %s: a second case.opened changes nothing", wanted.caseId(), existing.status);
                return Uni.createFrom().voidItem();
            }
            return preferences.lastAgent(c.customerChannel(), c.customerPlatformUserId())
                    .chain(preferred -> rules.current().chain(r -> {
                        RoutingTask task = newTask(wanted, c.openedAt(), r, c.traceParent());
                        task.customerChannel = c.customerChannel();
                        task.customerPlatformUserId = c.customerPlatformUserId();
                        task.preferredAgentId = preferred;
                        return task.persist().chain(() -> offer(task, r)).replaceWithVoid();
                    }));
        });
    }

    /**
     * New cases read together (a run of case.opened in one poll), inside the caller's transaction:
     * for each the outcome {@link #enqueue} would have, in a handful of statements instead of a
     * transaction each. Cases seen before are left as they are. See {@link BatchOffer} for how
     * agents are chosen, locked and re-checked.
     */
    public Uni<Void> enqueueAll(List<NewCase> cases) {
        Map<UUID, NewCase> byCase = new LinkedHashMap<>();
        cases.forEach(c -> byCase.putIfAbsent(c.wanted().caseId(), c));
        return tasks.existing(byCase.keySet()).chain(existing -> {
            for (UUID seen : existing) {
                LOG.infof("case %s is already routed: a second case.opened changes nothing", seen);
                byCase.remove(seen);
            }
            if (byCase.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<PreferenceStore.Customer> customers = byCase.values().stream().map(Dispatcher::customerOf)
                    .filter(java.util.Objects::nonNull).distinct().toList();
            return preferences.lastAgents(customers).chain(preferred -> rules.current().chain(r -> {
                List<RoutingTask> created = new ArrayList<>(byCase.size());
                for (NewCase c : byCase.values()) {
                    // Each case its own trace: this transaction routes several case.opened at once.
                    RoutingTask task = newTask(c.wanted(), c.openedAt(), r, c.traceParent());
                    task.customerChannel = c.customerChannel();
                    task.customerPlatformUserId = c.customerPlatformUserId();
                    PreferenceStore.Customer customer = customerOf(c);
                    task.preferredAgentId = customer == null ? null : preferred.get(customer);
                    created.add(task);
                }
                return new BatchOffer(created, r).run();
            }));
        });
    }

    private static PreferenceStore.Customer customerOf(NewCase c) {
        return c.customerChannel() == null || c.customerPlatformUserId() == null ? null
                : new PreferenceStore.Customer(c.customerChannel(), c.customerPlatformUserId());
    }

    /**
     * Offers new tasks, which no other transaction can see yet, to agents in rounds; the same rules
     * as {@link #offer} for one task, with the locking done for all at once:
     * <ol>
     * <li>In queue order, each task's best agent is chosen from the index's shortlist as this batch
     * has changed it (an agent chosen for an earlier task counts with one more case), so one poll
     * does not pile onto one agent.
     * <li>The chosen agents are locked in one statement, in id order: in the first round waiting
     * for them (two batches locking in the same order cannot deadlock, and every other transaction
     * waits for an agent only while holding no agent), in later rounds skipping held rows, because
     * this transaction now holds agents.
     * <li>Under the locks each task is re-checked against the agent's row and load as read plus what
     * this batch gave them; a task whose agent is gone, held or no longer fits goes to the next round
     * without that agent, until {@code lock-attempts} locked agents no longer fitted it (held ones do
     * not count: three consumers race for the same best agents) or {@value #MAX_ROUNDS} rounds; then
     * it waits (the sweep, or an agent becoming free, takes it up).
     * <li>Then everything is written: tasks, assignments, the agents' last assignment, the outbox
     * rows of accepted assignments and the preferred-agent memory, a multi-row statement each
     * (Hibernate batches the entity inserts), and the index takes each locked agent's exact state.
     * </ol>
     */
    private final class BatchOffer {

        /**
         * Each round tries another agent for every case left, and agents held by other transactions
         * do not count as attempts: a bound on the rounds all the same (a decision keeps 32 candidates).
         */
        private static final int MAX_ROUNDS = RoutingDecision.KEPT_CANDIDATES;

        private record Pick(RoutingDecision.Decision decision, UUID agentId) {
        }

        private final List<RoutingTask> tasks;
        private final RoutingRules r;
        private final Instant now = now();
        /** Agents as this batch has changed them: chosen (one more case each), or locked (exact). */
        private final Map<UUID, AgentProfile> changed = new HashMap<>();
        private final Map<UUID, Agent> locked = new HashMap<>();
        /** Each locked agent's load: as read under the lock plus what this batch gave them. */
        private final Map<UUID, Map<String, Integer>> loads = new HashMap<>();
        /** Agents another transaction holds (later rounds skip them) or that are gone. */
        private final Set<UUID> unavailable = new HashSet<>();
        private final Map<UUID, Set<UUID>> tried = new HashMap<>();
        /** Per case, the locked agents who no longer fitted it (at most {@code lock-attempts}). */
        private final Map<UUID, Integer> misfits = new HashMap<>();
        private final List<Assignment> made = new ArrayList<>();
        private final List<Outbox.Event> accepted = new ArrayList<>();
        private final List<PreferenceStore.Remembered> remembered = new ArrayList<>();

        BatchOffer(List<RoutingTask> tasks, RoutingRules r) {
            this.tasks = tasks.stream().sorted(Comparator.comparing(RoutingTask::waitingCase, RoutingDecision.QUEUE_ORDER)).toList();
            this.r = r;
        }

        Uni<Void> run() {
            return round(tasks, 0).chain(this::write);
        }

        private Uni<Void> round(List<RoutingTask> pending, int attempt) {
            if (pending.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            if (attempt >= MAX_ROUNDS) {
                // Every round tried another agent for each of them; the sweep offers them again.
                LOG.infof("%d new case(s) wait: the agents chosen for them in %d rounds were taken meanwhile (%s)", pending.size(),
                        attempt, pending.stream().map(t -> t.caseId.toString()).collect(Collectors.joining(", ")));
                return Uni.createFrom().voidItem();
            }
            Map<RoutingTask, Pick> picks = new LinkedHashMap<>();
            for (RoutingTask task : pending) {
                Pick pick = choose(task);
                if (pick != null) {
                    picks.put(task, pick);
                    tried.computeIfAbsent(task.caseId, id -> new HashSet<>()).add(pick.agentId());
                    AgentProfile agent = changed.getOrDefault(pick.agentId(), index.get(pick.agentId()));
                    if (agent != null) {
                        changed.put(agent.id(), agent.withOneMore(task.channel, now));
                    }
                }
            }
            if (picks.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            // The database orders the locks (order by id): this set's order does not matter.
            Set<UUID> toLock = new HashSet<>();
            picks.values().forEach(p -> toLock.add(p.agentId()));
            toLock.removeAll(locked.keySet());
            return lock(toLock, attempt == 0).chain(() -> {
                List<RoutingTask> again = new ArrayList<>();
                picks.forEach((task, pick) -> {
                    if (recheck(task, pick)) {
                        return;
                    }
                    // An agent another transaction holds is no attempt of this case's: only a locked
                    // agent who no longer fits counts against lock-attempts.
                    int misfit = locked.containsKey(pick.agentId()) ? misfits.merge(task.caseId, 1, Integer::sum)
                            : misfits.getOrDefault(task.caseId, 0);
                    if (misfit < config.lockAttempts()) {
                        again.add(task);
                    } else {
                        LOG.debugf("case %s waits: %d of its candidates no longer fitted when locked", task.caseId, misfit);
                    }
                });
                // The locked agents as they now are, for the next round's choices.
                locked.forEach((id, agent) -> changed.put(id, agent.profile(loads.get(id))));
                return round(again, attempt + 1);
            });
        }

        /** The best agent for the task as this batch sees them now, or null (it waits). */
        private Pick choose(RoutingTask task) {
            WaitingCase wanted = task.waitingCase();
            long started = System.nanoTime();
            Set<UUID> triedHere = tried.getOrDefault(task.caseId, Set.of());
            // A longer shortlist than one case needs, as agents this batch filled drop out of it.
            int limit = RoutingDecision.KEPT_CANDIDATES + Math.min(changed.size(), 3 * RoutingDecision.KEPT_CANDIDATES);
            List<AgentProfile> shortlist = index.candidates(wanted, RoutingDecision.ringOf(wanted, r, now),
                    r.queueFor(wanted.requiredSkills()).team(), r.optionalSkills(), limit).stream()
                    .filter(a -> !unavailable.contains(a.id()) && !triedHere.contains(a.id()))
                    .map(a -> changed.getOrDefault(a.id(), a))
                    .toList();
            RoutingDecision.Decision decision = RoutingDecision.decide(wanted, shortlist, r, now);
            decisionTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (decision.waitingForPreferred()) {
                LOG.debugf("case %s waits for its customer's previous agent %s", task.caseId, wanted.preferredAgentId());
            }
            List<RoutingDecision.Candidate> toTry = decision.toTry();
            return toTry.isEmpty() ? null : new Pick(decision, toTry.get(0).agent().id());
        }

        /** Locks the agents (sorted) and reads their rows and loads; those not locked become unavailable. */
        private Uni<Void> lock(Set<UUID> ids, boolean wait) {
            if (ids.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            String sql = "select id from agent where id in (:ids) order by id for update" + (wait ? "" : " skip locked");
            return Panache.getSession().chain(s -> s.createNativeQuery(sql, UUID.class)
                    .setParameter("ids", ids)
                    .getResultList()
                    .chain(lockedIds -> {
                        for (UUID id : ids) {
                            if (!lockedIds.contains(id)) {
                                unavailable.add(id);
                                if (wait) {
                                    index.remove(id); // a waiting lock finds every existing row: this agent is gone
                                }
                            }
                        }
                        if (lockedIds.isEmpty()) {
                            return Uni.createFrom().voidItem();
                        }
                        return s.createSelectionQuery("from Agent a where a.id in :ids", Agent.class)
                                .setParameter("ids", lockedIds)
                                .getResultList()
                                .chain(rows -> agents.loads(lockedIds).invoke(read -> rows.forEach(agent -> {
                                    locked.put(agent.id, agent);
                                    loads.put(agent.id, read.getOrDefault(agent.id, Map.of()));
                                })))
                                .replaceWithVoid();
                    }));
        }

        /** Under the agent's lock: whether the pick still fits; if so the assignment is made (in memory). */
        private boolean recheck(RoutingTask task, Pick pick) {
            Agent agent = locked.get(pick.agentId());
            if (agent == null) {
                return false;
            }
            Explanation why = stillFits(agent.profile(loads.get(agent.id)), pick.decision(), r);
            if (why == null) {
                return false;
            }
            Assignment a = prepare(task, agent, why, r, now);
            // In this agent's order: the offer, then (auto-accepted) the assignment.
            accepted.add(offerMadeEvent(task, a, agent));
            if (Assignment.ACCEPTED.equals(a.state)) {
                accepted.add(acceptedEvent(task, a, agent));
                remembered.add(new PreferenceStore.Remembered(task, agent.id, now));
            }
            made.add(a);
            loads.put(agent.id, plusOne(loads.get(agent.id), task.channel));
            return true;
        }

        private Uni<Void> write() {
            return Panache.getSession()
                    .chain(s -> s.persistAll(tasks.toArray()).chain(() -> s.persistAll(made.toArray())))
                    .chain(() -> outbox.addAll(accepted))
                    .chain(() -> preferences.rememberAll(remembered))
                    // Under the agents' row locks, as the one-case path does.
                    .invoke(() -> locked.forEach((id, agent) -> index.put(agent.profile(loads.get(id)))));
        }
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
                RoutingTask created = newTask(state.wanted(), state.updatedAt(), r, null);
                return created.persist().chain(() -> state.assigneeAgentId() != null
                        ? holdBy(created, state.assigneeAgentId())
                        : offer(created, r).replaceWithVoid());
            }
            boolean skillsChanged = !new java.util.HashSet<>(task.requiredSkills).equals(state.wanted().requiredSkills());
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
                return offer(task, r).replaceWithVoid();
            }
            if (RoutingTask.OFFERED.equals(task.status) && skillsChanged) {
                // The offered agent was chosen for other skills: offer the case anew.
                return tasks.activeAssignment(caseId).chain(active -> active == null
                        ? requeue(task, r)
                        : release(active, "requeued").chain(() -> requeue(task, r)));
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

    /** {@code traceParent} null: the current context's (the event being handled), if any. */
    private RoutingTask newTask(WaitingCase wanted, Instant openedAt, RoutingRules r, String traceParent) {
        RoutingTask task = new RoutingTask();
        task.caseId = wanted.caseId();
        task.traceParent = traceParent != null ? traceParent : TraceContext.current();
        task.channel = wanted.channel();
        task.priority = wanted.priority();
        task.requiredSkills = wanted.requiredSkills().stream().sorted().toList();
        task.language = wanted.language();
        task.openedAt = openedAt;
        task.enqueuedAt = wanted.enqueuedAt();
        task.lastAttemptAt = wanted.enqueuedAt();
        task.dueAt = wanted.dueAt();
        task.queue = r.queueFor(wanted.requiredSkills()).name();
        task.excludedAgents = List.of();
        task.status = RoutingTask.WAITING;
        return task;
    }

    private Uni<Void> close(RoutingTask task, String why) {
        task.status = RoutingTask.CLOSED;
        task.closedAt = now();
        return tasks.activeAssignment(task.caseId).chain(active -> {
            if (active == null) {
                return Uni.createFrom().voidItem();
            }
            UUID agentId = active.agentId;
            // The agent has room again: they take the next waiting case they fit. We hold no agent
            // lock here, so waiting for this one is allowed.
            return release(active, why).chain(() -> agents.lock(agentId, true))
                    .chain(agent -> agent == null ? Uni.createFrom().voidItem() : rules.current().chain(r -> drainTo(agent, r)));
        });
    }

    private Uni<Void> reopen(RoutingTask task, UUID assignee, RoutingRules r) {
        task.closedAt = null;
        task.excludedAgents = List.of();
        task.enqueuedAt = now();
        task.lastAttemptAt = task.enqueuedAt;
        task.status = RoutingTask.WAITING;
        LOG.infof("case %s reopened: %s", task.caseId, assignee == null ? "back in the queue" : "with agent " + assignee);
        return assignee != null ? holdBy(task, assignee) : offer(task, r).replaceWithVoid();
    }

    private Uni<Void> followAssignee(RoutingTask task, UUID assignee, RoutingRules r) {
        return tasks.activeAssignment(task.caseId).chain(active -> {
            if (assignee == null) {
                // Unassigned in case-service: back to the queue, keeping its place in line.
                return active == null ? requeue(task, r) : release(active, "unassigned").chain(() -> requeue(task, r));
            }
            if (active != null && active.agentId.equals(assignee)) {
                if (active.isOpenOffer()) {
                    // case-service gave the case to the agent we had offered it to: that settles the offer.
                    active.state = Assignment.ACCEPTED;
                    active.acceptedAt = now();
                    task.status = RoutingTask.ASSIGNED;
                    return publishEnded(active, OfferEnded.Outcome.ACCEPTED, null)
                            .chain(() -> preferences.remember(task, assignee, active.acceptedAt));
                }
                return Uni.createFrom().voidItem(); // the echo of our own assignment
            }
            return active == null ? holdBy(task, assignee) : release(active, "reassigned").chain(() -> holdBy(task, assignee));
        });
    }

    /** Back to the queue (its enqueue time kept) and offered again at once. */
    private Uni<Void> requeue(RoutingTask task, RoutingRules r) {
        task.status = RoutingTask.WAITING;
        task.lastAttemptAt = now();
        return offer(task, r).replaceWithVoid();
    }

    /**
     * The case is with an agent that case-service named (a supervisor's override, or the state of
     * a case routing took up late): the capacity moves to them, even beyond their limit, because
     * that is where the work is; routing then gives them nothing new until they are under it. No
     * assignment.created: case-service made this assignment.
     */
    private Uni<Void> holdBy(RoutingTask task, UUID agentId) {
        Instant now = now();
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
            Assignment a = newAssignment(task, agent, why, now);
            a.state = Assignment.ACCEPTED;
            a.acceptedAt = now;
            return a.persist().chain(() -> preferences.remember(task, agent.id, now))
                    .invoke(() -> index.added(agent.id, task.channel))
                    .invoke(() -> LOG.infof("case %s held by agent %s as case-service says", task.caseId, agent.id));
        });
    }

    // ---------------------------------------------------------------- agents

    /** A new agent; when created available, they take waiting cases at once. */
    public Uni<AgentStore.Snapshot> createAgent(Agent agent) {
        return Panache.withTransaction(() -> agents.countByUsername(agent.username).chain(existing -> {
            if (existing > 0) {
                return Uni.createFrom().failure(duplicateUsername(agent.username));
            }
            // The new row is invisible to other transactions until commit: no lock needed to fill it.
            return agent.persist().chain(() -> rules.current()).chain(r -> drainTo(agent, r)).chain(() -> agents.snapshot(agent));
        })).invoke(created -> index.put(created.agent().profile(created.load())))
                .onFailure(Dispatcher::isDuplicateUsername).transform(e -> duplicateUsername(agent.username));
    }

    /**
     * Sets an agent's presence; an agent who is available afterwards takes waiting cases up to
     * capacity, one who goes away, offline or busy loses their unaccepted offers (each case is offered
     * to the next agent). {@code authorize} sees the agent before anything changes and may throw.
     */
    public Uni<AgentStore.Snapshot> changePresence(UUID agentId, Presence presence, Consumer<Agent> authorize) {
        return changePresence(agentId, presence, null, authorize);
    }

    /** As {@link #changePresence(UUID, Presence, Consumer)}, with why (null: none; it replaces the previous one). */
    public Uni<AgentStore.Snapshot> changePresence(UUID agentId, Presence presence, String reason, Consumer<Agent> authorize) {
        Uni<AgentStore.Snapshot> changed = Panache.withTransaction(() -> agents.lock(agentId, true).chain(agent -> {
            if (agent == null) {
                return Uni.createFrom().failure(ApiException.notFound("no agent " + agentId));
            }
            authorize.accept(agent);
            if (agent.presence != presence) {
                agent.presence = presence;
                agent.presenceSince = now();
            }
            agent.presenceReason = reason;
            return rules.current().chain(r -> drainTo(agent, r)).chain(() -> agents.snapshot(agent))
                    // Under the agent's row lock, so index updates of one agent follow the order of its transactions.
                    .invoke(snapshot -> index.put(agent.profile(snapshot.load())));
        }));
        if (presence == Presence.AVAILABLE) {
            return changed;
        }
        // Offers are released after the presence commits, each in a transaction that locks the
        // task first (the lock order); should this step not run, the sweep releases them.
        return changed.chain(snapshot -> releaseOffers(agentId).chain(released -> released == 0
                ? Uni.createFrom().item(snapshot)
                : agents.find(agentId)));
    }

    // ---------------------------------------------------------------- offers

    /** An agent accepts their offer: the case is theirs and assignment.created is published. */
    public Uni<Assignment> accept(UUID assignmentId, String username) {
        return onOwnOffer(assignmentId, username, (task, offer, agent) -> {
            if (Assignment.ACCEPTED.equals(offer.state)) {
                return Uni.createFrom().item(offer); // accepting twice changes nothing
            }
            offer.state = Assignment.ACCEPTED;
            offer.acceptedAt = now();
            task.status = RoutingTask.ASSIGNED;
            return publishEnded(offer, OfferEnded.Outcome.ACCEPTED, null)
                    .chain(() -> publishAccepted(task, offer, agent)).replaceWith(offer);
        });
    }

    /**
     * An agent declines their offer: the case is offered to the next agent, keeping its place in line.
     * {@code reason}: the agent's own words (validated by the caller), or null; it goes on offer.ended only.
     */
    public Uni<Assignment> decline(UUID assignmentId, String username, String reason) {
        return onOwnOffer(assignmentId, username, (task, offer, agent) -> {
            if (Assignment.ACCEPTED.equals(offer.state)) {
                throw ApiException.conflict("offer " + assignmentId + " was accepted; the case is with you");
            }
            task.exclude(agent.id);
            return release(offer, "declined", reason).chain(() -> rules.current()).chain(r -> requeue(task, r)).replaceWith(offer);
        });
    }

    private interface OfferStep {
        Uni<Assignment> apply(RoutingTask task, Assignment offer, Agent agent);
    }

    private Uni<Assignment> onOwnOffer(UUID assignmentId, String username, OfferStep step) {
        return Panache.withTransaction(() -> tasks.caseAndAgentOf(assignmentId).chain(row -> {
            if (row == null) {
                return Uni.createFrom().failure(ApiException.notFound("no offer " + assignmentId));
            }
            UUID caseId = (UUID) row[0];
            UUID agentId = (UUID) row[1];
            return Agent.<Agent>findById(agentId).chain(agent -> {
                if (agent == null || !agent.username.equals(username)) {
                    return Uni.createFrom().failure(new ApiException(403, "Forbidden", "offer " + assignmentId + " is not yours"));
                }
                // The task first (the lock order), then the offer as it is under that lock.
                return tasks.lock(caseId).chain(task -> Assignment.<Assignment>findById(assignmentId).chain(offer -> {
                    if (offer.releasedAt != null) {
                        return Uni.createFrom().failure(ApiException.conflict(
                                "offer " + assignmentId + " is no longer open: " + offer.releaseReason));
                    }
                    if (Assignment.OFFERED.equals(offer.state) && !now().isBefore(offer.offerExpiresAt)) {
                        return Uni.createFrom().failure(ApiException.conflict("offer " + assignmentId + " timed out"));
                    }
                    return step.apply(task, offer, agent);
                }));
            });
        }));
    }

    /**
     * Releases open offers that lapsed or whose agent is no longer available (of one agent, or of
     * all when {@code agentId} is null), one task per transaction; each case is offered again.
     * Returns how many were released.
     */
    public Uni<Integer> releaseOffers(UUID agentId) {
        Instant now = now();
        return tasks.offersToRelease(now, agentId, config.sweepBatch()).chain(caseIds -> {
            Uni<Integer> released = Uni.createFrom().item(0);
            for (UUID caseId : caseIds) {
                released = released.chain(count -> Panache.withTransaction(() -> tasks.lockIfStatus(caseId, RoutingTask.OFFERED)
                        .chain(task -> task == null ? Uni.createFrom().item(false) : releaseLapsed(task)))
                        .map(done -> done ? count + 1 : count));
            }
            return released;
        });
    }

    private Uni<Boolean> releaseLapsed(RoutingTask task) {
        return tasks.activeAssignment(task.caseId).chain(offer -> {
            if (offer == null || !offer.isOpenOffer()) {
                return Uni.createFrom().item(false);
            }
            return Agent.<Agent>findById(offer.agentId).chain(agent -> {
                boolean lapsed = !now().isBefore(offer.offerExpiresAt);
                boolean away = agent == null || agent.presence != Presence.AVAILABLE;
                if (!lapsed && !away) {
                    return Uni.createFrom().item(false);
                }
                if (!away) {
                    // Present but silent: not offered this case again. An agent who left may return to it.
                    task.exclude(offer.agentId);
                }
                LOG.infof("offer of case %s to agent %s released: %s", task.caseId, offer.agentId,
                        away ? "agent-unavailable" : "timed-out");
                return release(offer, away ? "agent-unavailable" : "timed-out")
                        .chain(() -> rules.current()).chain(r -> requeue(task, r)).replaceWith(true);
            });
        });
    }

    // ---------------------------------------------------------------- the backstop

    /**
     * The backstop: releases lapsed offers, then re-offers waiting tasks, stalest attempt first,
     * one transaction each. It catches a case and an agent that became ready in two concurrent
     * transactions that could not see each other, and cases whose ring widened or whose wait for
     * a preferred agent ended. Returns how many waiting tasks went to an agent.
     */
    public Uni<Integer> sweep() {
        return releaseOffers(null).chain(() -> tasks.stalestWaiting(config.sweepBatch())).chain(ids -> {
            Uni<Integer> assigned = Uni.createFrom().item(0);
            for (UUID id : ids) {
                assigned = assigned.chain(count -> Panache.withTransaction(() -> tasks.lockIfWaiting(id).chain(task -> {
                    if (task == null) {
                        return Uni.createFrom().item(false);
                    }
                    task.lastAttemptAt = now();
                    return rules.current().chain(r -> offer(task, r));
                })).map(done -> done ? count + 1 : count));
            }
            return assigned;
        });
    }

    // ---------------------------------------------------------------- deciding

    /** Offers a task the caller's transaction owns (new, or locked) to the best eligible agent; false: it waits. */
    private Uni<Boolean> offer(RoutingTask task, RoutingRules r) {
        WaitingCase wanted = task.waitingCase();
        Instant now = now();
        // The index only narrows the search to the best few agents as this instance last saw them;
        // the chosen one is locked and re-checked against the database below.
        long started = System.nanoTime();
        List<AgentProfile> shortlist = index.candidates(wanted, RoutingDecision.ringOf(wanted, r, now),
                r.queueFor(wanted.requiredSkills()).team(), r.optionalSkills(), RoutingDecision.KEPT_CANDIDATES);
        RoutingDecision.Decision decision = RoutingDecision.decide(wanted, shortlist, r, now);
        decisionTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (decision.waitingForPreferred()) {
            LOG.debugf("case %s waits for its customer's previous agent %s", task.caseId, wanted.preferredAgentId());
        }
        return tryRanked(task, decision, r, 0, false, false);
    }

    /**
     * Locks and re-checks the ranked candidates in order. A candidate whose row another transaction
     * holds (a concurrent decision giving them another case) is skipped, not waited for: concurrent
     * decisions tend to pick the same best agent, and waiting made them queue behind each other
     * (14 ms mean lock wait per assignment in the suite benchmark: routing's three consumers
     * effectively one). Only when a candidate was skipped that way and nobody else could be taken
     * does a last attempt wait for the best one, so a case is not left for the sweep merely because
     * its agents were busy being assigned, and only while this transaction holds no agent's lock
     * (waiting while holding one could deadlock). That wait is bounded by the pool's
     * {@code lock_timeout}, and a transaction left open elsewhere ends at the pool's idle-in-transaction
     * limit (service-kit), so no lock wait can stall routing: the reason this variant was once
     * reverted (routing README, "Capacity").
     */
    private Uni<Boolean> tryRanked(RoutingTask task, RoutingDecision.Decision decision, RoutingRules r, int attempt,
            boolean sawLocked, boolean holdsLock) {
        List<RoutingDecision.Candidate> ranked = decision.toTry();
        int tries = Math.min(ranked.size(), config.lockAttempts());
        boolean wait = attempt == tries;
        if (attempt > tries || (wait && (!sawLocked || holdsLock))) {
            if (!ranked.isEmpty()) {
                LOG.debugf("case %s waits: its %d candidate(s) were taken meanwhile", task.caseId, ranked.size());
            }
            return Uni.createFrom().item(false);
        }
        UUID candidateId = ranked.get(wait ? 0 : attempt).agent().id();
        return agents.lock(candidateId, wait).chain(agent -> {
            if (agent == null) {
                if (wait) {
                    index.remove(candidateId); // a waiting lock finds every existing row: this agent is gone
                    return Uni.createFrom().item(false);
                }
                return tryRanked(task, decision, r, attempt + 1, true, holdsLock); // held by another transaction (or gone)
            }
            return agents.loadOf(agent.id).chain(load -> {
                AgentProfile fresh = agent.profile(load);
                Explanation why = stillFits(fresh, decision, r);
                if (why == null) {
                    index.put(fresh); // the index was behind: correct it from the locked row
                    return tryRanked(task, decision, r, attempt + 1, sawLocked, true); // its lock stays until commit
                }
                return assign(task, agent, why, r).invoke(() -> index.put(agent.profile(plusOne(load, task.channel))))
                        .replaceWith(true);
            });
        });
    }

    /**
     * The re-check under the agent's row lock: the explanation of choosing {@code fresh} (the agent
     * as read under the lock) for the decision's case, or null when they no longer fit it.
     */
    private static Explanation stillFits(AgentProfile fresh, RoutingDecision.Decision decision, RoutingRules r) {
        WaitingCase wanted = decision.wanted();
        RoutingDecision.Fit fit = RoutingDecision.fit(fresh, wanted, decision.ring(), decision.queue().team(), r.optionalSkills());
        return fit.eligible()
                ? RoutingDecision.explainChoice(decision, new RoutingDecision.Candidate(fresh, fit, RoutingDecision.proficiency(fresh, wanted)))
                : null;
    }

    /** The agent, locked by the caller or not yet committed, takes waiting cases up to capacity. */
    private Uni<Void> drainTo(Agent agent, RoutingRules r) {
        if (agent.presence != Presence.AVAILABLE) {
            return Uni.createFrom().voidItem();
        }
        Instant now = now();
        return agents.loadOf(agent.id).chain(load -> {
            AgentProfile profile = agent.profile(load);
            List<String> open = profile.capacity().keySet().stream().filter(ch -> profile.freeOn(ch) > 0).sorted().toList();
            return tasks.lockWaiting(open, config.drainBatch()).chain(waiting -> {
                Map<UUID, RoutingTask> byCase = waiting.stream().collect(Collectors.toMap(t -> t.caseId, Function.identity()));
                List<WaitingCase> picks = RoutingDecision.takeFor(profile,
                        waiting.stream().map(RoutingTask::waitingCase).toList(), r, now);
                // Explanations in order, each with the load the agent had when taking that case.
                List<Explanation> reasons = new ArrayList<>();
                AgentProfile current = profile;
                for (WaitingCase pick : picks) {
                    reasons.add(RoutingDecision.explainQueuePick(current, pick, r, now));
                    current = current.withOneMore(pick.channel(), current.idleSince());
                }
                Uni<Void> done = Uni.createFrom().voidItem();
                Map<String, Integer> loadAfter = load;
                for (int i = 0; i < picks.size(); i++) {
                    RoutingTask task = byCase.get(picks.get(i).caseId());
                    Explanation reason = reasons.get(i);
                    done = done.chain(() -> assign(task, agent, reason, r));
                    loadAfter = plusOne(loadAfter, task.channel);
                }
                Map<String, Integer> indexed = loadAfter;
                // The agent is locked (or new): their load as read plus what they just took is exact.
                return done.invoke(() -> index.put(agent.profile(indexed)));
            });
        });
    }

    /** Offers the task to the agent, or (auto-accept) assigns it and publishes assignment.created. */
    private Uni<Void> assign(RoutingTask task, Agent agent, Explanation why, RoutingRules r) {
        Assignment a = prepare(task, agent, why, r, now());
        Uni<Void> offered = a.persist().chain(() -> outbox.add(offerMadeEvent(task, a, agent))).replaceWithVoid();
        return Assignment.ACCEPTED.equals(a.state) ? offered.chain(() -> publishAccepted(task, a, agent)) : offered;
    }

    /**
     * The task's assignment to the agent (an offer, or accepted in auto-accept mode) with the task's
     * and the agent's new state, in memory and logged; the caller writes it.
     */
    private Assignment prepare(RoutingTask task, Agent agent, Explanation why, RoutingRules r, Instant now) {
        Assignment a = newAssignment(task, agent, why, now);
        task.assignedAt = now;
        task.lastAttemptAt = now;
        agent.lastAssignedAt = now;
        if (r.autoAccept()) {
            a.state = Assignment.ACCEPTED;
            a.acceptedAt = now;
            task.status = RoutingTask.ASSIGNED;
            LOG.infof("case %s assigned to agent %s (%s): %s", task.caseId, agent.id, agent.username, a.reason);
        } else {
            a.state = Assignment.OFFERED;
            a.offerExpiresAt = now.plus(r.offerTimeout());
            task.status = RoutingTask.OFFERED;
            LOG.infof("case %s offered to agent %s (%s) until %s: %s", task.caseId, agent.id, agent.username, a.offerExpiresAt,
                    a.reason);
        }
        return a;
    }

    private static Assignment newAssignment(RoutingTask task, Agent agent, Explanation why, Instant now) {
        Assignment a = new Assignment();
        a.id = UUID.randomUUID();
        a.caseId = task.caseId;
        a.agentId = agent.id;
        a.channel = task.channel;
        a.assignedAt = now;
        a.reason = why.summary();
        a.explanation = JsonText.toJson(why);
        return a;
    }

    private Uni<Void> publishAccepted(RoutingTask task, Assignment a, Agent agent) {
        return outbox.add(acceptedEvent(task, a, agent))
                .chain(() -> preferences.remember(task, agent.id, a.acceptedAt));
    }

    private static Outbox.Event acceptedEvent(RoutingTask task, Assignment a, Agent agent) {
        String team = agent.team == null ? null : agent.team.length() <= MAX_TEAM ? agent.team : agent.team.substring(0, MAX_TEAM);
        // agentUsername lets case-service show an agent (known by their token's preferred_username) their own cases.
        AssignmentCreated event = new AssignmentCreated(a.id, task.caseId, agent.id, agent.displayName, a.acceptedAt, a.reason,
                team, agent.username);
        // In the trace of the event that brought the case in (a batch routes several cases, an agent's
        // request may take a case that waited): null falls back to the current context.
        return new Outbox.Event(Topics.ASSIGNMENTS, task.caseId.toString(), EventTypes.ASSIGNMENT_CREATED, event,
                task.traceParent);
    }

    /**
     * offer.made for an offer (or, auto-accepted, an assignment) just prepared; keyed by the agent,
     * so one agent's offers and their ends stay in order. Only routing facts: the case's customer
     * and text are not routing's to publish (contracts README, "Offers").
     */
    private static Outbox.Event offerMadeEvent(RoutingTask task, Assignment a, Agent agent) {
        boolean auto = Assignment.ACCEPTED.equals(a.state);
        // Times as the database keeps them (microseconds), so the countdown matches what the offers API shows.
        OfferMade event = new OfferMade(a.id, task.caseId, agent.id, agent.username, Channel.fromWire(task.channel), task.priority,
                task.queue, task.requiredSkills, task.language, task.dueAt, micros(a.assignedAt), auto ? null : micros(a.offerExpiresAt),
                auto);
        return new Outbox.Event(Topics.ASSIGNMENTS, agent.id.toString(), EventTypes.OFFER_MADE, event, task.traceParent);
    }

    private static Instant micros(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** offer.ended for an open offer that ends in this transaction (the caller checked it was open). */
    private Uni<Void> publishEnded(Assignment offer, OfferEnded.Outcome outcome, String reason) {
        return Agent.<Agent>findById(offer.agentId).chain(agent -> {
            OfferEnded event = new OfferEnded(offer.id, offer.caseId, offer.agentId, agent == null ? null : agent.username, outcome,
                    reason, now());
            return outbox.add(new Outbox.Event(Topics.ASSIGNMENTS, offer.agentId.toString(), EventTypes.OFFER_ENDED, event));
        }).replaceWithVoid();
    }

    /**
     * Ends an assignment and writes that at once: a new assignment of the same case in this
     * transaction must not meet it in the one-active-per-case index (Hibernate would insert before
     * it updates). An open offer's end is published (offer.ended): declined, lapsed (timed-out) or
     * withdrawn with {@code why}.
     */
    private Uni<Void> release(Assignment a, String why) {
        return release(a, why, null);
    }

    /** {@code declineReason}: the agent's own words when they declined, or null. */
    private Uni<Void> release(Assignment a, String why, String declineReason) {
        boolean openOffer = a.isOpenOffer();
        a.release(why, now());
        Uni<Void> released = Panache.getSession().chain(Mutiny.Session::flush).invoke(() -> index.released(a.agentId, a.channel));
        if (!openOffer) {
            return released;
        }
        return released.chain(() -> switch (why) {
            case "declined" -> publishEnded(a, OfferEnded.Outcome.DECLINED, declineReason);
            case "timed-out" -> publishEnded(a, OfferEnded.Outcome.LAPSED, null);
            default -> publishEnded(a, OfferEnded.Outcome.WITHDRAWN, why);
        });
    }

    private static Map<String, Integer> plusOne(Map<String, Integer> load, String channel) {
        Map<String, Integer> more = new java.util.HashMap<>(load);
        more.merge(channel, 1, Integer::sum);
        return more;
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
