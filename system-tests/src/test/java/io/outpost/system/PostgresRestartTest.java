package io.outpost.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL server restarted mid-stream. devstack runs one server with a database per service
 * (as a small installation would), so every service loses its database at once: the harder case of
 * "one service's PostgreSQL restarted". Posts keep being offered during the outage (an integration
 * retries what ingest-service could not accept); every service reports not-ready while the server
 * is away and ready again by itself; every post ends in exactly one case, every case assigned once.
 * 200 posts by default, 10,000 with {@code -Doutpost.system.faults=true}.
 */
@Order(10)
class PostgresRestartTest {

    static RunningSuite suite;

    @BeforeAll
    static void start() {
        suite = RunningSuite.get();
    }

    @Test
    void everyPostEndsInOneAssignedCaseWhenPostgresRestartsMidStream() throws Exception {
        OutageRun.run(suite, "PostgreSQL restart", "chat", false, () -> suite.devstack.postgres().stop(),
                () -> suite.devstack.postgres().start());
    }
}
