package io.outpost.routing.messaging;

import io.outpost.routing.config.RoutingConfig;
import io.outpost.routing.store.AgentIndex;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Loads the agent index when the instance starts, then keeps it following the database
 * ({@code outpost.routing.index-refresh-every}, {@code index-full-reload-every}).
 */
@ApplicationScoped
public class AgentIndexRefresh {

    private static final Logger LOG = Logger.getLogger(AgentIndexRefresh.class);

    private final AgentIndex index;
    private final RoutingConfig config;

    public AgentIndexRefresh(AgentIndex index, RoutingConfig config) {
        this.index = index;
        this.config = config;
    }

    /** Before the first decision if it can; should the database not answer yet, the first refresh loads it. */
    void load(@Observes StartupEvent started) {
        try {
            int agents = index.reloadAll().await().atMost(Duration.ofSeconds(60));
            LOG.infof("agent index loaded: %d available agent(s)", agents);
        } catch (RuntimeException e) {
            LOG.warnf("agent index not loaded at start, the next refresh retries: %s", e.toString());
        }
    }

    @Scheduled(identity = "agent-index-refresh", every = "${outpost.routing.index-refresh-every:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return index.refresh(config.indexFullReloadEvery())
                .onFailure().invoke(failure -> LOG.warnf("agent index refresh failed, the next round retries: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
