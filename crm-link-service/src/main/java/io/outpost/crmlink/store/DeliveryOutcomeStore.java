package io.outpost.crmlink.store;

import io.outpost.contracts.Channel;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.crmlink.domain.DeliveryOutcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Delivery outcome counts per channel. */
@ApplicationScoped
public class DeliveryOutcomeStore {

    /**
     * Counts one outcome, inside the caller's transaction. One statement, so replicas counting the
     * same channel at once add up instead of overwriting each other.
     */
    public Uni<Void> count(Channel channel, DeliveryReported.Status status, Instant reportedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into delivery_outcome (channel, delivered, failed, last_reported_at)
                values (:channel, :delivered, :failed, :at)
                on conflict (channel) do update set
                    delivered = delivery_outcome.delivered + excluded.delivered,
                    failed = delivery_outcome.failed + excluded.failed,
                    last_reported_at = greatest(delivery_outcome.last_reported_at, excluded.last_reported_at)
                """)
                .setParameter("channel", channel.wireName())
                .setParameter("delivered", status == DeliveryReported.Status.DELIVERED ? 1L : 0L)
                .setParameter("failed", status == DeliveryReported.Status.FAILED ? 1L : 0L)
                .setParameter("at", reportedAt)
                .executeUpdate())
                .replaceWithVoid();
    }

    @WithSession
    public Uni<List<DeliveryOutcome>> all() {
        return DeliveryOutcome.listAll(Sort.by("channel"));
    }
}
