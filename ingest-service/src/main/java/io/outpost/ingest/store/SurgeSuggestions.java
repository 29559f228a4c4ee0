package io.outpost.ingest.store;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.IncidentSuggested;
import io.outpost.ingest.config.SurgeConfig;
import io.outpost.ingest.domain.SurgeTracker;
import io.outpost.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Publishes one {@code incident.suggested} per surge. Every {@code outpost.surges.check-every} the
 * surges of the window ending now are compared with the open surges in the database
 * ({@link SurgeTracker}); a new one is stored and its event written to the outbox in the same
 * transaction. Replicas: the check runs under a transaction-scoped advisory lock, and the unique
 * index on open subjects refuses a second open surge whatever happens above it.
 */
@ApplicationScoped
public class SurgeSuggestions {

    private static final Logger LOG = Logger.getLogger(SurgeSuggestions.class);
    /** Arbitrary constant naming "the surge check" among advisory locks of this database. */
    private static final long CHECK_LOCK = 7_140_020L;
    /** The contract's subject syntax; an intent rule named otherwise is not suggested. */
    private static final Pattern SUBJECT = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final SurgeStore surges;
    private final SurgeTracker tracker;
    private final SurgeConfig config;
    private final Outbox outbox;

    public SurgeSuggestions(SurgeStore surges, SurgeConfig config, Outbox outbox) {
        this.surges = surges;
        this.config = config;
        this.outbox = outbox;
        // A surge ends after a whole window without surging.
        this.tracker = new SurgeTracker(config.window());
    }

    @Scheduled(every = "${outpost.surges.check-every:1m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledCheck() {
        return check(Instant.now()).onFailure().recoverWithItem(failure -> {
            LOG.warnf("surge check failed; the next one tries again: %s", failure.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** Checks the window ending at {@code at}; answers the number of suggestions published. */
    public Uni<Integer> check(Instant at) {
        Instant end = at.truncatedTo(ChronoUnit.MICROS);
        return surges.surgesAt(end).chain(found -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("select pg_advisory_xact_lock(:lock)")
                        .setParameter("lock", CHECK_LOCK).getSingleResult()
                        .chain(() -> session.createNativeQuery(
                                "select id, subject, region, last_seen from surge where ended_at is null", Object[].class)
                                .getResultList()))
                .chain(rows -> {
                    // The table keeps "no region" as '' (so the unique index on open surges covers it).
                    List<SurgeTracker.Open> open = rows.stream().map(row -> new SurgeTracker.Open((UUID) row[0],
                            (String) row[1], ((String) row[2]).isEmpty() ? null : (String) row[2], instant(row[3]))).toList();
                    List<SurgeTracker.Seen> seen = found.stream()
                            .filter(s -> SUBJECT.matcher(s.intent()).matches())
                            .map(s -> new SurgeTracker.Seen(s.intent(), s.region(), s.posts(), s.usualPerWindow(),
                                    s.samplePostIds()))
                            .toList();
                    return Multi.createFrom().iterable(tracker.plan(open, seen, end))
                            .onItem().transformToUniAndConcatenate(step -> apply(step, end))
                            .collect().asList()
                            .map(started -> started.stream().mapToInt(Integer::intValue).sum());
                })));
    }

    private Uni<Integer> apply(SurgeTracker.Step step, Instant at) {
        if (step instanceof SurgeTracker.End ended) {
            return update("update surge set ended_at = :at where id = :id and ended_at is null", ended.id(), ended.endedAt(), 0)
                    .replaceWith(0);
        }
        if (step instanceof SurgeTracker.Continue seenAgain) {
            return Panache.getSession().chain(session -> session.createNativeQuery(
                            "update surge set last_seen = greatest(last_seen, :at), peak_posts = greatest(peak_posts, :posts)"
                                    + " where id = :id")
                    .setParameter("at", at)
                    .setParameter("posts", (int) Math.min(Integer.MAX_VALUE, seenAgain.surge().posts()))
                    .setParameter("id", seenAgain.id())
                    .executeUpdate())
                    .replaceWith(0);
        }
        SurgeTracker.Seen surge = ((SurgeTracker.Start) step).surge();
        UUID id = UUID.randomUUID();
        int posts = (int) Math.min(Integer.MAX_VALUE, surge.posts());
        IncidentSuggested event = new IncidentSuggested(id, surge.subject(), surge.region(), at.minus(config.window()), at, posts,
                surge.usualPerWindow(), surge.samplePostIds(), Instant.now().truncatedTo(ChronoUnit.MICROS));
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into surge (id, subject, region, started_at, last_seen, peak_posts)"
                                + " values (:id, :subject, :region, :at, :at, :posts)")
                .setParameter("id", id)
                .setParameter("subject", surge.subject())
                .setParameter("region", surge.region() == null ? "" : surge.region())
                .setParameter("at", at)
                .setParameter("posts", posts)
                .executeUpdate())
                .chain(() -> outbox.add(Topics.POSTS, key(surge), EventTypes.INCIDENT_SUGGESTED, event))
                .invoke(() -> LOG.infof("surge of %s%s: %d posts in the window ending %s (usually %.2f); incident suggested as %s",
                        surge.subject(), surge.region() == null ? "" : " in " + surge.region(), posts, at,
                        surge.usualPerWindow(), id))
                .replaceWith(1);
    }

    /** The contract's key: {@code incident:<subject>[:<region>]}, so one subject's suggestions in a region stay in order. */
    static String key(SurgeTracker.Seen surge) {
        return "incident:" + surge.subject() + (surge.region() == null ? "" : ":" + surge.region());
    }

    private static Uni<Integer> update(String sql, UUID id, Instant at, int ignored) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql)
                .setParameter("at", at)
                .setParameter("id", id)
                .executeUpdate());
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
