package io.outpost.ingest.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Bulk imports: where uploads are kept, how large they may be, how they are processed and listed. */
@ConfigMapping(prefix = "outpost.imports")
public interface ImportConfig {

    /** The directory uploads are stored in until their job finishes (created when missing). */
    @WithDefault("${java.io.tmpdir}/outpost-imports")
    String directory();

    /**
     * The largest upload accepted by {@code POST /api/v1/imports}; every other endpoint keeps
     * {@code outpost.http.max-body-size}. Must not exceed {@code quarkus.http.limits.max-body-size}.
     */
    @WithDefault("2G")
    MemorySize maxUploadSize();

    /** Lines accepted between two progress commits (the most a restart makes the job read again). */
    @WithDefault("500")
    @Min(1)
    @Max(100_000)
    int batchSize();

    /** The longest line (record) accepted; a longer one fails the job (e.g. a CSV quote never closed). */
    @WithDefault("1M")
    MemorySize maxLineSize();

    /** Rejections kept with their line number and reason; further ones are only counted. */
    @WithDefault("1000")
    @Min(0)
    int maxRejectionsKept();

    /** Jobs per page when the list request gives no limit. */
    @WithDefault("50")
    @Min(1)
    int defaultLimit();

    /** The largest page a list request may ask for. */
    @WithDefault("200")
    @Min(1)
    @Max(1000)
    int maxLimit();

    /** Start-up resumes queued and running jobs (set false on all but one replica). */
    @WithDefault("true")
    boolean resumeAtStart();
}
