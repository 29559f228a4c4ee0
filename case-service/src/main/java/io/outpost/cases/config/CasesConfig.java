package io.outpost.cases.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How cases are opened and listed. */
@ConfigMapping(prefix = "outpost.cases")
public interface CasesConfig {

    /** Priority of a new case, 1 (urgent) .. 4 (low), until priority rules exist. */
    @WithDefault("3")
    int defaultPriority();

    /** The case list's page sizes. */
    Page page();

    interface Page {
        /** Cases per page when the caller gives no {@code limit}. */
        @WithDefault("50")
        int defaultLimit();

        /** The largest {@code limit} a caller may ask for. */
        @WithDefault("200")
        int maxLimit();
    }
}
