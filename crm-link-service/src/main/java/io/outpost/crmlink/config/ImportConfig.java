package io.outpost.crmlink.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Bulk customer import (POST /api/v1/customer-imports). */
@ConfigMapping(prefix = "outpost.crm-link.imports")
public interface ImportConfig {

    /** Where uploads are kept until their job completes (a volume in a cluster: a restart resumes from it). */
    @WithDefault("${java.io.tmpdir}/outpost-customer-imports")
    String directory();

    /** Records per transaction: the customers, the job's counters and position commit together. */
    @WithDefault("200")
    int batchSize();

    /** Rejections kept with line and reason per job; all are counted. */
    @WithDefault("1000")
    int maxRejectionsKept();

    /** The longest NDJSON line read; a longer one is rejected without being held in memory. */
    @WithDefault("65536")
    int maxLineLength();

    /** Resume queued and running jobs at start-up (run imports on one replica). */
    @WithDefault("true")
    boolean resumeAtStart();
}
