package io.outpost.ingest.store;

import io.outpost.ingest.config.SurgeConfig;
import io.outpost.ingest.domain.SurgeRule;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Surges counted from the stored posts: customer posts (not ours, not hidden, not deleted) per
 * intent and region (the region of our account the post was delivered to; none when unknown), by
 * platform time, in the window ending at a given time against the baseline before it.
 * Computed on request, so there is no state to keep or lose across restarts and replicas.
 */
@ApplicationScoped
public class SurgeStore {

    private static final String COUNTABLE = "p.intent is not null and p.fromOwnAccount = false"
            + " and p.hiddenReason is null and p.deletedAt is null";

    /** One surge: the intent, the region (null: none known), its count in the window, its usual count per window, recent post ids. */
    public record Surge(String intent, String region, long posts, double usualPerWindow, List<UUID> samplePostIds) {
    }

    /** What surges are counted per: an intent in a region (null: posts whose region is unknown). */
    record Subject(String intent, String region) {
    }

    private final SurgeConfig config;
    private final SurgeRule rule;

    public SurgeStore(SurgeConfig config) {
        this.config = config;
        this.rule = new SurgeRule(config.window(), config.baseline(), config.minPosts(), config.factor());
    }

    public SurgeRule rule() {
        return rule;
    }

    /** The surges in the window ending at {@code at}, largest first. */
    public Uni<List<Surge>> surgesAt(Instant at) {
        Instant windowStart = at.minus(config.window());
        Instant baselineStart = windowStart.minus(config.baseline());
        return Panache.withSession(() -> countBySubject(windowStart, at)
                .chain(inWindow -> countBySubject(baselineStart, windowStart).chain(usual -> {
                    List<Map.Entry<Subject, Long>> surging = inWindow.entrySet().stream()
                            .filter(e -> !config.ignoredIntents().contains(e.getKey().intent()))
                            .filter(e -> rule.isSurge(e.getValue(), usual.getOrDefault(e.getKey(), 0L)))
                            .sorted(Map.Entry.<Subject, Long>comparingByValue().reversed()
                                    .thenComparing(e -> e.getKey().intent())
                                    .thenComparing(e -> e.getKey().region() == null ? "" : e.getKey().region()))
                            .toList();
                    return Multi.createFrom().iterable(surging)
                            .onItem().transformToUniAndConcatenate(e -> samples(e.getKey(), windowStart, at)
                                    .map(ids -> new Surge(e.getKey().intent(), e.getKey().region(), e.getValue(),
                                            rule.usualPerWindow(usual.getOrDefault(e.getKey(), 0L)), ids)))
                            .collect().asList();
                })));
    }

    /** Posts per intent and region with platform time in (from, to]. */
    private Uni<Map<Subject, Long>> countBySubject(Instant from, Instant to) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select p.intent, p.region, count(p) from Post p where " + COUNTABLE
                                + " and p.createdAt > :from and p.createdAt <= :to group by p.intent, p.region", Object[].class)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList())
                .map(rows -> {
                    Map<Subject, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put(new Subject((String) row[0], (String) row[1]), ((Number) row[2]).longValue()));
                    return counts;
                });
    }

    private Uni<List<UUID>> samples(Subject subject, Instant from, Instant to) {
        String region = subject.region() == null ? " and p.region is null" : " and p.region = :region";
        return Panache.getSession().chain(session -> {
            var query = session.createSelectionQuery(
                        "select p.id from Post p where " + COUNTABLE + region
                                + " and p.intent = :intent and p.createdAt > :from and p.createdAt <= :to"
                                + " order by p.createdAt desc, p.id", UUID.class)
                .setParameter("intent", subject.intent())
                .setParameter("from", from)
                .setParameter("to", to)
                .setMaxResults(config.samples());
            if (subject.region() != null) {
                query.setParameter("region", subject.region());
            }
            return query.getResultList();
        });
    }

}
