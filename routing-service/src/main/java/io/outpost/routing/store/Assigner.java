package io.outpost.routing.store;

import io.outpost.contracts.events.OfferEnded;
import io.outpost.kit.messaging.Outbox;
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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * What every routing step shares, inside the caller's transaction: offering one task to the best
 * agent (locked and re-checked), an agent taking waiting cases, making an assignment and ending one,
 * each with the events it publishes. Which transaction, and which task is locked, is the caller's.
 * <p>
 * Locking rules, which together rule out both over-capacity and deadlocks: a task is locked before
 * any agent; an agent's capacity is checked only while holding that agent's row lock; a
 * transaction waits for agent locks only while it holds no agent's lock (one agent here, or a batch
 * of new cases' agents in one statement in id order, {@link CaseIntake}); every other lock (further
 * agents, waiting tasks while holding an agent) is taken with {@code SKIP LOCKED}. A case is
 * assigned at most once because its task is either new (invisible to others) or locked, and the
 * database refuses a second active assignment. Every offer made writes {@code offer.made} and every
 * end of an open offer {@code offer.ended} in the transaction that makes or ends it, so each is
 * published once per transition (a redelivered input finds the offer already made or ended and
 * writes nothing).
 */
@ApplicationScoped
public class Assigner {

    private static final Logger LOG = Logger.getLogger(Assigner.class);

    private final AgentStore agents;
    private final AgentIndex index;
    private final TaskStore tasks;
    private final PreferenceStore preferences;
    private final Outbox outbox;
    private final RoutingConfig config;
    private final RoutingClock clock;
    /** Choosing an agent for a case (the index's shortlist and the ranking), without the locking and writing after it. */
    private final Timer decisionTime;

    public Assigner(AgentStore agents, AgentIndex index, TaskStore tasks, PreferenceStore preferences, Outbox outbox,
            RoutingConfig config, RoutingClock clock, MeterRegistry meters) {
        this.agents = agents;
        this.index = index;
        this.tasks = tasks;
        this.preferences = preferences;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        this.decisionTime = Timer.builder("outpost.routing.decision")
                .description("Choosing an agent for a case: the agent index's shortlist and the ranking, before any lock")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /** Records one decision's time (shortlist and ranking) since {@code startedNanos} ({@link System#nanoTime}). */
    void decided(long startedNanos) {
        decisionTime.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    // ---------------------------------------------------------------- one task

    /**
     * Offers a task the caller's transaction owns (locked, or new) to the best eligible agent;
     * false: it waits. The caller holds no agent's lock.
     */
    Uni<Boolean> offer(RoutingTask task, RoutingRules r) {
        WaitingCase wanted = task.waitingCase();
        Instant now = clock.now();
        // The index only narrows the search to the best few agents as this instance last saw them;
        // the chosen one is locked and re-checked against the database below.
        long started = System.nanoTime();
        List<AgentProfile> shortlist = index.candidates(wanted, RoutingDecision.ringOf(wanted, r, now),
                r.queueFor(wanted.requiredSkills()).team(), r.optionalSkills(), RoutingDecision.KEPT_CANDIDATES);
        RoutingDecision.Decision decision = RoutingDecision.decide(wanted, shortlist, r, now);
        decided(started);
        if (decision.waitingForPreferred()) {
            LOG.debugf("case %s waits for its customer's previous agent %s", task.caseId, wanted.preferredAgentId());
        }
        return tryRanked(task, decision, r, 0, false, false);
    }

    /** Back to the queue (its enqueue time kept) and offered again at once. */
    Uni<Void> requeue(RoutingTask task, RoutingRules r) {
        task.status = RoutingTask.WAITING;
        task.lastAttemptAt = clock.now();
        return offer(task, r).replaceWithVoid();
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
    static Explanation stillFits(AgentProfile fresh, RoutingDecision.Decision decision, RoutingRules r) {
        WaitingCase wanted = decision.wanted();
        RoutingDecision.Fit fit = RoutingDecision.fit(fresh, wanted, decision.ring(), decision.queue().team(), r.optionalSkills());
        return fit.eligible()
                ? RoutingDecision.explainChoice(decision, new RoutingDecision.Candidate(fresh, fit, RoutingDecision.proficiency(fresh, wanted)))
                : null;
    }

    // ---------------------------------------------------------------- one agent

    /** The agent, locked by the caller or not yet committed, takes waiting cases up to capacity. */
    Uni<Void> drainTo(Agent agent, RoutingRules r) {
        if (agent.presence != Presence.AVAILABLE) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.now();
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

    // ---------------------------------------------------------------- assignments made and ended

    /** Offers the task to the agent, or (auto-accept) assigns it and publishes assignment.created. */
    private Uni<Void> assign(RoutingTask task, Agent agent, Explanation why, RoutingRules r) {
        Assignment a = prepare(task, agent, why, r, clock.now());
        Uni<Void> offered = a.persist().chain(() -> outbox.add(RoutingEvents.offerMade(task, a, agent))).replaceWithVoid();
        return Assignment.ACCEPTED.equals(a.state) ? offered.chain(() -> publishAccepted(task, a, agent)) : offered;
    }

    /**
     * The task's assignment to the agent (an offer, or accepted in auto-accept mode) with the task's
     * and the agent's new state, in memory and logged; the caller writes it.
     */
    Assignment prepare(RoutingTask task, Agent agent, Explanation why, RoutingRules r, Instant now) {
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

    static Assignment newAssignment(RoutingTask task, Agent agent, Explanation why, Instant now) {
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

    /** An accepted assignment routing made: assignment.created, and the customer's agent remembered. */
    Uni<Void> publishAccepted(RoutingTask task, Assignment a, Agent agent) {
        return outbox.add(RoutingEvents.assignmentCreated(task, a, agent))
                .chain(() -> preferences.remember(task, agent.id, a.acceptedAt));
    }

    /** offer.ended for an open offer that ends in this transaction (the caller checked it was open). */
    Uni<Void> publishEnded(Assignment offer, OfferEnded.Outcome outcome, String reason) {
        return Agent.<Agent>findById(offer.agentId).chain(agent -> outbox.add(
                RoutingEvents.offerEnded(offer, agent == null ? null : agent.username, outcome, reason, clock.now())))
                .replaceWithVoid();
    }

    /**
     * Ends an assignment and writes that at once: a new assignment of the same case in this
     * transaction must not meet it in the one-active-per-case index (Hibernate would insert before
     * it updates). An open offer's end is published (offer.ended): declined, lapsed (timed-out) or
     * withdrawn with {@code why}.
     */
    Uni<Void> release(Assignment a, String why) {
        return release(a, why, null);
    }

    /** {@code declineReason}: the agent's own words when they declined, or null. */
    Uni<Void> release(Assignment a, String why, String declineReason) {
        boolean openOffer = a.isOpenOffer();
        a.release(why, clock.now());
        Uni<Void> released = Transactions.flush().invoke(() -> index.released(a.agentId, a.channel));
        if (!openOffer) {
            return released;
        }
        return released.chain(() -> switch (why) {
            case "declined" -> publishEnded(a, OfferEnded.Outcome.DECLINED, declineReason);
            case "timed-out" -> publishEnded(a, OfferEnded.Outcome.LAPSED, null);
            default -> publishEnded(a, OfferEnded.Outcome.WITHDRAWN, why);
        });
    }

    static Map<String, Integer> plusOne(Map<String, Integer> load, String channel) {
        Map<String, Integer> more = new HashMap<>(load);
        more.merge(channel, 1, Integer::sum);
        return more;
    }
}
