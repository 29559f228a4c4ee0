package io.outpost.ingest.api;

import static io.restassured.RestAssured.given;
import io.outpost.devstack.OutboxNotifications;
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
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The outbox relay woken in-process after the service's own commits (service-kit README, "The relay's
 * wake-ups"): while the relay leads, the transactions of the webhook buffer's consumer and of the posts
 * API send no {@code NOTIFY} — a {@code LISTEN}ing session receives none — and their events are
 * published, the relay counting a wake after each commit; a plain {@code Panache.withTransaction}
 * writer still notifies, and its event is published too.
 *
 * <p>(A profile without notifications and with an hour's poll would show the in-process wake alone
 * publishing; it passed on its own, but switching this module's tests to a second application start
 * ended surefire's fork, so the test runs in the module's one profile and shows it by the counts.)
 */
@QuarkusTest
class OutboxWakeTest {

    static final Duration PROMPTLY = Duration.ofSeconds(20);

    @Inject
    MeterRegistry meters;

    @Inject
    OutboxRelay relay;

    @Inject
    Outbox outbox;

    @Test
    void whileTheRelayLeadsItsOwnWritersSendNoNotifyAndOtherWritersStillDo() throws Throwable {
        String warmUp = "wake-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.JSON).body(PostsResourceTest.post(warmUp, null, "First one"))
                .when().post("/api/v1/posts").then().statusCode(202);
        assertThat(TestEvents.awaitContaining(Topics.POSTS, warmUp, PROMPTLY)).hasSize(1);
        assertThat(relay.leading()).as("the relay published, so it holds the leader lock").isTrue();

        try (Connection listener = connect(); Connection other = connect()) {
            try (Statement s = listener.createStatement()) {
                s.execute("listen outbox_event");
            }
            PGConnection notifications = listener.unwrap(PGConnection.class);
            double commitsBefore = wakeUps("commit");

            // The buffer consumer's transaction (two posts) and the posts API's (one).
            String run = WebhookSamples.newRun();
            XWebhookResourceTest.deliverSigned(WebhookSamples.load("x/tweet-create.json", run)).statusCode(200)
                    .body("accepted", is(2));
            String externalId = "wake-" + UUID.randomUUID();
            given().auth().oauth2(TestTokens.integration())
                    .contentType(ContentType.JSON).body(PostsResourceTest.post(externalId, null, "Hello?"))
                    .when().post("/api/v1/posts").then().statusCode(202);
            assertThat(TestEvents.awaitContaining(Topics.POSTS, run, PROMPTLY)).hasSize(2);
            assertThat(TestEvents.awaitContaining(Topics.POSTS, externalId, PROMPTLY)).hasSize(1);
            // Both transactions committed before their events could be published, so before the marker.
            assertThat(OutboxNotifications.before(notifications, other)).as("NOTIFYs of the service's own transactions").isZero();
            assertThat(wakeUps("commit") - commitsBefore).as("in-process wakes after those commits").isGreaterThanOrEqualTo(2);

            // A writer outside Outbox.withTransaction (a resource's @WithTransaction, a scheduler) notifies as before.
            String plain = "wake-plain-" + UUID.randomUUID();
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> outbox.add(Topics.POSTS, plain, "outpost.test.plain-writer", Map.of("marker", plain))));
            assertThat(OutboxNotifications.before(notifications, other)).as("NOTIFYs of a plain transaction").isEqualTo(1);
            assertThat(TestEvents.awaitContaining(Topics.POSTS, plain, PROMPTLY)).hasSize(1);
        }
    }

    private double wakeUps(String cause) {
        return meters.get("outpost.outbox.wakeups").tag("cause", cause).counter().count();
    }

    private static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
