package io.outpost.ingest.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The request body limit of every endpoint except the import upload. Quarkus has one global limit
 * ({@code quarkus.http.limits.max-body-size}); this service raises that to the upload limit and
 * applies this one per path ({@code api/BodyLimits}).
 */
@ConfigMapping(prefix = "outpost.http")
public interface BodyLimitConfig {

    @WithDefault("1M")
    MemorySize maxBodySize();
}
