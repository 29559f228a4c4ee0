package io.outpost.routing.store;

import io.outpost.routing.domain.RoutingTask;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
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

    /** Remembers the agent who accepted the task's case as its customer's previous agent. */
    public Uni<Void> remember(RoutingTask task, UUID agentId, Instant at) {
        if (task.customerChannel == null || task.customerPlatformUserId == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "insert into preferred_agent (customer_channel, customer_platform_user_id, agent_id, case_id, remembered_at) "
                        + "values (:channel, :user, :agent, :case, :at) on conflict (customer_channel, customer_platform_user_id) "
                        + "do update set agent_id = excluded.agent_id, case_id = excluded.case_id, remembered_at = excluded.remembered_at")
                .setParameter("channel", task.customerChannel)
                .setParameter("user", task.customerPlatformUserId)
                .setParameter("agent", agentId)
                .setParameter("case", task.caseId)
                .setParameter("at", at)
                .executeUpdate())
                .replaceWithVoid();
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
