package io.outpost.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker stopped mid-stream and started again on the same port with the same data
 * (devstack's {@code KafkaBroker.stop()}/{@code start()}). Posts keep arriving at ingest-service
 * during the outage (its outbox holds them until the broker is back); every service reports
 * not-ready while the broker is away and ready again by itself; every post ends in exactly one
 * case, every case assigned once. 200 posts by default, 10,000 with {@code -Doutpost.system.faults=true}.
 */
@Order(9)
class BrokerRestartTest {

    static RunningSuite suite;

    @BeforeAll
    static void start() {
        suite = RunningSuite.get();
    }

    @Test
    void everyPostEndsInOneAssignedCaseWhenTheBrokerRestartsMidStream() throws Exception {
        OutageRun.run(suite, "Kafka broker restart", "chat", true, () -> suite.devstack.kafka().stop(),
                () -> suite.devstack.kafka().start());
    }
}
