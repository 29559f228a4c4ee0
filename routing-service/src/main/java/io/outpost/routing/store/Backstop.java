package io.outpost.routing.store;

import io.outpost.routing.config.RoutingConfig;
import io.outpost.routing.domain.Agent;
import io.outpost.routing.domain.Presence;
import io.outpost.routing.domain.RoutingTask;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The backstop sweep ({@code outpost.routing.sweep-every}) and the release of offers that ended
 * without an answer: lapsed, or their agent no longer available. One task per transaction, each
 * locked with {@code SKIP LOCKED} (a task another step holds is that step's).
 */
@ApplicationScoped
public class Backstop {

    private static final Logger LOG = Logger.getLogger(Backstop.class);

    private final TaskStore tasks;
    private final RulesStore rules;
    private final RoutingConfig config;
    private final RoutingClock clock;
    private final Assigner assigner;

    public Backstop(TaskStore tasks, RulesStore rules, RoutingConfig config, RoutingClock clock, Assigner assigner) {
        this.tasks = tasks;
        this.rules = rules;
        this.config = config;
        this.clock = clock;
        this.assigner = assigner;
    }

    /**
     * Releases lapsed offers, then re-offers waiting tasks, stalest attempt first, one transaction
     * each. It catches a case and an agent that became ready in two concurrent transactions that
     * could not see each other, and cases whose ring widened or whose wait for a preferred agent
     * ended. Returns how many waiting tasks went to an agent.
     */
    public Uni<Integer> sweep() {
        return releaseOffers(null).chain(() -> tasks.stalestWaiting(config.sweepBatch()))
                .chain(ids -> Transactions.eachInItsOwn(ids, id -> tasks.lockIfWaiting(id).chain(task -> {
                    if (task == null) {
                        return Uni.createFrom().item(false);
                    }
                    task.lastAttemptAt = clock.now();
                    return rules.current().chain(r -> assigner.offer(task, r));
                })));
    }

    /**
     * Releases open offers that lapsed or whose agent is no longer available (of one agent, or of
     * all when {@code agentId} is null), one task per transaction; each case is offered again.
     * Returns how many were released.
     */
    public Uni<Integer> releaseOffers(UUID agentId) {
        Instant now = clock.now();
        return tasks.offersToRelease(now, agentId, config.sweepBatch())
                .chain(caseIds -> Transactions.eachInItsOwn(caseIds, caseId -> tasks.lockIfStatus(caseId, RoutingTask.OFFERED)
                        .chain(task -> task == null ? Uni.createFrom().item(false) : releaseLapsed(task))));
    }

    private Uni<Boolean> releaseLapsed(RoutingTask task) {
        return tasks.activeAssignment(task.caseId).chain(offer -> {
            if (offer == null || !offer.isOpenOffer()) {
                return Uni.createFrom().item(false);
            }
            return Agent.<Agent>findById(offer.agentId).chain(agent -> {
                boolean lapsed = !clock.now().isBefore(offer.offerExpiresAt);
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
                return assigner.release(offer, away ? "agent-unavailable" : "timed-out")
                        .chain(() -> rules.current()).chain(r -> assigner.requeue(task, r)).replaceWith(true);
            });
        });
    }
}
