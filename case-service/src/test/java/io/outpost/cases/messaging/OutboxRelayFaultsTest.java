package io.outpost.cases.messaging;

import static io.outpost.cases.CaseFixtures.awaitEvents;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.outpost.contracts.Topics;
import io.outpost.devstack.Devstack;
import io.outpost.devstack.KafkaBroker;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.kit.messaging.OutboxRelay;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The ways an outbox relay can be kept from publishing, made real (issue 16's reproductions of the
 * broker-restart stall): a round parked with its batch selected while the broker is away for
 * longer than every client timeout; a foreign session holding the leader lock; a foreign session
 * holding row locks on the outbox. Each must end with the events published and a warning that
 * names the cause. The test profile shortens the limits (application.properties, {@code %test.}):
 * send timeout 3 s, producer request 2 s and delivery 5 s, relay lock timeout 1 s, leader warning
 * after 2 s.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboxRelayFaultsTest {

    private static final Duration PUBLISHED = Duration.ofSeconds(60);

    @Inject
    OutboxRelay relay;

    @Test
    @Order(1)
    void aRelayKeptFromTheLeaderLockNamesTheHolderAndPublishesOnceItIsFree() throws Exception {
        String marker = "relay-probe-" + UUID.randomUUID();
        try (Connection holder = RelaySessions.takeLeaderLock("leader-lock-holder-test")) {
            // Waiting for a minute already: longer than the leader warning's 2 s.
            RelaySessions.addProbeEvent(holder, marker, Duration.ofMinutes(1));
            Poll.until("a warning naming the session that holds the leader lock", Duration.ofSeconds(20),
                    relay::recentWarnings, warnings -> warnings.stream().anyMatch(
                            w -> w.contains("leader lock is held by") && w.contains("leader-lock-holder-test")));
            assertThat(awaitEvents(Topics.CASES, RelaySessions.PROBE_TYPE, marker, 1, Duration.ofSeconds(2)))
                    .as("nothing published while the lock is held elsewhere").isEmpty();
            // Older than the readiness limit (30 s in the test profile): not ready, and why.
            Poll.until("readiness DOWN while the outbox is behind", Duration.ofSeconds(20),
                    () -> given().when().get("/q/health/ready").then().extract().statusCode(), status -> status == 503);
            given().when().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'outbox' }.status", is("DOWN"))
                    .body("checks.find { it.name == 'outbox' }.data.reason", containsString("oldest unpublished event"))
                    .body("checks.find { it.name == 'outbox' }.data.relay-last-warning", containsString("leader-lock-holder-test"));
            assertThat(metric("outpost_outbox_backlog_rows")).as("backlog gauge").isGreaterThanOrEqualTo(1);
            RelaySessions.releaseLeaderLock(holder);
        }
        assertPublishedOnce(marker);
        Poll.until("ready again once the outbox is published", Duration.ofSeconds(20),
                () -> given().when().get("/q/health/ready").then().extract().statusCode(), status -> status == 200);
        assertThat(metric("outpost_outbox_publish_latency_seconds_count")).as("events timed from write to ack").isPositive();
    }

    /** A metric's value summed over its series, from /q/metrics (Prometheus text). */
    private static double metric(String name) {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    @Order(2)
    void aForeignSessionHoldingOutboxRowsDelaysOnlyTheirDeleteAndIsNamed() throws Exception {
        String locked = "relay-probe-locked-" + UUID.randomUUID();
        String next = "relay-probe-next-" + UUID.randomUUID();
        try (Connection holder = RelaySessions.takeLeaderLock("outbox-row-holder-test")) {
            RelaySessions.addProbeEvent(holder, locked);
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select seq from outbox_event where event_key = ? for update")) {
                lock.setString(1, locked);
                lock.executeQuery().close();
            }
            // The relay may lead again (session lock, kept across this transaction's end): it publishes
            // the locked row, and its delete then waits on the row lock.
            RelaySessions.releaseLeaderLock(holder);
            assertThat(awaitEvents(Topics.CASES, RelaySessions.PROBE_TYPE, locked, 1, PUBLISHED)).hasSize(1);
            Poll.until("a warning naming the session holding the outbox's rows", Duration.ofSeconds(20),
                    relay::recentWarnings, warnings -> warnings.stream().anyMatch(
                            w -> w.contains("cannot be deleted yet") && w.contains("outbox-row-holder-test")));
            // Publishing goes on meanwhile, and the row whose delete is owed is not published again.
            try (Connection writer = RelaySessions.connect("relay-test-writer")) {
                RelaySessions.addProbeEvent(writer, next);
            }
            assertThat(awaitEvents(Topics.CASES, RelaySessions.PROBE_TYPE, next, 1, PUBLISHED)).hasSize(1);
            assertThat(RelaySessions.outboxRows(locked)).as("the locked row, not yet deleted").isEqualTo(1);
            holder.rollback();
        }
        Poll.until("the locked row deleted once its lock is gone", PUBLISHED, () -> RelaySessions.outboxRows(locked),
                n -> n == 0);
        assertPublishedOnce(locked);
        assertPublishedOnce(next);
    }

    @Test
    @Order(3)
    void aBatchParkedWhileTheBrokerIsAwayLongerThanEveryClientTimeoutIsPublishedWhenItIsBack() throws Exception {
        KafkaBroker broker = Devstack.forTests().kafka();
        String marker = "relay-probe-outage-" + UUID.randomUUID();
        broker.stop();
        try {
            try (Connection writer = RelaySessions.connect("relay-test-writer")) {
                RelaySessions.addProbeEvent(writer, marker);
            }
            Poll.until("the relay parked with its batch, waiting for the broker", Duration.ofSeconds(20), relay::step,
                    step -> step.startsWith("waiting for the broker") || step.startsWith("waiting for the producer"));
            // Away longer than every client limit: send timeout 3 s, request 2 s, delivery 5 s.
            Thread.sleep(12_000);
            assertThat(relay.recentWarnings()).as("the relay's warnings while the broker is away")
                    .anyMatch(w -> w.contains("not acknowledged by the broker"));
            assertThat(RelaySessions.outboxRows(marker)).as("the event, still in the outbox").isEqualTo(1);
        } finally {
            broker.start();
        }
        List<ConsumerRecord<String, String>> published = awaitEvents(Topics.CASES, RelaySessions.PROBE_TYPE, marker, 1,
                PUBLISHED);
        assertThat(published).as("published once the broker is back").isNotEmpty();
        Poll.until("the outbox emptied", PUBLISHED, () -> RelaySessions.outboxRows(marker), n -> n == 0);
        // At least once: every copy is the same event (one ce_id), which consumers' inboxes drop.
        List<ConsumerRecord<String, String>> copies = awaitEvents(Topics.CASES, RelaySessions.PROBE_TYPE, marker, 1,
                Duration.ofSeconds(2));
        assertThat(copies.stream().map(r -> TestEvents.header(r, "ce_id").orElseThrow()).distinct()).hasSize(1);
        System.out.printf("relay after a %d s broker outage: %d cop%s of the event published%n", 12, copies.size(),
                copies.size() == 1 ? "y" : "ies");
    }

    /**
     * Once the row is deleted the relay can no longer publish it: every copy it ever published is
     * then below the topic's end, so reading up to the end counts them all (a time window would
     * count none on a machine slow to poll).
     */
    private static void assertPublishedOnce(String marker) {
        Poll.until("the outbox emptied of " + marker, PUBLISHED, () -> RelaySessions.outboxRows(marker), n -> n == 0);
        assertThat(TestEvents.readToEnd(Topics.CASES).stream()
                .filter(r -> r.value() != null && r.value().contains(marker)))
                .as("published exactly once: " + marker).hasSize(1);
    }
}
