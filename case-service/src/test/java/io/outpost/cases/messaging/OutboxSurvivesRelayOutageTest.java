package io.outpost.cases.messaging;

import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitEvents;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * An event committed to the outbox while no relay can publish survives and is published once the
 * relay is back. "No relay" is made real, not mocked: the test takes service-kit's relay leader
 * lock away from the relay (its session terminated, the lock taken before it reconnects), so every
 * relay round finds it taken and publishes nothing, as when all replicas are down. The state change commits meanwhile;
 * releasing the lock is the relay coming back. The event is published with its one ce_id, exactly
 * once; a second publication (a relay crashing between the broker's ack and its delete) would
 * carry the same ce_id, which consumers' inboxes drop.
 */
@QuarkusTest
class OutboxSurvivesRelayOutageTest {

    @Test
    void anEventCommittedWhileTheRelayIsDownIsPublishedOnceWhenItComesBack() throws Exception {
        PostIngested post = customerPost(Channel.CHAT, CaseFixtures.T0);
        String caseId;
        try (Connection relayDown = RelaySessions.takeLeaderLock("relay-down-test")) {
            try {
                publish(post);
                caseId = awaitCaseOpenedBy(post);
                // Committed with the case: in the outbox, not on the topic.
                assertThat(outboxRows(caseId)).as("case.opened waiting in the outbox").isEqualTo(1);
                assertThat(awaitEvents(Topics.CASES, EventTypes.CASE_OPENED, caseId, 1, Duration.ofSeconds(4)))
                        .as("nothing published while no relay runs").isEmpty();
            } finally {
                RelaySessions.releaseLeaderLock(relayDown);
            }
        }
        var published = awaitEvents(Topics.CASES, EventTypes.CASE_OPENED, caseId, 1, CaseFixtures.TIMEOUT);
        assertThat(published).hasSize(1);
        String ceId = TestEvents.header(published.get(0), "ce_id").orElseThrow();
        assertThat(UUID.fromString(ceId)).isNotNull();
        io.outpost.devstack.Poll.until("outbox emptied", CaseFixtures.TIMEOUT, () -> outboxRows(caseId), n -> n == 0);
        // Later relay rounds do not publish it again.
        Thread.sleep(2_000);
        assertThat(awaitEvents(Topics.CASES, EventTypes.CASE_OPENED, caseId, 2, Duration.ofSeconds(2))).hasSize(1);
    }

    private static long outboxRows(String caseId) {
        try (Connection c = connect(); PreparedStatement q = c.prepareStatement(
                "select count(*) from outbox_event where event_key = ? and type = ?")) {
            q.setString(1, caseId);
            q.setString(2, EventTypes.CASE_OPENED);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect() throws java.sql.SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
