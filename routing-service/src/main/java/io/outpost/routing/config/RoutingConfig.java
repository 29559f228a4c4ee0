package io.outpost.routing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How routing looks for agents and work. */
@ConfigMapping(prefix = "outpost.routing")
public interface RoutingConfig {

    /**
     * How often the backstop sweep re-offers waiting cases (a duration such as {@code 5s}, or
     * {@code off}). Routing is event-driven; the sweep only catches a case and an agent that
     * became ready in two concurrent transactions, neither seeing the other.
     */
    @WithDefault("5s")
    String sweepEvery();

    /** Waiting cases the sweep re-offers per round, stalest attempt first. */
    @WithDefault("100")
    int sweepBatch();

    /** Waiting cases considered, in queue order, when an agent becomes available. */
    @WithDefault("500")
    int drainBatch();

    /**
     * Ranked candidates tried for one case when the better ones are locked or changed meanwhile
     * (at most {@code RoutingDecision.KEPT_CANDIDATES}, 32: a decision keeps no more).
     */
    @WithDefault("5")
    int lockAttempts();

    /**
     * How often the in-memory index of available agents re-reads the agents changed in the
     * database since its previous look (a duration such as {@code 1s}, or {@code off}): how other
     * replicas' presence and load changes reach this instance. Its own changes reach it at once.
     */
    @WithDefault("1s")
    String indexRefreshEvery();

    /** How often the agent index is reloaded whole instead: the backstop for changes a poll missed. */
    @WithDefault("60s")
    java.time.Duration indexFullReloadEvery();
}
