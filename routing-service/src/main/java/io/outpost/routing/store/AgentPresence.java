package io.outpost.routing.store;

import io.outpost.kit.api.ApiException;
import io.outpost.routing.domain.Agent;
import io.outpost.routing.domain.Presence;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Agents coming and going: a new agent, and presence changes. An agent who is available afterwards
 * takes waiting cases up to capacity in the same transaction (under their row lock); one who leaves
 * loses their open offers afterwards, each in a transaction of its own ({@link Backstop#releaseOffers}).
 */
@ApplicationScoped
public class AgentPresence {

    private final AgentStore agents;
    private final AgentIndex index;
    private final RulesStore rules;
    private final RoutingClock clock;
    private final Assigner assigner;
    private final Backstop backstop;

    public AgentPresence(AgentStore agents, AgentIndex index, RulesStore rules, RoutingClock clock, Assigner assigner,
            Backstop backstop) {
        this.agents = agents;
        this.index = index;
        this.rules = rules;
        this.clock = clock;
        this.assigner = assigner;
        this.backstop = backstop;
    }

    /** A new agent; when created available, they take waiting cases at once. */
    public Uni<AgentStore.Snapshot> createAgent(Agent agent) {
        return Panache.withTransaction(() -> agents.countByUsername(agent.username).chain(existing -> {
            if (existing > 0) {
                return Uni.createFrom().failure(duplicateUsername(agent.username));
            }
            // The new row is invisible to other transactions until commit: no lock needed to fill it.
            return agent.persist().chain(() -> rules.current()).chain(r -> assigner.drainTo(agent, r))
                    .chain(() -> agents.snapshot(agent));
        })).invoke(created -> index.put(created.agent().profile(created.load())))
                .onFailure(AgentPresence::isDuplicateUsername).transform(e -> duplicateUsername(agent.username));
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
                agent.presenceSince = clock.now();
            }
            agent.presenceReason = reason;
            return rules.current().chain(r -> assigner.drainTo(agent, r)).chain(() -> agents.snapshot(agent))
                    // Under the agent's row lock, so index updates of one agent follow the order of its transactions.
                    .invoke(snapshot -> index.put(agent.profile(snapshot.load())));
        }));
        if (presence == Presence.AVAILABLE) {
            return changed;
        }
        // Offers are released after the presence commits, each in a transaction that locks the
        // task first (the lock order); should this step not run, the sweep releases them.
        return changed.chain(snapshot -> backstop.releaseOffers(agentId).chain(released -> released == 0
                ? Uni.createFrom().item(snapshot)
                : agents.find(agentId)));
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
