package io.outpost.ingest.store;

import io.outpost.ingest.config.RawPayloadConfig;
import io.outpost.ingest.domain.WebhookDelivery;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Webhook deliveries kept for audit ({@code raw_payload}): stored once a delivery was verified and
 * understood, purged after the retention, redacted on erasure.
 */
@ApplicationScoped
public class RawPayloadStore {

    private static final Logger LOG = Logger.getLogger(RawPayloadStore.class);

    private final RawPayloadConfig config;
    private final Clock clock = Clock.systemUTC();

    public RawPayloadStore(RawPayloadConfig config) {
        this.config = config;
    }

    /**
     * Keeps a delivery within the caller's transaction (with the posts it carried), under the
     * delivery's own id; nothing when keeping is switched off.
     */
    public Uni<Void> keepInTransaction(WebhookDelivery delivery) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into raw_payload (id, platform, received_at, body) values (:id, :platform, :at, :body)"
                                + " on conflict do nothing")
                        .setParameter("id", delivery.id())
                        .setParameter("platform", delivery.platform().wireName())
                        .setParameter("at", delivery.receivedAt())
                        .setParameter("body", new String(delivery.body(), StandardCharsets.UTF_8))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Deletes the deliveries received before now minus the retention, and the record of what they
     * led to ({@code webhook_delivery}); how many deliveries.
     */
    public Uni<Integer> purgeExpired() {
        Instant cutoff = Instant.now(clock).minus(config.retention());
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("delete from webhook_delivery where received_at < :cutoff")
                        .setParameter("cutoff", cutoff)
                        .executeUpdate()
                        .chain(() -> session.createNativeQuery("delete from raw_payload where received_at < :cutoff")
                                .setParameter("cutoff", cutoff)
                                .executeUpdate())))
                .invoke(purged -> {
                    if (purged > 0) {
                        LOG.infof("purged %d webhook deliveries received before %s (retention %s)", purged, cutoff,
                                config.retention());
                    }
                });
    }

    @Scheduled(every = "${outpost.raw-payloads.purge-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        try {
            VertxContextSupport.subscribeAndAwait(this::purgeExpired);
        } catch (Throwable e) {
            LOG.warnf("raw payload purge failed (retried at the next run): %s", e.getMessage());
        }
    }

    /**
     * Redacts the deliveries that carry this platform user id as a JSON string (ids travel as strings
     * in both platforms' payloads: {@code "id_str"}, {@code "sender": {"id": ...}}, the keys of X's
     * {@code users}); in the caller's transaction. How many were redacted.
     */
    public Uni<Integer> redactMentioning(String platform, String platformUserId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update raw_payload set body = null, redacted_at = :now
                        where platform = :platform and body is not null and strpos(body, :quoted) > 0""")
                .setParameter("now", Instant.now(clock))
                .setParameter("platform", platform)
                .setParameter("quoted", "\"" + platformUserId + "\"")
                .executeUpdate());
    }
}
