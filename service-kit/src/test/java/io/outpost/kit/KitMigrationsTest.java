package io.outpost.kit;

import static org.assertj.core.api.Assertions.assertThat;
import io.outpost.devstack.OutboxNotifications;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.devstack.Devstack;
import io.outpost.devstack.FreePorts;
import io.outpost.devstack.Postgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * service-kit's migrations ({@code db/kit}, V0_x) run before every service's own (V1 on) in one
 * Flyway history. A kit migration added later is older than what an existing database already has:
 * this test migrates a database as it was before {@code V0_2__outbox_trace_parent} (V0_1 and a
 * service's V1, V2), then with today's kit (V0_2, V0_3) and the kit's own Flyway settings, and a fresh one.
 */
class KitMigrationsTest {

    static final Path HOME = Path.of("target", "kit-migrations").toAbsolutePath();
    static Postgres postgres;
    static Path serviceMigrations;
    static Path kitBeforeTraceParent;

    @BeforeAll
    static void start() throws IOException {
        Devstack.deleteRecursively(HOME);
        postgres = new Postgres(HOME.resolve("data"), HOME.resolve("bin"), FreePorts.pick()).start();
        serviceMigrations = Files.createDirectories(HOME.resolve("service"));
        Files.writeString(serviceMigrations.resolve("V1__things.sql"), "create table thing (id int primary key);");
        Files.writeString(serviceMigrations.resolve("V2__more_things.sql"), "alter table thing add column name text;");
        kitBeforeTraceParent = Files.createDirectories(HOME.resolve("kit-before"));
        try (InputStream v01 = KitMigrationsTest.class.getResourceAsStream("/db/kit/V0_1__outbox_and_inbox.sql")) {
            Files.copy(v01, kitBeforeTraceParent.resolve("V0_1__outbox_and_inbox.sql"));
        }
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aDatabaseMigratedBeforeTheTraceParentTakesItOutOfOrderWithTheKitsSettings() throws Exception {
        postgres.ensureDatabase("kit_existing");
        String url = postgres.jdbcUrl("kit_existing");
        flyway(url, false, "filesystem:" + kitBeforeTraceParent, "filesystem:" + serviceMigrations).migrate();
        execute(url, "insert into outbox_event (id, topic, event_key, type, source, payload) values "
                + "('7a1c0f9e-54c2-4a86-9d8f-3d2f1d7c1a01', 'outpost.test', 'k', 't', '/outpost/test', '{}')");

        // Flyway's default: a resolved migration older than the newest applied one is an error.
        assertThatThrownBy(() -> flyway(url, false, "classpath:db/kit", "filesystem:" + serviceMigrations).migrate())
                .isInstanceOf(FlywayException.class).hasMessageContaining("0.2");

        flyway(url, kitOutOfOrder(), "classpath:db/kit", "filesystem:" + serviceMigrations).migrate();
        assertThat(appliedVersions(url)).containsExactly("0.1", "1", "2", "0.2", "0.3");
        assertThat(query(url, "select coalesce(trace_parent, 'null') from outbox_event")).containsExactly("null");
        execute(url, "insert into outbox_event (id, topic, event_key, type, source, payload, trace_parent) values "
                + "('7a1c0f9e-54c2-4a86-9d8f-3d2f1d7c1a02', 'outpost.test', 'k', 't', '/outpost/test', '{}', "
                + "'00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')");
    }

    @Test
    void aFreshDatabaseMigratesInVersionOrder() throws Exception {
        postgres.ensureDatabase("kit_fresh");
        String url = postgres.jdbcUrl("kit_fresh");
        flyway(url, kitOutOfOrder(), "classpath:db/kit", "filesystem:" + serviceMigrations).migrate();
        assertThat(appliedVersions(url)).containsExactly("0.1", "0.2", "0.3", "1", "2");
        assertThat(query(url, "select data_type from information_schema.columns where table_name = 'outbox_event' "
                + "and column_name = 'trace_parent'")).containsExactly("text");
    }

    /**
     * V0_3: a transaction whose insert statement switched {@code outpost.outbox_notify} off (as
     * {@code Outbox.addAll} does when the relay is woken in-process) sends no NOTIFY; the setting ends
     * with its transaction, and every other writer notifies as before.
     */
    @Test
    void anInsertThatSwitchesNotifyOffSendsNoneAndOnlyForItsOwnTransaction() throws Exception {
        postgres.ensureDatabase("kit_notify");
        String url = postgres.jdbcUrl("kit_notify");
        flyway(url, kitOutOfOrder(), "classpath:db/kit", "filesystem:" + serviceMigrations).migrate();
        String quietInsert = "with wake_setting as (select set_config('outpost.outbox_notify', 'off', true)) "
                + "insert into outbox_event (id, topic, event_key, type, source, payload) "
                + "select gen_random_uuid(), 'outpost.test', 'quiet', 't', '/outpost/test', '{}' from wake_setting";
        String plainInsert = "insert into outbox_event (id, topic, event_key, type, source, payload) "
                + "values (gen_random_uuid(), 'outpost.test', 'plain', 't', '/outpost/test', '{}')";
        try (Connection listener = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                Connection writer = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD)) {
            try (Statement s = listener.createStatement()) {
                s.execute("listen outbox_event");
            }
            PGConnection notifications = listener.unwrap(PGConnection.class);

            try (Statement s = writer.createStatement()) {
                s.execute(plainInsert);
            }
            assertThat(OutboxNotifications.before(notifications, writer)).as("a plain writer's commit notifies").isEqualTo(1);

            // The quiet transaction, then (same session) a plain one: only the second notifies.
            writer.setAutoCommit(false);
            try (Statement s = writer.createStatement()) {
                s.execute(quietInsert);
                s.execute(quietInsert);
            }
            writer.commit();
            writer.setAutoCommit(true);
            try (Statement s = writer.createStatement()) {
                s.execute(plainInsert);
            }
            assertThat(OutboxNotifications.before(notifications, writer))
                    .as("only the plain transaction after the quiet one notifies").isEqualTo(1);
            assertThat(query(url, "select event_key from outbox_event order by seq"))
                    .containsExactly("plain", "quiet", "quiet", "plain");
        }
    }

    /** quarkus.flyway.out-of-order as service-kit's shared defaults set it. */
    static boolean kitOutOfOrder() throws IOException {
        Properties defaults = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/META-INF/microprofile-config.properties"))) {
            defaults.load(in);
        }
        return Boolean.parseBoolean(defaults.getProperty("quarkus.flyway.out-of-order", "false"));
    }

    static Flyway flyway(String url, boolean outOfOrder, String... locations) {
        return Flyway.configure().dataSource(url, Postgres.USER, Postgres.PASSWORD).locations(locations).outOfOrder(outOfOrder)
                .load();
    }

    static List<String> appliedVersions(String url) throws SQLException {
        return query(url, "select version from flyway_schema_history where success order by installed_rank");
    }

    static List<String> query(String url, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
