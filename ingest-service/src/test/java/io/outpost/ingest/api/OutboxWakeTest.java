package io.outpost.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.contracts.Topics;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.ingest.WebhookSamples;
import io.outpost.kit.messaging.Outbox;
import io.outpost.kit.messaging.OutboxRelay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The outbox relay woken in-process after the service's own commits (service-kit README, "The relay's
 * wake-ups"): with notifications not listened to and a poll once an hour, what the webhook buffer's
 * consumer and the posts API write is still published within seconds, and while the relay leads,
 * those transactions send no {@code NOTIFY}; a plain {@code Panache.withTransaction} writer still does.
 */
@QuarkusTest
@TestProfile(OutboxWakeTest.NeitherNotifyNorPoll.class)
class OutboxWakeTest {

    /** The relay hears of nothing but this process's commits (the poll's first tick is an hour away). */
    public static class NeitherNotifyNorPoll implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("outpost.outbox.listen", "false", "outpost.outbox.poll-interval", "1h");
        }
    }

    static final Duration PROMPTLY = Duration.ofSeconds(20);

    @Inject
    MeterRegistry meters;

    @Inject
    OutboxRelay relay;

    @Inject
    Outbox outbox;

    @Test
    void aWebhookDeliveryIsPublishedByTheWakeAfterTheConsumersCommit() {
        double before = commitWakeUps();
        String run = WebhookSamples.newRun();
        XWebhookResourceTest.deliverSigned(WebhookSamples.load("x/tweet-create.json", run)).statusCode(200).body("accepted", is(2));

        assertThat(TestEvents.awaitContaining(Topics.POSTS, run, PROMPTLY)).hasSize(2);
        assertThat(commitWakeUps()).isGreaterThan(before);
    }

    @Test
    void anApiPostIsPublishedByTheWakeAfterItsCommit() {
        String externalId = "wake-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.JSON).body(PostsResourceTest.post(externalId, null, "Is anyone there?"))
                .when().post("/api/v1/posts")
                .then().statusCode(202);

        assertThat(TestEvents.awaitContaining(Topics.POSTS, externalId, PROMPTLY)).hasSize(1);
    }

    @Test
    void whileTheRelayLeadsItsOwnWritersSendNoNotifyAndOtherWritersStillDo() throws Throwable {
        String warmUp = "wake-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.JSON).body(PostsResourceTest.post(warmUp, null, "First one"))
                .when().post("/api/v1/posts").then().statusCode(202);
        TestEvents.awaitContaining(Topics.POSTS, warmUp, PROMPTLY);
        assertThat(relay.leading()).as("the relay published, so it holds the leader lock").isTrue();

        try (Connection listener = connect(); Connection other = connect()) {
            try (Statement s = listener.createStatement()) {
                s.execute("listen outbox_event");
            }
            PGConnection notifications = listener.unwrap(PGConnection.class);

            String run = WebhookSamples.newRun();
            XWebhookResourceTest.deliverSigned(WebhookSamples.load("x/tweet-create.json", run)).statusCode(200);
            String externalId = "wake-" + UUID.randomUUID();
            given().auth().oauth2(TestTokens.integration())
                    .contentType(ContentType.JSON).body(PostsResourceTest.post(externalId, null, "Hello?"))
                    .when().post("/api/v1/posts").then().statusCode(202);
            assertThat(TestEvents.awaitContaining(Topics.POSTS, run, PROMPTLY)).hasSize(2);
            assertThat(TestEvents.awaitContaining(Topics.POSTS, externalId, PROMPTLY)).hasSize(1);
            // Both transactions committed before their events could be published, so before the marker.
            assertThat(notificationsBeforeMarker(notifications, other)).as("NOTIFYs of the service's own transactions").isZero();

            // A writer outside Outbox.withTransaction (a resource's @WithTransaction, a scheduler) notifies as before.
            String plain = "wake-plain-" + UUID.randomUUID();
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> outbox.add(Topics.POSTS, plain, "outpost.test.plain-writer", Map.of("marker", plain))));
            assertThat(notificationsBeforeMarker(notifications, other)).as("NOTIFYs of a plain transaction").isEqualTo(1);
            // Not published by this relay (it does not listen): removed, so no stray event is left for later tests.
            try (Statement s = other.createStatement()) {
                s.execute("delete from outbox_event where event_key = '" + plain + "'");
            }
        }
    }

    private double commitWakeUps() {
        return meters.get("outpost.outbox.wakeups").tag("cause", "commit").counter().count();
    }

    private static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    /**
     * The outbox notifications (empty payload) received before a marker sent now from another session:
     * a listener receives notifications in commit order, so every one of the commits before has arrived
     * once the marker has (10 s at most).
     */
    static int notificationsBeforeMarker(PGConnection listener, Connection other) throws SQLException {
        try (Statement s = other.createStatement()) {
            s.execute("notify outbox_event, 'marker'");
        }
        int received = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            PGNotification[] arrived = listener.getNotifications(200);
            for (PGNotification notification : arrived == null ? new PGNotification[0] : arrived) {
                if ("marker".equals(notification.getParameter())) {
                    return received;
                }
                received++;
            }
        }
        throw new AssertionError("the marker notification did not arrive within 10 s");
    }
}
