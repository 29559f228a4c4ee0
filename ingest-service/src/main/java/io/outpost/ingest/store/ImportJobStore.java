package io.outpost.ingest.store;

import io.outpost.ingest.domain.ImportJob;
import io.outpost.ingest.domain.ImportRejection;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** The import jobs' rows: created by the upload, advanced by {@link Importer} one committed batch at a time. */
@ApplicationScoped
public class ImportJobStore {

    /** Where a job stands after a batch; absolute values, so a repeated commit changes nothing. */
    public record Progress(long linesRead, long accepted, long duplicates, long rejected, long published,
            long committedOffset, long committedLine) {
    }

    /** A rejected line. */
    public record Rejection(long line, String reason) {
        /**
         * A reason may quote the rejected line, and PostgreSQL cannot store a NUL character or a
         * lone surrogate: those become U+FFFD, so one bad line cannot fail the whole job.
         */
        public Rejection {
            reason = reason == null ? null : storable(reason);
        }

        static String storable(String text) {
            StringBuilder out = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == 0) {
                    out.append('\uFFFD');
                } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    out.append(c).append(text.charAt(++i));
                } else if (Character.isSurrogate(c)) {
                    out.append('\uFFFD');
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    /** Where a page starts: after the job with this (createdAt, id), oldest first. */
    public record After(Instant createdAt, UUID id) {
    }

    private final Clock clock = Clock.systemUTC();

    public Uni<ImportJob> create(ImportJob job) {
        Instant now = now();
        job.createdAt = now;
        job.updatedAt = now;
        return Panache.withTransaction(() -> job.<ImportJob>persist());
    }

    public Uni<ImportJob> find(UUID id) {
        return Panache.withSession(() -> ImportJob.<ImportJob>findById(id));
    }

    /** The first {@code limit} rejections of a job, by line. */
    public Uni<List<Rejection>> rejections(UUID id, int limit) {
        return Panache.withSession(() -> ImportRejection.<ImportRejection>find("jobId = ?1", Sort.by("line"), id)
                .page(0, limit).list())
                .map(rows -> rows.stream().map(r -> new Rejection(r.line, r.reason)).toList());
    }

    public Uni<List<ImportJob>> page(After after, int limit) {
        Sort sort = Sort.by("createdAt").and("id");
        return Panache.withSession(() -> (after == null
                ? ImportJob.<ImportJob>findAll(sort)
                : ImportJob.<ImportJob>find("createdAt > ?1 or (createdAt = ?1 and id > ?2)", sort, after.createdAt(),
                        after.id()))
                .page(0, limit).list());
    }

    /** Jobs that were queued or running when the service stopped, oldest first. */
    public Uni<List<UUID>> unfinished() {
        return Panache.withSession(() -> ImportJob.<ImportJob>find("status in ?1", Sort.by("createdAt").and("id"),
                List.of(ImportJob.QUEUED, ImportJob.RUNNING)).list())
                .map(jobs -> jobs.stream().map(j -> j.id).toList());
    }

    /** Marks a job running; null when there is no such job or it has finished already. */
    public Uni<ImportJob> start(UUID id) {
        return Panache.withTransaction(() -> ImportJob.<ImportJob>findById(id).map(job -> {
            if (job == null || job.finished()) {
                return null;
            }
            Instant now = now();
            job.status = ImportJob.RUNNING;
            if (job.startedAt == null) {
                job.startedAt = now;
            }
            job.updatedAt = now;
            return job;
        }));
    }

    /** Commits a batch: the job's counters and position, and the batch's rejections to keep, in one transaction. */
    public Uni<Void> commit(UUID id, Progress progress, List<Rejection> keep) {
        return Panache.withTransaction(() -> ImportJob.<ImportJob>findById(id)
                .invoke(job -> {
                    job.linesRead = progress.linesRead();
                    job.accepted = progress.accepted();
                    job.duplicates = progress.duplicates();
                    job.rejected = progress.rejected();
                    job.published = progress.published();
                    job.committedOffset = progress.committedOffset();
                    job.committedLine = progress.committedLine();
                    job.updatedAt = now();
                })
                .chain(() -> Multi.createFrom().iterable(keep)
                        .onItem().transformToUniAndConcatenate(r -> Panache.getSession().chain(s -> s
                                .createNativeQuery("insert into import_rejection (job_id, line, reason) "
                                        + "values (:job, :line, :reason) on conflict do nothing")
                                .setParameter("job", id)
                                .setParameter("line", r.line())
                                .setParameter("reason", r.reason())
                                .executeUpdate()))
                        .collect().asList())
                .replaceWithVoid());
    }

    /** Ends a job: completed, or failed with the reason. */
    public Uni<Void> finish(UUID id, String status, String error) {
        return Panache.withTransaction(() -> ImportJob.<ImportJob>findById(id).invoke(job -> {
            Instant now = now();
            job.status = status;
            job.error = error;
            job.updatedAt = now;
            job.finishedAt = now;
        })).replaceWithVoid();
    }

    /** Test and operations hook: puts a job back to a state (as a crash would have left it). */
    public Uni<Void> reset(UUID id, String status, Progress progress) {
        return Panache.withTransaction(() -> ImportJob.<ImportJob>findById(id).invoke(job -> {
            job.status = status;
            job.finishedAt = null;
            job.error = null;
        })).chain(() -> commit(id, progress, List.of()));
    }

    /** Microseconds: what PostgreSQL keeps, so a cursor built from a returned row matches the stored one. */
    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
