package io.outpost.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Surge detection (GET /api/v1/surges): many posts of one intent in a short window. */
@ConfigMapping(prefix = "outpost.surges")
public interface SurgeConfig {

    /** The sliding window counted. */
    @WithDefault("PT15M")
    Duration window();

    /** How far before the window the usual rate is measured. */
    @WithDefault("PT24H")
    Duration baseline();

    /** The fewest posts in the window that can make a surge. */
    @WithDefault("5")
    int minPosts();

    /** How many times the usual count per window. */
    @WithDefault("3")
    double factor();

    /** Intents that never make a surge (nothing to be proactive about). */
    @WithDefault("other,praise")
    List<String> ignoredIntents();

    /**
     * How often surges are checked to publish one {@code incident.suggested} per surge (a Quarkus
     * scheduler period such as {@code 1m}; {@code off} disables it). Read by {@code @Scheduled}.
     */
    @WithDefault("1m")
    String checkEvery();

    /** Sample post ids per surge (the most recent). */
    @WithDefault("5")
    int samples();
}
