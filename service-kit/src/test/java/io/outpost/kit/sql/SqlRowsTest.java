package io.outpost.kit.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.devstack.Devstack;
import io.outpost.devstack.FreePorts;
import io.outpost.devstack.Postgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SqlRows}: the SQL it renders, the text it sends for each Java type, and — on a real PostgreSQL,
 * binding the same {@code text[]} arrays over JDBC as Hibernate Reactive does over Vert.x — that the rows
 * come back as the values they were, nulls included, for a multi-row insert and a row-value lookup.
 */
class SqlRowsTest {

    record Item(UUID id, String name, Instant at, Boolean flag, Integer count, Double score) {
    }

    static final SqlRows<Item> ITEMS = SqlRows.<Item>named("i")
            .column("id", "uuid", Item::id)
            .column("name", "text", Item::name)
            .column("seen_at", "timestamptz", Item::at)
            .column("flag", "boolean", Item::flag)
            .column("count", "integer", Item::count)
            .column("score", "double precision", Item::score);

    static final Path HOME = Path.of("target", "sql-rows").toAbsolutePath();
    static Postgres postgres;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        Devstack.deleteRecursively(HOME);
        postgres = new Postgres(HOME.resolve("data"), HOME.resolve("bin"), FreePorts.pick()).start();
        postgres.ensureDatabase("sql_rows");
        url = postgres.jdbcUrl("sql_rows");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table item (id uuid primary key, name text, seen_at timestamptz, flag boolean, count integer,"
                    + " score double precision)");
        }
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void rendersOneTextWhateverTheNumberOfRows() {
        assertThat(ITEMS.names()).isEqualTo("id, name, seen_at, flag, count, score");
        assertThat(ITEMS.table()).isEqualTo("(select cast(id as uuid) as id, name, cast(seen_at as timestamptz) as seen_at,"
                + " cast(flag as boolean) as flag, cast(count as integer) as count, cast(score as double precision) as score"
                + " from unnest(cast(:i_id as text[]), cast(:i_name as text[]), cast(:i_seen_at as text[]), cast(:i_flag as text[]),"
                + " cast(:i_count as text[]), cast(:i_score as text[])) as u(id, name, seen_at, flag, count, score)) as i");
    }

    @Test
    void sendsEachValueAsPostgresReadsIt() {
        UUID id = UUID.fromString("7a1c0f9e-54c2-4a86-9d8f-3d2f1d7c1a01");
        assertThat(SqlRows.text(id)).isEqualTo("7a1c0f9e-54c2-4a86-9d8f-3d2f1d7c1a01");
        assertThat(SqlRows.text(Instant.parse("2026-11-01T09:30:00.123456789Z"))).isEqualTo("2026-11-01T09:30:00.123456Z");
        assertThat(SqlRows.text(OffsetDateTime.of(2026, 11, 1, 10, 30, 0, 0, ZoneOffset.ofHours(1))))
                .isEqualTo("2026-11-01T09:30:00Z");
        assertThat(SqlRows.text(true)).isEqualTo("true");
        assertThat(SqlRows.text(42)).isEqualTo("42");
        assertThat(SqlRows.text(0.1)).isEqualTo("0.1");
        assertThat(SqlRows.text(Thread.State.NEW)).isEqualTo("NEW");
        assertThat(SqlRows.text(null)).isNull();
        assertThatThrownBy(() -> SqlRows.text(new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesWhatCouldNotBeAPlainNameOrType() {
        assertThatThrownBy(() -> SqlRows.named("i; drop table item")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ITEMS.column("Name", "text", Item::name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ITEMS.column("other", "text) --", Item::name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ITEMS.column("name", "text", Item::name)).hasMessageContaining("twice");
        assertThatThrownBy(() -> SqlRows.<Item>named("empty").table()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void insertsAndFindsRowsWithTheirTypesAndNulls() throws Exception {
        Item full = new Item(UUID.randomUUID(), "comma, quote \" and {brace}", Instant.parse("2026-11-01T09:30:00.123456Z"),
                true, 7, 0.1);
        Item empty = new Item(UUID.randomUUID(), null, null, null, null, null);
        Item third = new Item(UUID.randomUUID(), "", Instant.parse("1999-12-31T23:59:59Z"), false, -3, -2.5e-7);
        assertThat(execute("insert into item (" + ITEMS.names() + ") select " + ITEMS.names() + " from " + ITEMS.table(),
                List.of(full, empty, third))).isEqualTo(3);

        List<Item> stored = select("select id, name, seen_at, flag, count, score from item where id in (select i.id from "
                + ITEMS.table() + ") order by count nulls first", List.of(full, empty, third));
        assertThat(stored).containsExactly(empty, third, full);

        assertThat(execute("insert into item (" + ITEMS.names() + ") select " + ITEMS.names() + " from " + ITEMS.table(),
                List.of())).as("no rows: a statement that inserts nothing").isZero();
    }

    @Test
    void looksUpByRowValues() throws Exception {
        Item a = new Item(UUID.randomUUID(), "a", Instant.parse("2026-01-01T00:00:00Z"), true, 100, 1.0);
        Item b = new Item(UUID.randomUUID(), "b", Instant.parse("2026-01-02T00:00:00Z"), true, 101, 2.0);
        execute("insert into item (" + ITEMS.names() + ") select " + ITEMS.names() + " from " + ITEMS.table(), List.of(a, b));
        SqlRows<Item> keys = SqlRows.<Item>named("k").column("name", "text", Item::name).column("count", "integer", Item::count);
        List<Item> asked = List.of(new Item(null, "a", null, null, 100, null), new Item(null, "b", null, null, 999, null));
        List<Item> found = select("select id, name, seen_at, flag, count, score from item where (name, count) in (select k.name, k.count"
                + " from " + keys.table() + ")", asked, keys);
        assertThat(found).containsExactly(a);
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
    }

    private static int execute(String sql, List<Item> rows) throws Exception {
        try (Connection c = connect(); PreparedStatement s = prepare(c, sql, rows, ITEMS)) {
            return s.executeUpdate();
        }
    }

    private static List<Item> select(String sql, List<Item> rows) throws Exception {
        return select(sql, rows, ITEMS);
    }

    private static List<Item> select(String sql, List<Item> rows, SqlRows<Item> shape) throws Exception {
        List<Item> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = prepare(c, sql, rows, shape); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
                out.add(new Item(rs.getObject(1, UUID.class), rs.getString(2), at == null ? null : at.toInstant(),
                        (Boolean) rs.getObject(4), (Integer) rs.getObject(5), (Double) rs.getObject(6)));
            }
        }
        return out;
    }

    /**
     * The statement with JDBC's {@code ?} for each {@code :name}, each bound to the {@code text[]} that
     * {@link SqlRows#bind} binds to that name (captured from a stand-in for the Hibernate query).
     */
    private static PreparedStatement prepare(Connection c, String sql, List<Item> rows, SqlRows<Item> shape) throws Exception {
        java.util.Map<String, Object> bound = new java.util.HashMap<>();
        shape.bind(new Capture(bound), rows);
        Matcher names = Pattern.compile(":([a-z_][a-z0-9_]*)").matcher(sql);
        List<String> order = new ArrayList<>();
        while (names.find()) {
            order.add(names.group(1));
        }
        PreparedStatement s = c.prepareStatement(names.replaceAll("?"));
        for (int i = 0; i < order.size(); i++) {
            s.setArray(i + 1, c.createArrayOf("text", (String[]) bound.get(order.get(i))));
        }
        return s;
    }

    /** Records what {@link SqlRows#bind} sets. */
    record Capture(java.util.Map<String, Object> bound) implements org.hibernate.reactive.mutiny.Mutiny.AbstractQuery {

        @Override
        public org.hibernate.reactive.mutiny.Mutiny.AbstractQuery setParameter(String name, Object value) {
            bound.put(name, value);
            return this;
        }

        @Override
        public org.hibernate.reactive.mutiny.Mutiny.AbstractQuery setParameter(int position, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> org.hibernate.reactive.mutiny.Mutiny.AbstractQuery setParameter(jakarta.persistence.Parameter<T> parameter,
                T value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.hibernate.reactive.mutiny.Mutiny.AbstractQuery setComment(String comment) {
            return this;
        }

        @Override
        public String getComment() {
            return null;
        }
    }
}
