package io.outpost.cases.store;

import io.outpost.cases.config.CasesConfig;
import io.outpost.cases.domain.CaseActivity;
import io.outpost.cases.domain.CaseStatus;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.cases.domain.SlaSchedule;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.contracts.events.SlaBreached;
import io.outpost.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What happens with time: SLA breaches and the auto-close of resolved cases. Every replica runs
 * these; each effect is claimed by a conditional UPDATE of the case row ({@code ... where
 * first_response_breached_at is null}), which PostgreSQL serialises on the row lock: of two
 * replicas racing for one case, one updates a row and publishes, the other updates none and
 * publishes nothing. The claim, the timeline entry and the outbox row commit together.
 */
@ApplicationScoped
public class CaseTimers {

    private static final Logger LOG = Logger.getLogger(CaseTimers.class);

    /** Cases handled per run and job; the rest wait for the next run. */
    static final int BATCH = 200;

    private static final String ACTIVE = "('new', 'open', 'pending', 'on-hold')";

    private final Outbox outbox;
    private final CaseLifecycle lifecycle;
    private final CasesConfig config;

    private final MeterRegistry meters;

    public CaseTimers(Outbox outbox, CaseLifecycle lifecycle, CasesConfig config, MeterRegistry meters) {
        this.outbox = outbox;
        this.lifecycle = lifecycle;
        this.config = config;
        this.meters = meters;
    }

    @Scheduled(identity = "sla-breaches", every = "${outpost.cases.sla.check-interval:15s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledBreachCheck() {
        return checkBreaches(CaseStore.micros(Instant.now()))
                .onFailure().invoke(e -> LOG.warnf(e, "SLA breach check failed; the next run tries again"))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @Scheduled(identity = "auto-close", every = "${outpost.cases.sla.check-interval:15s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledAutoClose() {
        return autoClose(CaseStore.micros(Instant.now()))
                .onFailure().invoke(e -> LOG.warnf(e, "auto-close failed; the next run tries again"))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One target of one case to claim. */
    private record Candidate(CustomerCase kase, String target, Instant dueAt) {
    }

    /**
     * Publishes {@code case.sla-breached} for every running target past its due time that has
     * not been reported: once per case and target, a next-response target once per customer turn.
     *
     * @return how many breaches this call claimed
     */
    public Uni<Integer> checkBreaches(Instant now) {
        return Panache.withTransaction(() -> CustomerCase.<CustomerCase>find("from CustomerCase c where "
                + "c.hiddenReason is null and c.status in " + ACTIVE + " and ("
                + "(c.firstResponseAt is null and c.firstResponseBreachedAt is null and c.firstResponseDueAt < :now)"
                + " or (c.nextResponseBreachedAt is null and c.nextResponseDueAt < :now)"
                + " or (c.resolvedAt is null and c.resolutionBreachedAt is null and c.resolutionDueAt < :now))",
                Parameters.with("now", now)).range(0, BATCH - 1).list()
                .chain(cases -> {
                    List<Candidate> candidates = new ArrayList<>();
                    for (CustomerCase c : cases) {
                        if (c.firstResponseAt == null && c.firstResponseBreachedAt == null && before(c.firstResponseDueAt, now)) {
                            candidates.add(new Candidate(c, SlaSchedule.FIRST_RESPONSE, c.firstResponseDueAt));
                        }
                        if (c.nextResponseBreachedAt == null && before(c.nextResponseDueAt, now)) {
                            candidates.add(new Candidate(c, SlaSchedule.NEXT_RESPONSE, c.nextResponseDueAt));
                        }
                        if (c.resolvedAt == null && c.resolutionBreachedAt == null && before(c.resolutionDueAt, now)) {
                            candidates.add(new Candidate(c, SlaSchedule.RESOLUTION, c.resolutionDueAt));
                        }
                    }
                    return Multi.createFrom().iterable(candidates)
                            .onItem().transformToUniAndConcatenate(c -> claim(c, now).map(claimed -> claimed ? c.target() : ""))
                            .collect().asList()
                            .map(targets -> targets.stream().filter(target -> !target.isEmpty()).toList());
                }))
                // Counted once committed: outpost.cases.sla.breaches by target, for dashboards and alerts.
                .invoke(targets -> targets.forEach(target -> meters.counter("outpost.cases.sla.breaches", "target", target)
                        .increment()))
                .map(List::size);
    }

    private Uni<Boolean> claim(Candidate c, Instant now) {
        String column = switch (c.target()) {
            case SlaSchedule.FIRST_RESPONSE -> "first_response";
            case SlaSchedule.NEXT_RESPONSE -> "next_response";
            default -> "resolution";
        };
        String stillRunning = switch (c.target()) {
            case SlaSchedule.FIRST_RESPONSE -> " and first_response_at is null";
            case SlaSchedule.RESOLUTION -> " and resolved_at is null";
            default -> "";
        };
        // The due time is part of the claim: a turn or a due time that changed since the scan is not this breach.
        // version + 1: a transaction that loaded the case before the claim fails on flush and runs again,
        // instead of writing its stale (null) breach time back over the claim.
        String sql = "update customer_case set " + column + "_breached_at = :now, version = version + 1 "
                + "where id = :id and " + column
                + "_breached_at is null and " + column + "_due_at = :due and hidden_reason is null and status in "
                + ACTIVE + stillRunning;
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql)
                        .setParameter("now", now).setParameter("id", c.kase().id).setParameter("due", c.dueAt())
                        .executeUpdate())
                .chain(updated -> {
                    if (updated == 0) {
                        return Uni.createFrom().item(false); // another replica, or the case moved meanwhile
                    }
                    CustomerCase k = c.kase();
                    SlaBreached event = new SlaBreached(k.id, Channel.fromWire(k.channel), c.target(), c.dueAt(), now,
                            k.priority, k.assigneeId);
                    return CaseActivity.of(k.id, CaseActivity.SLA_BREACHED, now, null, c.target()).persist()
                            .chain(() -> outbox.add(Topics.CASES, k.id.toString(), EventTypes.CASE_SLA_BREACHED, event))
                            .replaceWith(true);
                });
    }

