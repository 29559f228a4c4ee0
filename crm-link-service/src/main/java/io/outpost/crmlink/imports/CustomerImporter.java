package io.outpost.crmlink.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.crmlink.api.PersonInput;
import io.outpost.crmlink.config.ImportConfig;
import io.outpost.crmlink.store.CustomerImportRow;
import io.outpost.crmlink.store.CustomerImportStore;
import io.outpost.kit.api.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs customer import jobs one at a time on a thread of its own: reads the stored upload record
 * by record (one record and one batch in memory, never the file), checks each like
 * {@code PUT /api/v1/customers/{id}}, and commits a batch's customers with the job's counters and
 * position in one transaction. A restart resumes a job by skipping the records already counted
 * (a re-read, not a re-import: nothing is counted twice). The same idea as ingest-service's post
 * import, not its code: see README, "Customer import and CRM connectors".
 */
@ApplicationScoped
public class CustomerImporter {

    private static final Logger LOG = Logger.getLogger(CustomerImporter.class);

    private final CustomerImportStore jobs;
    private final ImportConfig config;
    private final ObjectMapper json;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outpost-customer-import");
        t.setDaemon(true);
        return t;
    });
    private final Set<UUID> scheduled = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public CustomerImporter(CustomerImportStore jobs, ImportConfig config, ObjectMapper json) {
        this.jobs = jobs;
        this.config = config;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.resumeAtStart()) {
            worker.execute(() -> {
                try {
                    resumeUnfinished();
                } catch (RuntimeException e) {
                    LOG.error("could not look for unfinished customer imports", e);
                }
            });
        }
    }

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

    /** Where a job's upload is kept. */
    public Path file(UUID id) {
        return Path.of(config.directory()).resolve(id + ".upload");
    }

    /** Opens an upload as customers of its format. */
    public CustomerSource open(InputStream in, String format) throws IOException {
        return "csv".equals(format) ? new CsvCustomers(in, json) : new NdjsonCustomers(in, json, config.maxLineLength());
    }

    /** Queues a job (once). */
    public void submit(UUID id) {
        if (scheduled.add(id)) {
            worker.execute(() -> {
                try {
                    run(id);
                } finally {
                    scheduled.remove(id);
                }
            });
        }
    }

    /** Queues the jobs left queued or running by an earlier process; returns them. */
    public List<UUID> resumeUnfinished() {
        List<UUID> ids = await(jobs::unfinished);
        ids.forEach(this::submit);
        if (!ids.isEmpty()) {
            LOG.infof("resuming %d unfinished customer import(s)", ids.size());
        }
        return ids;
    }

    void run(UUID id) {
        CustomerImportRow job = await(() -> jobs.start(id));
        if (job == null) {
            return;
        }
        Path file = file(id);
        try (InputStream in = Files.newInputStream(file); CustomerSource source = open(in, job.format)) {
            // Resume: the first linesRead records were committed with the counters; skip them.
            for (long skipped = 0; skipped < job.linesRead; skipped++) {
                if (source.next() == null) {
                    break;
                }
            }
            long kept = await(() -> jobs.rejections(id)).size();
            List<CustomerImportStore.Accepted> accepted = new ArrayList<>();
            List<CustomerImportStore.Rejection> rejected = new ArrayList<>();
            CustomerRecord record;
            while ((record = source.next()) != null) {
                check(record, accepted, rejected);
                if (accepted.size() + rejected.size() >= config.batchSize()) {
                    kept = commit(id, accepted, rejected, kept);
                    if (stopping) {
                        return; // stays running: the next start resumes after this batch
                    }
                }
            }
            commit(id, accepted, rejected, kept);
            await(() -> jobs.finish(id, CustomerImportRow.COMPLETED, null));
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            if (stopping) {
                return;
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warnf(e, "customer import %s failed", id);
            try {
                await(() -> jobs.finish(id, CustomerImportRow.FAILED, reason.length() > 1000 ? reason.substring(0, 1000) : reason));
            } catch (RuntimeException again) {
                LOG.errorf(again, "could not mark customer import %s failed; it resumes at the next start", id);
            }
        }
    }

    private static void check(CustomerRecord record, List<CustomerImportStore.Accepted> accepted,
            List<CustomerImportStore.Rejection> rejected) {
        if (record.problem() != null) {
            rejected.add(new CustomerImportStore.Rejection(record.line(), record.problem()));
            return;
        }
        try {
            accepted.add(new CustomerImportStore.Accepted(record.line(), PersonInput.customerId(record.id()),
                    PersonInput.check(record.person())));
        } catch (ApiException e) {
            rejected.add(new CustomerImportStore.Rejection(record.line(), e.getMessage()));
        }
    }

    private long commit(UUID id, List<CustomerImportStore.Accepted> accepted, List<CustomerImportStore.Rejection> rejected,
            long kept) {
        int keep = (int) Math.max(0, Math.min(rejected.size(), config.maxRejectionsKept() - kept));
        List<CustomerImportStore.Accepted> a = List.copyOf(accepted);
        List<CustomerImportStore.Rejection> r = List.copyOf(rejected);
        await(() -> jobs.commit(id, a, r, keep));
        accepted.clear();
        rejected.clear();
        return kept + keep;
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e);
        }
    }
}
