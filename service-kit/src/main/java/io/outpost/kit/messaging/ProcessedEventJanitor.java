package io.outpost.kit.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Forgets processed event ids once no redelivery can bring them back: older than the topics'
 * retention (7 days by default) plus a margin.
 */
@ApplicationScoped
public class ProcessedEventJanitor {

    private final Pool pool;
    private final Duration retention;

    public ProcessedEventJanitor(Pool pool,
            @ConfigProperty(name = "outpost.inbox.retention", defaultValue = "P14D") Duration retention) {
        this.pool = pool;
        this.retention = retention;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return pool.preparedQuery("delete from processed_event where processed_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
