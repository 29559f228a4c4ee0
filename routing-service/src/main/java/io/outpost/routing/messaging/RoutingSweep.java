package io.outpost.routing.messaging;

import io.outpost.routing.store.Backstop;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Runs the backstop sweep ({@link Backstop#sweep}) ({@code outpost.routing.sweep-every}). */
@ApplicationScoped
public class RoutingSweep {

    private static final Logger LOG = Logger.getLogger(RoutingSweep.class);

    private final Backstop backstop;

    public RoutingSweep(Backstop backstop) {
        this.backstop = backstop;
    }

    @Scheduled(identity = "routing-sweep", every = "${outpost.routing.sweep-every:5s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return backstop.sweep()
                .invoke(assigned -> {
                    if (assigned > 0) {
                        LOG.infof("sweep assigned %d waiting case(s) missed by event-driven routing", assigned);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("routing sweep failed, the next round retries: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