    /**
     * Closes cases resolved longer ago than the configured time: status closed, timeline entry,
     * {@code case.updated}.
     *
     * @return how many cases this call closed
     */
    public Uni<Integer> autoClose(Instant now) {
        Instant cutoff = now.minus(config.autoCloseAfter());
        return Panache.withTransaction(() -> CustomerCase.<CustomerCase>find(
                "status = ?1 and resolvedAt < ?2", CaseStatus.RESOLVED.wireName(), cutoff).range(0, BATCH - 1).list()
                .chain(cases -> Multi.createFrom().iterable(cases)
                        .onItem().transformToUniAndConcatenate(k -> close(k, cutoff, now))
                        .collect().asList()
                        .map(closed -> (int) closed.stream().filter(Boolean::booleanValue).count())));
    }

    private Uni<Boolean> close(CustomerCase kase, Instant cutoff, Instant now) {
        UUID id = kase.id;
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("update customer_case set status = 'closed', "
                        + "closed_at = :now, updated_at = :now, version = version + 1 "
                        + "where id = :id and status = 'resolved' and resolved_at < :cutoff")
                        .setParameter("now", now).setParameter("id", id).setParameter("cutoff", cutoff)
                        .executeUpdate())
                .chain(updated -> {
                    if (updated == 0) {
                        return Uni.createFrom().item(false);
                    }
                    // The loaded copy stands for the row as it is now; it is never flushed (detached below).
                    return Panache.getSession().invoke(session -> session.detach(kase)).chain(() -> {
                        kase.status = CaseStatus.CLOSED.wireName();
                        kase.closedAt = now;
                        return CaseActivity.status(id, now, null, CaseStatus.RESOLVED, CaseStatus.CLOSED,
                                "closed automatically " + config.autoCloseAfter().toDays() + " days after resolution")
                                .persist()
                                .chain(() -> lifecycle.publishUpdated(kase, CaseStatus.RESOLVED, Set.of("status"), now))
                                .replaceWith(true);
                    });
                });
    }

    private static boolean before(Instant due, Instant now) {
        return due != null && due.isBefore(now);
    }
}
