package io.outpost.routing.store;

import io.outpost.kit.messaging.Outbox;
import io.outpost.kit.messaging.TraceContext;
import io.outpost.routing.config.RoutingConfig;
import io.outpost.routing.domain.Agent;
import io.outpost.routing.domain.AgentProfile;
import io.outpost.routing.domain.Assignment;
import io.outpost.routing.domain.Explanation;
import io.outpost.routing.domain.RoutingDecision;
import io.outpost.routing.domain.RoutingRules;
import io.outpost.routing.domain.RoutingTask;
import io.outpost.routing.domain.WaitingCase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * New cases (case.opened): each becomes a waiting task and is offered to the best eligible agent at
 * once if there is one. One path for one case and for many: a single case is a batch of one
 * ({@link BatchOffer} chooses, locks and re-checks the agents of all of them together).
 */
@ApplicationScoped
public class CaseIntake {

    private static final Logger LOG = Logger.getLogger(CaseIntake.class);

    private final AgentStore agents;
    private final AgentIndex index;
    private final TaskStore tasks;
    private final RulesStore rules;
    private final PreferenceStore preferences;
    private final Outbox outbox;
    private final RoutingConfig config;
    private final RoutingClock clock;
    private final Assigner assigner;

    public CaseIntake(AgentStore agents, AgentIndex index, TaskStore tasks, RulesStore rules, PreferenceStore preferences,
            Outbox outbox, RoutingConfig config, RoutingClock clock, Assigner assigner) {
        this.agents = agents;
        this.index = index;
        this.tasks = tasks;
        this.rules = rules;
        this.preferences = preferences;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        this.assigner = assigner;
    }

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

    /** One case, inside the caller's transaction: {@link #enqueueAll} of one. */
    public Uni<Void> enqueue(NewCase c) {
        return enqueueAll(List.of(c));
    }

    /**
     * New cases (a run of case.opened in one poll, or one), inside the caller's transaction (the
     * inbox's): each remembered as a waiting task and offered to the best eligible agent at once if
     * there is one, in a handful of statements for all of them. Cases seen before are left as they
     * are. See {@link BatchOffer} for how agents are chosen, locked and re-checked.
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
            List<PreferenceStore.Customer> customers = byCase.values().stream().map(CaseIntake::customerOf)
                    .filter(Objects::nonNull).distinct().toList();
            return preferences.lastAgents(customers).chain(preferred -> rules.current().chain(r -> {
                List<RoutingTask> created = new ArrayList<>(byCase.size());
                for (NewCase c : byCase.values()) {
                    // Each case its own trace: this transaction may route several case.opened at once.
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
     * A waiting task for a case routing has not seen (from case.opened, or from a case.updated when
     * routing missed the case.opened). {@code traceParent} null: the current context's (the event
     * being handled), if any.
     */
    static RoutingTask newTask(WaitingCase wanted, Instant openedAt, RoutingRules r, String traceParent) {
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

    /**
     * Offers new tasks, which no other transaction can see yet, to agents in rounds; the same rules
     * as {@link Assigner#offer} for one task, with the locking done for all at once:
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
        private final Instant now = clock.now();
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
            assigner.decided(started);
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
            Explanation why = Assigner.stillFits(agent.profile(loads.get(agent.id)), pick.decision(), r);
            if (why == null) {
                return false;
            }
            Assignment a = assigner.prepare(task, agent, why, r, now);
            // In this agent's order: the offer, then (auto-accepted) the assignment.
            accepted.add(RoutingEvents.offerMade(task, a, agent));
            if (Assignment.ACCEPTED.equals(a.state)) {
                accepted.add(RoutingEvents.assignmentCreated(task, a, agent));
                remembered.add(new PreferenceStore.Remembered(task, agent.id, now));
            }
            made.add(a);
            loads.put(agent.id, Assigner.plusOne(loads.get(agent.id), task.channel));
            return true;
        }

        private Uni<Void> write() {
            return Panache.getSession()
                    .chain(s -> s.persistAll(tasks.toArray()).chain(() -> s.persistAll(made.toArray())))
                    .chain(() -> outbox.addAll(accepted))
                    .chain(() -> preferences.rememberAll(remembered))
                    // Under the agents' row locks, as the one-task path does.
                    .invoke(() -> locked.forEach((id, agent) -> index.put(agent.profile(loads.get(id)))));
        }
    }
}
