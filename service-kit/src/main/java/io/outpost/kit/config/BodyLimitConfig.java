package io.outpost.kit.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * Request body limits ({@code api/BodyLimits}): one for every endpoint, and larger ones for the
 * upload endpoints a service names, e.g. {@code outpost.http.upload-limits."/api/v1/imports"=2G}.
 * {@code quarkus.http.limits.max-body-size} must be at least the largest of them (service-kit
 * sets it to {@code outpost.http.max-accepted-body-size}, 2G).
 */
@ConfigMapping(prefix = "outpost.http")
public interface BodyLimitConfig {

    /** The limit of every request but the uploads below. */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /** POST paths that take uploads, and their limits. */
    Map<String, MemorySize> uploadLimits();

    /**
     * Quarkus' global limit ({@code quarkus.http.limits.max-body-size} is set from it): at least
     * the largest upload limit. Declared here so the configuration names one place for it.
     */
    @WithDefault("2G")
    MemorySize maxAcceptedBodySize();
}
