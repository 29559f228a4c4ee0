package io.outpost.ingest.store;

import io.outpost.ingest.config.ImportConfig;
import io.outpost.ingest.domain.CsvFields;
import io.outpost.ingest.domain.ImportFormat;
import io.outpost.ingest.domain.ImportJob;
import io.outpost.ingest.domain.ImportRecords;
import io.outpost.ingest.domain.IncomingPost;
import io.outpost.ingest.domain.InvalidLineException;
import io.outpost.ingest.domain.TwcsRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs import jobs, one at a time on a thread of its own: reads the stored upload record by record
 * (streaming: one record and one batch of posts in memory, never the file), accepts a batch's posts
 * in file order through {@link PostStore#acceptAll} (a fixed number of round trips per batch, not per
 * post), and commits the job's counters and file position with them, one transaction per batch. A job interrupted by a stop stays {@code running}; start-up
 * resumes it from its last committed position. Should a batch have been accepted post by post (the
 * fallback when its transaction fails), posts stored before a crash are found again by their
 * (channel, externalId) and count as duplicates: nothing is published twice.
 */
@ApplicationScoped
public class Importer {

    private static final Logger LOG = Logger.getLogger(Importer.class);

    /** The job was interrupted by a stop; it resumes at the next start. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private record Pending(long line, IncomingPost post) {
    }

    private final ImportJobStore jobs;
    private final PostStore posts;
    private final ImportLines lines;
    private final ImportConfig config;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outpost-import");
        t.setDaemon(true);
        return t;
    });
    private final Set<UUID> scheduled = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public Importer(ImportJobStore jobs, PostStore posts, ImportLines lines, ImportConfig config) {
        this.jobs = jobs;
        this.posts = posts;
        this.lines = lines;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.resumeAtStart()) {
            worker.execute(() -> {
                try {
                    List<UUID> resumed = resumeUnfinished();
                    if (!resumed.isEmpty()) {
                        LOG.infof("resuming %d unfinished import job(s)", resumed.size());
                    }
                } catch (RuntimeException e) {
                    LOG.errorf(e, "could not look for unfinished import jobs");
                }
            });
        }
    }

    /**
     * Stops between batches, before the datasource goes away (the shutdown event comes before the
     * beans are destroyed): the running job stays {@code running} and resumes at the next start.
     */
    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues a job (once: a job queued or running already is not queued again). */
    public void submit(UUID id) {
        if (scheduled.add(id)) {
            try {
                worker.execute(() -> {
                    try {
                        run(id);
                    } finally {
                        scheduled.remove(id);
                    }
                });
            } catch (RuntimeException e) {
                scheduled.remove(id);
                throw e;
            }
        }
    }

    /** What start-up does: queues every job left queued or running. Blocking; not on an event loop. */
    public List<UUID> resumeUnfinished() {
        List<UUID> ids = await(jobs::unfinished);
        ids.forEach(this::submit);
        return ids;
    }

    private void run(UUID id) {
        ImportJob job;
        try {
            job = await(() -> jobs.start(id));
        } catch (RuntimeException e) {
            LOG.errorf(e, "import %s: could not start; it is resumed at the next start", id);
            return;
        }
        if (job == null) {
            return;
        }
        try {
            long started = System.nanoTime();
            ImportJobStore.Progress done = process(job);
            await(() -> jobs.finish(id, ImportJob.COMPLETED, null));
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.infof("import %s completed: %d lines (%d accepted, %d duplicates, %d rejected) in %.1f s", id,
                    done.linesRead(), done.accepted(), done.duplicates(), done.rejected(), seconds);
            deleteQuietly(Path.of(job.filePath));
        } catch (Stopped e) {
            LOG.infof("import %s interrupted by the stop; it resumes at the next start", id);
        } catch (RuntimeException | IOException e) {
            if (stopping) {
                LOG.infof("import %s interrupted by the stop (%s); it resumes at the next start", id, e.toString());
                return;
            }
            LOG.errorf(e, "import %s failed", id);
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            try {
                await(() -> jobs.finish(id, ImportJob.FAILED, reason));
            } catch (RuntimeException again) {
                LOG.errorf(again, "import %s: could not record the failure", id);
            }
        }
    }

