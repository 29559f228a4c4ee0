package io.outpost.ingest.api;

import io.outpost.ingest.domain.ImportJob;
import io.outpost.ingest.store.ImportJobStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An import job and its progress.
 *
 * @param linesRead   records read so far (a CSV header and blank lines not counted); each is accepted,
 *                    a duplicate or rejected
 * @param published   posts whose post.ingested event was written to the outbox (in the post's own
 *                    transaction), so it reaches outpost.posts once the relay publishes it
 * @param rejections  the first rejected lines (line number in the file, reason); {@code rejected}
 *                    counts all of them
 */
@Schema(description = "A bulk import job")
public record ImportView(UUID id, String status, String format, String contentType, long fileSize, long linesRead,
        long accepted, long duplicates, long rejected, long published, long committedLine,
        List<ImportJobStore.Rejection> rejections, String error, String createdBy, Instant createdAt,
        Instant startedAt, Instant updatedAt, Instant finishedAt) {

    public static ImportView of(ImportJob job, List<ImportJobStore.Rejection> rejections) {
        return new ImportView(job.id, job.status, job.format, job.contentType, job.fileSize, job.linesRead, job.accepted,
                job.duplicates, job.rejected, job.published, job.committedLine, rejections, job.error, job.createdBy,
                job.createdAt, job.startedAt, job.updatedAt, job.finishedAt);
    }
}
