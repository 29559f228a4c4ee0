package io.outpost.crmlink.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
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

    /**
     * How long after the request each expected service has to confirm; a confirmation still missing
     * after it is overdue (the erasure's status, the {@code outpost_erasure_confirmations_overdue}
     * gauge). A confirmation arriving later still counts, marked late.
     */
    @WithDefault("24h")
    Duration confirmationDeadline();

    /**
     * How often the overdue gauge is recounted (one query over the erasures not yet complete). Also
     * read by the probe's schedule as {@code outpost.crm-link.erasure.overdue-probe}.
     */
    @WithDefault("60s")
    Duration overdueProbe();
}
