package io.outpost.routing.store;

import io.outpost.routing.domain.Agent;
import io.outpost.routing.domain.Presence;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Agents and their load. Methods without their own transaction run in the caller's session (the
 * inbox's transaction, or one opened by a routing step such as {@link AgentPresence}).
 */
@ApplicationScoped
public class AgentStore {

    /** An agent and their active cases per channel. */
    public record Snapshot(Agent agent, Map<String, Integer> load) {
    }

    /** One page of agents. */
    public record Page(List<Snapshot> items, long total) {
    }

    public Uni<Snapshot> find(UUID id) {
        return Panache.withSession(() -> Agent.<Agent>findById(id)
                .chain(agent -> agent == null ? Uni.createFrom().nullItem() : snapshot(agent)));
    }

    public Uni<Page> page(Presence presence, int offset, int limit) {
        return Panache.withSession(() -> {
            var query = presence == null
                    ? Agent.<Agent>findAll(Sort.by("username"))
                    : Agent.<Agent>find("presence", Sort.by("username"), presence);
            Uni<Long> total = presence == null ? Agent.count() : Agent.count("presence", presence);
            return query.range(offset, offset + limit - 1).list().chain(agents -> loads(agents.stream().map(a -> a.id).toList())
                    .map(loads -> agents.stream().map(a -> new Snapshot(a, loads.getOrDefault(a.id, Map.of()))).toList()))
                    .chain(items -> total.map(n -> new Page(items, n)));
        });
    }

    /**
     * How many agents are in each presence, of one team or (team null) of all; every presence is
     * in the map, absent ones with 0.
     */
    public Uni<Map<Presence, Long>> countByPresence(String team) {
        String hql = "select a.presence, count(a) from Agent a" + (team == null ? "" : " where a.team = :team")
                + " group by a.presence";
        return Panache.withSession(() -> Panache.getSession().chain(s -> {
            var query = s.createSelectionQuery(hql, Object[].class);
            if (team != null) {
                query.setParameter("team", team);
            }
            return query.getResultList();
        })).map(rows -> {
            Map<Presence, Long> counts = new EnumMap<>(Presence.class);
            for (Presence p : Presence.values()) {
                counts.put(p, 0L);
            }
            for (Object[] row : rows) {
                Presence presence = row[0] instanceof Presence p ? p : Presence.fromWire(String.valueOf(row[0]));
                counts.put(presence, ((Number) row[1]).longValue());
            }
            return counts;
        });
    }

    /** The agent with this username (the token's preferred_username), or null. */
    public Uni<Agent> findByUsername(String username) {
        return Panache.withSession(() -> Agent.<Agent>find("username", username).firstResult());
    }

    public Uni<Long> countByUsername(String username) {
        return Agent.count("username", username);
    }

    /** The agent with their current load, read in the caller's session (after its pending writes). */
    public Uni<Snapshot> snapshot(Agent agent) {
        return loadOf(agent.id).map(load -> new Snapshot(agent, load));
    }

    /**
     * Locks the agent's row for the rest of the transaction and returns its current state, or null
     * when it does not exist, or, with {@code wait} false, when another transaction holds it.
     * Every capacity check happens under this lock, so two transactions never fill the same slot.
     */
    public Uni<Agent> lock(UUID id, boolean wait) {
        String sql = "select id from agent where id = :id for update" + (wait ? "" : " skip locked");
        // Candidates come from the in-memory AgentIndex, not from this session, so find reads the
        // row as it is under the lock.
        return Panache.getSession().chain(s -> s.createNativeQuery(sql)
                .setParameter("id", id)
                .getResultList()
                .chain(locked -> locked.isEmpty() ? Uni.createFrom().<Agent>nullItem() : s.find(Agent.class, id)));
    }

    /** Active cases per channel of one agent. */
    public Uni<Map<String, Integer>> loadOf(UUID agentId) {
        return loads(List.of(agentId)).map(loads -> loads.getOrDefault(agentId, Map.of()));
    }

    /** Active cases per channel of each agent (absent: none). */
    public Uni<Map<UUID, Map<String, Integer>>> loads(Collection<UUID> agentIds) {
        if (agentIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select a.agentId, a.channel, count(a) from Assignment a "
                        + "where a.releasedAt is null and a.agentId in :ids group by a.agentId, a.channel",
                Object[].class)
                .setParameter("ids", agentIds)
                .getResultList())
                .map(rows -> {
                    Map<UUID, Map<String, Integer>> loads = new HashMap<>();
                    for (Object[] row : rows) {
                        loads.computeIfAbsent((UUID) row[0], id -> new HashMap<>())
                                .put((String) row[1], ((Number) row[2]).intValue());
                    }
                    return loads;
                });
    }
}
