package io.outpost.routing.store;

import io.outpost.routing.domain.RoutingTask;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.UUID;

/**
 * The preferred-agent memory (customer on a platform → the agent of their last accepted
 * assignment) and the customer ids routing-service holds, which an erasure request removes.
 * Runs in the caller's transaction.
 */
@ApplicationScoped
public class PreferenceStore {

    /** A customer's social identity, as routing-service keys its memory. */
    public record Customer(String channel, String platformUserId) {
    }

    /** The customer's previous agent, or null. */
    public Uni<UUID> lastAgent(String channel, String platformUserId) {
        if (channel == null || platformUserId == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select agent_id from preferred_agent where customer_channel = :channel and customer_platform_user_id = :user",
                UUID.class)
                .setParameter("channel", channel)
                .setParameter("user", platformUserId)
                .getSingleResultOrNull());
    }

    /** The previous agent of each of these customers who has one. */
    public Uni<Map<Customer, UUID>> lastAgents(Collection<Customer> customers) {
        if (customers.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Set<String> users = customers.stream().map(Customer::platformUserId).collect(Collectors.toSet());
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select customer_channel, customer_platform_user_id, agent_id from preferred_agent "
                        + "where customer_platform_user_id in (:users)", Object[].class)
                .setParameter("users", users)
                .getResultList())
                .map(rows -> {
                    Map<Customer, UUID> agents = new HashMap<>();
                    for (Object[] row : rows) {
                        Customer customer = new Customer((String) row[0], (String) row[1]);
                        if (customers.contains(customer)) {
                            agents.put(customer, (UUID) row[2]);
                        }
                    }
                    return agents;
                });
    }

    /** A customer's agent to remember: the agent who accepted the task's case, at that time. */
    public record Remembered(RoutingTask task, UUID agentId, Instant at) {
    }

    /**
     * {@link #remember} for several cases in one statement; of two cases of one customer the later
     * in the list wins (one row may not be changed twice by one statement).
     */
    public Uni<Void> rememberAll(List<Remembered> remembered) {
        Map<Customer, Remembered> latest = new LinkedHashMap<>();
        for (Remembered r : remembered) {
            if (r.task().customerChannel != null && r.task().customerPlatformUserId != null) {
                latest.put(new Customer(r.task().customerChannel, r.task().customerPlatformUserId), r);
            }
        }
        if (latest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Remembered> rows = List.copyOf(latest.values());
        StringBuilder sql = new StringBuilder(
                "insert into preferred_agent (customer_channel, customer_platform_user_id, agent_id, case_id, remembered_at) values ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(String.format("(:channel%1$d, :user%1$d, :agent%1$d, :case%1$d, :at%1$d)", i));
        }
        sql.append(" on conflict (customer_channel, customer_platform_user_id) do update set agent_id = excluded.agent_id, "
                + "case_id = excluded.case_id, remembered_at = excluded.remembered_at");
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql.toString());
            for (int i = 0; i < rows.size(); i++) {
                Remembered r = rows.get(i);
                query.setParameter("channel" + i, r.task().customerChannel)
                        .setParameter("user" + i, r.task().customerPlatformUserId)
                        .setParameter("agent" + i, r.agentId())
                        .setParameter("case" + i, r.task().caseId)
                        .setParameter("at" + i, r.at());
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    /** Remembers the agent who accepted the task's case as its customer's previous agent. */
    public Uni<Void> remember(RoutingTask task, UUID agentId, Instant at) {
        return rememberAll(List.of(new Remembered(task, agentId, at)));
    }

    /**
     * Forgets the customers: their preferred-agent memory and their ids on routing tasks. Returns
     * how many records were deleted or anonymised.
     */
    public Uni<Integer> forget(List<Customer> customers) {
        Uni<Integer> affected = Uni.createFrom().item(0);
        for (Customer c : customers) {
            affected = affected.chain(sum -> Panache.getSession().chain(s -> s.createNativeQuery(
                    "delete from preferred_agent where customer_channel = :channel and customer_platform_user_id = :user")
                    .setParameter("channel", c.channel())
                    .setParameter("user", c.platformUserId())
                    .executeUpdate()
                    .chain(deleted -> s.createNativeQuery(
                            "update routing_task set customer_channel = null, customer_platform_user_id = null "
                                    + "where customer_channel = :channel and customer_platform_user_id = :user")
                            .setParameter("channel", c.channel())
                            .setParameter("user", c.platformUserId())
                            .executeUpdate()
                            .map(updated -> sum + deleted + updated))));
        }
        return affected;
    }
}
