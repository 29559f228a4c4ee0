package io.outpost.crmlink.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Erasure requests and their confirmations. */
@ConfigMapping(prefix = "outpost.crm-link.erasure")
public interface ErasureConfig {

    /**
     * The services (their application names) that hold personal data and must confirm an erasure
     * before it is complete. crm-link-service erases its own data in the request's transaction.
     */
    @WithDefault("ingest-service,case-service,routing-service,survey-service")
    List<String> expectedServices();
}
