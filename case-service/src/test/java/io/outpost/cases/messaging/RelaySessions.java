package io.outpost.cases.messaging;

import io.outpost.kit.messaging.OutboxRelay;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Foreign database sessions for the relay's fault tests: real JDBC sessions of the service's
 * database, named (application_name) so that the relay's warnings can be checked to name them.
 */
final class RelaySessions {

    static final String PROBE_TYPE = "io.outpost.test.relay-probe.v1";

    private RelaySessions() {
    }

    static Connection connect(String applicationName) {
        Config config = ConfigProvider.getConfig();
        Properties properties = new Properties();
        properties.setProperty("user", config.getValue("quarkus.datasource.username", String.class));
        properties.setProperty("password", config.getValue("quarkus.datasource.password", String.class));
        properties.setProperty("ApplicationName", applicationName);
        try {
            return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class), properties);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A session that has taken the relay's leader lock away from the service's relay: the relay's
     * own session (which holds the lock while it leads) is terminated, as an operator's
     * {@code pg_terminate_backend} or a network cut would end it, and the lock taken before the
     * relay reconnects (tried again should the relay win the race).
     */
    static Connection takeLeaderLock(String applicationName) throws SQLException, InterruptedException {
        Connection session = connect(applicationName);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (PreparedStatement kill = session.prepareStatement(
                    "select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?")) {
                kill.setString(1, ConfigProvider.getConfig().getValue("quarkus.application.name", String.class)
                        + " outbox relay");
                kill.executeQuery().close();
            }
            if (query(session, "select pg_try_advisory_lock(?)", OutboxRelay.RELAY_LOCK)) {
                return session;
            }
            Thread.sleep(5);
        }
        session.close();
        throw new IllegalStateException("the relay kept its leader lock for 20 s although its sessions were terminated");
    }

    static void releaseLeaderLock(Connection session) throws SQLException {
        query(session, "select pg_advisory_unlock(?)", OutboxRelay.RELAY_LOCK);
    }

    /** Writes a probe event, written just now, into the outbox (committed at once unless the session is in a transaction). */
    static void addProbeEvent(Connection session, String marker) throws SQLException {
        addProbeEvent(session, marker, Duration.ofSeconds(0));
    }

    /** Writes a probe event into the outbox as if written {@code age} ago (its occurred_at), not a wait. */
    static void addProbeEvent(Connection session, String marker, Duration age) throws SQLException {
        try (PreparedStatement insert = session.prepareStatement("insert into outbox_event "
                + "(id, topic, event_key, type, source, payload, occurred_at) "
                + "values (?, 'outpost.cases', ?, ?, '/outpost/test', ?, now() - make_interval(secs => ?))")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, marker);
            insert.setString(3, PROBE_TYPE);
            insert.setString(4, "{\"marker\":\"" + marker + "\"}");
            insert.setDouble(5, age.toSeconds());
            insert.executeUpdate();
        }
    }

    /** Outbox rows still holding the probe event of {@code marker}. */
    static long outboxRows(String marker) {
        try (Connection session = connect("relay-test-reader");
                PreparedStatement count = session.prepareStatement("select count(*) from outbox_event where event_key = ?")) {
            count.setString(1, marker);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean query(Connection session, String sql, long key) throws SQLException {
        try (PreparedStatement statement = session.prepareStatement(sql)) {
            statement.setLong(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }
}
