package io.outpost.crmlink.store;

import io.outpost.crmlink.domain.PersonAttributes;
import io.outpost.kit.api.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Import jobs: their rows, and one batch's customers, rejections and progress in one transaction. */
@ApplicationScoped
public class CustomerImportStore {

    /** A customer that passed the checks, with the line it came from. */
    public record Accepted(long line, String id, PersonAttributes person) {
    }

    /** A record refused, with its line and why. */
    public record Rejection(long line, String reason) {
    }

    private final CustomerStore customers;

    public CustomerImportStore(CustomerStore customers) {
        this.customers = customers;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @WithTransaction
    public Uni<CustomerImportRow> create(UUID id, String format, String actor) {
        CustomerImportRow job = new CustomerImportRow();
        job.id = id;
        job.format = format;
        job.status = CustomerImportRow.QUEUED;
        job.createdBy = actor;
        job.createdAt = now();
        return job.persist().replaceWith(job);
    }

    @WithSession
    public Uni<CustomerImportRow> find(UUID id) {
        return CustomerImportRow.<CustomerImportRow>findById(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no customer import " + id));
    }

    /** The kept rejections of a job, in line order. */
    @WithSession
    public Uni<List<Rejection>> rejections(UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select line, reason from customer_import_rejection where import_id = :id order by line", Object[].class)
                .setParameter("id", id).getResultList())
                .map(rows -> rows.stream().map(r -> new Rejection(((Number) r[0]).longValue(), (String) r[1])).toList());
    }

    @WithSession
    public Uni<List<UUID>> unfinished() {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select j.id from CustomerImportRow j where j.status in ('queued', 'running') order by j.createdAt",
                UUID.class).getResultList());
    }

    /** Marks the job running; returns it (with the position to resume from). */
    @WithTransaction
    public Uni<CustomerImportRow> start(UUID id) {
        return CustomerImportRow.<CustomerImportRow>findById(id).invoke(job -> {
            job.status = CustomerImportRow.RUNNING;
            if (job.startedAt == null) {
                job.startedAt = now();
            }
        });
    }

    /**
     * One batch: its customers upserted, its kept rejections and the job's counters and position,
     * all or nothing. {@code keep} rejections of the batch are stored (the rest only counted).
     */
    @WithTransaction
    public Uni<Void> commit(UUID id, List<Accepted> accepted, List<Rejection> rejections, int keep) {
        // One statement per table for the whole batch (not three per customer): the import's speed.
        Map<String, PersonAttributes> byId = new LinkedHashMap<>();
        accepted.forEach(a -> byId.put(a.id(), a.person()));
        Uni<Void> steps = customers.upsertAll(byId).replaceWithVoid();
        List<Rejection> kept = rejections.subList(0, Math.min(keep, rejections.size()));
        steps = steps.chain(() -> LinkStore.sequentially(kept, r -> Panache.getSession().chain(s -> s.createNativeQuery(
                "insert into customer_import_rejection (import_id, line, reason) values (:id, :line, :reason) "
                        + "on conflict do nothing")
                .setParameter("id", id).setParameter("line", r.line()).setParameter("reason", r.reason())
                .executeUpdate()).replaceWithVoid()));
        return steps.chain(() -> CustomerImportRow.<CustomerImportRow>findById(id)).invoke(job -> {
            job.linesRead += accepted.size() + rejections.size();
            job.accepted += accepted.size();
            job.rejected += rejections.size();
        }).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> finish(UUID id, String status, String error) {
        return CustomerImportRow.<CustomerImportRow>findById(id).invoke(job -> {
            job.status = status;
            job.error = error;
            job.finishedAt = now();
        }).replaceWithVoid();
    }
}
