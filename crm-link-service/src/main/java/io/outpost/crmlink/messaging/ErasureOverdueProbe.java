package io.outpost.crmlink.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.crmlink.config.ErasureConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Counts the overdue erasure confirmations (README "Erasure"): per expected service, the erasures
 * it has not confirmed although {@code outpost.crm-link.erasure.confirmation-deadline} has passed
 * since the request ({@code outpost_erasure_confirmations_overdue{service}}), and the erasures with
 * at least one such confirmation ({@code outpost_erasures_overdue}). One query every
 * {@code outpost.crm-link.erasure.overdue-probe}, over the erasures not yet complete only (partial
 * index, migration V10); the gauges show the last probe's counts.
 */
@ApplicationScoped
public class ErasureOverdueProbe {

    private static final Logger LOG = Logger.getLogger(ErasureOverdueProbe.class);

    /** Per expected service (null: erasures with any overdue confirmation), the overdue count. */
    private static final String PROBE = """
            with missing as (
                select r.id, s.service
                from erasure_request r cross join unnest(string_to_array($1, ',')) as s(service)
                where r.completed_at is null and r.requested_at <= $2
                  and not exists (select 1 from erasure_confirmation c where c.erasure_id = r.id and c.service = s.service))
            select service, count(*) as overdue from missing group by service
            union all
            select null, count(distinct id) from missing
            """;

    private final Pool pool;
    private final ErasureConfig config;
    private final Map<String, AtomicLong> perService = new LinkedHashMap<>();
    private final AtomicLong erasures = new AtomicLong();
    private volatile Instant lastProbe;

    public ErasureOverdueProbe(Pool pool, ErasureConfig config, MeterRegistry meters) {
        this.pool = pool;
        this.config = config;
        // One series per expected service (a handful, fixed by configuration): low cardinality.
        for (String service : config.expectedServices()) {
            AtomicLong count = new AtomicLong();
            perService.put(service, count);
            Gauge.builder("outpost.erasure.confirmations.overdue", count, AtomicLong::get).tag("service", service)
                    .description("Erasures this service has not confirmed within the confirmation deadline (last probe)")
                    .register(meters);
        }
        Gauge.builder("outpost.erasures.overdue", erasures, AtomicLong::get)
                .description("Erasures with at least one confirmation past the confirmation deadline (last probe)")
                .register(meters);
    }

    @Scheduled(every = "${outpost.crm-link.erasure.overdue-probe:60s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> probe() {
        Instant now = Instant.now();
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(config.confirmationDeadline()), ZoneOffset.UTC);
        return pool.preparedQuery(PROBE).execute(Tuple.of(String.join(",", perService.keySet()), cutoff))
                .ifNoItem().after(Duration.ofSeconds(10)).fail()
                .invoke(rows -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    long any = 0;
                    for (Row row : rows) {
                        String service = row.getString("service");
                        if (service == null) {
                            any = row.getLong("overdue");
                        } else {
                            counts.put(service, row.getLong("overdue"));
                        }
                    }
                    perService.forEach((service, count) -> count.set(counts.getOrDefault(service, 0L)));
                    erasures.set(any);
                    lastProbe = now;
                })
                .replaceWithVoid()
                // The database being away is the readiness check's to report; the last counts stand.
                .onFailure().invoke(e -> LOG.warnf("erasure overdue probe failed (%s); the next one retries", e))
                .onFailure().recoverWithNull();
    }

    /** When the counts were last refreshed (null before the first probe). */
    public Instant lastProbe() {
        return lastProbe;
    }
}