    private ImportJobStore.Progress process(ImportJob job) throws IOException {
        ImportFormat format = ImportFormat.fromWire(job.format);
        int maxLine = (int) Math.min(Integer.MAX_VALUE - 16, config.maxLineSize().asLongValue());
        Path file = Path.of(job.filePath);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long offset = job.committedOffset;
            long line = job.committedLine;
            Map<String, Integer> columns = null;
            if (format.csv()) {
                ImportRecords.Record header = new ImportRecords(Channels.newInputStream(channel), 0, 0, true, maxLine).next();
                if (header == null || header.text() == null) {
                    throw new IOException("the CSV header is missing or not UTF-8");
                }
                columns = columns(CsvFields.parse(header.text()));
                if (offset < header.endOffset()) {
                    offset = header.endOffset();
                    line = header.endLine();
                }
            }
            channel.position(offset);
            InputStream in = Channels.newInputStream(channel);
            ImportRecords records = new ImportRecords(in, offset, line, format.csv(), maxLine);
            long linesRead = job.linesRead;
            long accepted = job.accepted;
            long duplicates = job.duplicates;
            long rejected = job.rejected;
            ImportJobStore.Progress progress = new ImportJobStore.Progress(linesRead, accepted, duplicates, rejected,
                    job.published, offset, line);
            while (true) {
                List<Pending> batch = new ArrayList<>(config.batchSize());
                List<ImportJobStore.Rejection> keep = new ArrayList<>();
                ImportRecords.Record record = null;
                ImportRecords.Record last = null;
                int read = 0;
                while (read < config.batchSize() && (record = records.next()) != null) {
                    last = record;
                    read++;
                    linesRead++;
                    try {
                        batch.add(new Pending(record.line(), parse(format, columns, record)));
                    } catch (InvalidLineException e) {
                        rejected++;
                        if (rejected <= config.maxRejectionsKept()) {
                            keep.add(new ImportJobStore.Rejection(record.line(), e.getMessage()));
                        }
                    }
                }
                if (last == null) {
                    return progress;
                }
                progress = commitBatch(job.id, batch, keep, new ImportJobStore.Progress(linesRead, accepted,
                        duplicates, rejected, accepted, last.endOffset(), last.endLine()));
                accepted = progress.accepted();
                duplicates = progress.duplicates();
                if (stopping || Thread.currentThread().isInterrupted()) {
                    throw new Stopped();
                }
                if (record == null) {
                    return progress;
                }
            }
        }
    }

    /**
     * Accepts a batch's posts and commits the job's progress. First all in one transaction (the posts,
     * their outbox events and the job row: one commit per batch, and the counters are exact even
     * across a crash); {@link PostStore#acceptAll} joins it. Should that fail (a post racing in through
     * a webhook hits the unique key and aborts the transaction), it is all rolled back and the batch
     * is accepted again post by post, each in its own transaction, as the webhooks do.
     *
     * @param before the progress with this batch's lines read and rejections counted, not its posts
     */
    private ImportJobStore.Progress commitBatch(UUID id, List<Pending> batch, List<ImportJobStore.Rejection> keep,
            ImportJobStore.Progress before) {
        try {
            return await(() -> Panache.withTransaction(() -> posts.acceptAll(batch.stream().map(Pending::post).toList())
                    .map(results -> counted(before, results))
                    .call(progress -> jobs.commit(id, progress, keep))));
        } catch (RuntimeException e) {
            if (stopping) {
                throw e;
            }
            LOG.infof("import %s: the batch ending on line %d failed in one transaction (%s); accepting it post by post",
                    id, before.committedLine(), e.toString());
        }
        ImportJobStore.Progress progress = counted(before, await(() -> acceptEach(batch)));
        await(() -> jobs.commit(id, progress, keep));
        return progress;
    }

    /** The fallback: each post in a transaction of its own, as the webhooks' fallback does. */
    private Uni<List<PostStore.Accepted>> acceptEach(List<Pending> batch) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(p -> posts.accept(p.post()))
                .collect().asList();
    }

    private static ImportJobStore.Progress counted(ImportJobStore.Progress before, List<PostStore.Accepted> results) {
        long fresh = results.stream().filter(r -> !r.duplicate()).count();
        return new ImportJobStore.Progress(before.linesRead(), before.accepted() + fresh,
                before.duplicates() + results.size() - fresh, before.rejected(), before.published() + fresh,
                before.committedOffset(), before.committedLine());
    }

    private IncomingPost parse(ImportFormat format, Map<String, Integer> columns, ImportRecords.Record record) {
        if (record.text() == null) {
            throw new InvalidLineException("the line is not valid UTF-8");
        }
        IncomingPost post = switch (format) {
            case NDJSON -> lines.ndjson(record.text());
            case CSV_TWCS -> TwcsRows.toPost(columns, CsvFields.parse(record.text()));
            case CSV_POSTS -> lines.csv(columns, CsvFields.parse(record.text()));
        };
        // PostgreSQL text cannot hold NUL: refused here rather than failing the batch's transaction.
        String withNul = post.fieldWithNul();
        if (withNul != null) {
            throw new InvalidLineException(withNul + " contains a NUL character (U+0000), which cannot be stored");
        }
        return post;
    }

    /** A CSV header's column positions; the format it names (twcs or the post shape), or null for neither. */
    public static Map<String, Integer> columns(List<String> header) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).strip(), i);
        }
        return columns;
    }

    public static ImportFormat csvFormat(List<String> header) {
        List<String> names = header.stream().map(String::strip).toList();
        if (TwcsRows.isTwcsHeader(names)) {
            return ImportFormat.CSV_TWCS;
        }
        if (ImportLines.isPostHeader(names)) {
            return ImportFormat.CSV_POSTS;
        }
        return null;
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete the import file %s: %s", file, e.toString());
        }
    }
}
