package io.outpost.kit.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.kit.config.OutboxConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * How far the outbox is behind, probed every {@code outpost.outbox.backlog-probe-interval}: the
 * unpublished rows and the age of the oldest, as gauges ({@code outpost.outbox.backlog.rows},
 * {@code outpost.outbox.backlog.oldest.seconds}) and for the readiness check, which reads the last
 * probe instead of querying (a health check must answer even while the database does not).
 */
@ApplicationScoped
public class OutboxBacklog {

    /**
     * count(*) reads the whole table, which is near-empty while the relay keeps up and costs about
     * 0.1 s per million rows when it does not; the oldest row is an index read by sequence.
     */
    private static final String PROBE = "select count(*) as rows, "
            + "(select extract(epoch from now() - occurred_at) from outbox_event order by seq limit 1) as oldest "
            + "from outbox_event";

    /** One probe's result; {@code at} is null before the first probe succeeded. */
    public record Reading(long rows, double oldestSeconds, Instant at) {
    }

    private final Pool pool;
    private final OutboxConfig config;
    private volatile Reading last = new Reading(0, 0, null);

    public OutboxBacklog(Pool pool, OutboxConfig config, MeterRegistry meters) {
        this.pool = pool;
        this.config = config;
        Gauge.builder("outpost.outbox.backlog.rows", this, backlog -> backlog.last.rows())
                .description("Events written to the outbox and not yet published (last probe)").register(meters);
        Gauge.builder("outpost.outbox.backlog.oldest.seconds", this, backlog -> backlog.last.oldestSeconds())
                .description("Age of the oldest unpublished outbox event, 0 when none (last probe)").register(meters);
    }

    @Scheduled(every = "${outpost.outbox.backlog-probe-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> probe() {
        return pool.query(PROBE).execute()
                .ifNoItem().after(Duration.ofSeconds(10)).fail()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    Object oldest = row.getValue("oldest");
                    last = new Reading(row.getLong("rows"), oldest == null ? 0 : row.getDouble("oldest"), Instant.now());
                })
                .replaceWithVoid()
                // The database being away is the datasource check's to report; the last reading stands.
                .onFailure().recoverWithNull();
    }

    public Reading last() {
        return last;
    }

    /** Whether the oldest unpublished event is older than the readiness limit. */
    public boolean behind() {
        return last.oldestSeconds() > config.readyMaxAge().toSeconds();
    }
}
