package io.outpost.kit.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Forgets processed event ids once no redelivery can bring them back: older than the topics'
 * retention (7 days by default) plus a margin. Deletes in chunks of {@value #CHUNK} rows, each its
 * own short statement: one delete of a day's ids (millions at production rates) would outlast the
 * pool's statement limit and hold its locks for as long.
 */
@ApplicationScoped
public class ProcessedEventJanitor {

    private static final Logger LOG = Logger.getLogger(ProcessedEventJanitor.class);
    static final int CHUNK = 10_000;

    private final Pool pool;
    private final Duration retention;

    public ProcessedEventJanitor(Pool pool,
            @ConfigProperty(name = "outpost.inbox.retention", defaultValue = "P14D") Duration retention) {
        this.pool = pool;
        this.retention = retention;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return pruneChunks(0)
                .onFailure().invoke(failure -> LOG.warnf("forgetting old processed event ids failed, next run retries: %s",
                        failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes chunk after chunk until a chunk comes back short; returns the rows deleted. */
    Uni<Long> pruneChunks(long deletedSoFar) {
        return pool.preparedQuery("delete from processed_event where event_id in (select event_id from processed_event "
                + "where processed_at < now() - make_interval(secs => $1) limit $2)")
                .execute(Tuple.of((double) retention.toSeconds(), CHUNK))
                .chain(rows -> rows.rowCount() < CHUNK
                        ? Uni.createFrom().item(deletedSoFar + rows.rowCount())
                        : pruneChunks(deletedSoFar + rows.rowCount()));
    }
}
