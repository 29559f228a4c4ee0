package io.outpost.kit.sql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Many rows as parameters of one native statement: one text array per column, read back in SQL as a
 * table with {@code unnest}, each column cast to its type there. The one way Outpost writes or looks up
 * several rows in a statement (a multi-row insert, {@code (a, b) in (...)}, a list of keys):
 *
 * <pre>{@code
 * static final SqlRows<Post> POSTS = SqlRows.<Post>named("p")
 *         .column("id", "uuid", p -> p.id)
 *         .column("channel", "text", p -> p.channel);
 * "insert into post (" + POSTS.names() + ") select " + POSTS.names() + " from " + POSTS.table()
 * POSTS.bind(session.createNativeQuery(sql), rows).executeUpdate()
 * }</pre>
 *
 * <p>Why arrays rather than {@code values (:a0, :b0), (:a1, :b1), ...}: the SQL text is the same
 * whatever the number of rows, so the per-connection prepared-statement cache
 * ({@code cache-prepared-statements}) holds one statement instead of one per row count; there is no
 * 65,535-parameter limit to split batches for; and the statement is a constant. Why every column
 * as {@code text[]}: a {@code String[]} is the one array type that Hibernate Reactive and the Vert.x
 * client bind as such without per-type conversions (a {@code UUID[]} or {@code Instant[]} depends on
 * driver coercions); PostgreSQL's own input functions then read each value exactly as they read a
 * literal ({@link #text}). (crm-link splits a comma-joined text with {@code string_to_array} for lists
 * of ids that cannot contain a comma; this needs no such assumption: elements travel length-prefixed.)
 *
 * <p>Instances are immutable; build each one once, as a constant beside the statement using it.
 *
 * @param <R> the Java type of a row
 */
public final class SqlRows<R> {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern TYPE = Pattern.compile("[a-z_][a-z0-9_ ]*(\\([0-9, ]+\\))?");

    private record Column<R>(String name, String type, Function<? super R, ?> value) {
    }

    private final String alias;
    private final List<Column<R>> columns;

    private SqlRows(String alias, List<Column<R>> columns) {
        this.alias = alias;
        this.columns = columns;
    }

    /**
     * No columns yet, known in SQL as {@code alias} (the table's alias, and the prefix of its
     * parameters' names: {@code :alias_column}).
     */
    public static <R> SqlRows<R> named(String alias) {
        return new SqlRows<>(identifier(alias), List.of());
    }

    /**
     * These rows with one more column.
     *
     * @param name    the column's name in SQL
     * @param sqlType the PostgreSQL type its values are cast to ({@code uuid}, {@code text},
     *                {@code timestamptz}, {@code boolean}, {@code integer}, {@code double precision}, ...)
     * @param value   the row's value: a {@link String}, {@link UUID}, {@link Instant},
     *                {@link OffsetDateTime}, {@link Number}, {@link Boolean} or {@link Enum} (its name), or null
     */
    public SqlRows<R> column(String name, String sqlType, Function<? super R, ?> value) {
        if (!TYPE.matcher(sqlType).matches()) {
            throw new IllegalArgumentException("not a plain SQL type: " + sqlType);
        }
        String column = identifier(name);
        if (columns.stream().anyMatch(c -> c.name().equals(column))) {
            throw new IllegalArgumentException("column " + column + " twice");
        }
        List<Column<R>> more = new ArrayList<>(columns);
        more.add(new Column<>(column, sqlType, value));
        return new SqlRows<>(alias, List.copyOf(more));
    }

    /** The columns' names, comma-separated in order: an insert's column list, or a select list. */
    public String names() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /**
     * The rows as a table for a {@code from} clause, aliased, its columns of their types:
     * {@code (select cast(id as uuid) as id, channel from unnest(cast(:p_id as text[]), cast(:p_channel as
     * text[])) as u(id, channel)) as p}. Bound by {@link #bind}.
     */
    public String table() {
        if (columns.isEmpty()) {
            throw new IllegalStateException("rows " + alias + " have no column");
        }
        String typed = columns.stream()
                .map(c -> c.type().equals("text") ? c.name() : "cast(" + c.name() + " as " + c.type() + ") as " + c.name())
                .collect(Collectors.joining(", "));
        String arrays = columns.stream().map(c -> "cast(:" + parameter(c) + " as text[])").collect(Collectors.joining(", "));
        return "(select " + typed + " from unnest(" + arrays + ") as u(" + names() + ")) as " + alias;
    }

    /** Binds the rows' values to the query's parameters of {@link #table()}: one array per column. */
    public <Q extends Mutiny.AbstractQuery> Q bind(Q query, List<? extends R> rows) {
        for (Column<R> column : columns) {
            query.setParameter(parameter(column), values(column, rows));
        }
        return query;
    }

    /** One column's values as PostgreSQL reads them, in row order. */
    private static <R> String[] values(Column<R> column, List<? extends R> rows) {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = text(column.value().apply(rows.get(i)));
        }
        return values;
    }

    /**
     * A value as PostgreSQL's input function for its type reads it: ISO-8601 for times (in UTC, to the
     * microsecond PostgreSQL keeps, truncated as the binary protocol truncates), {@code true}/{@code false},
     * decimal numbers ({@link Double#toString} is the shortest text that reads back to the same double).
     */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof UUID || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Instant instant) {
            return instant.truncatedTo(ChronoUnit.MICROS).toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().truncatedTo(ChronoUnit.MICROS).toString();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        throw new IllegalArgumentException("no SQL text for a " + value.getClass().getName());
    }

    private String parameter(Column<R> column) {
        return alias + "_" + column.name();
    }

    private static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case SQL identifier: " + name);
        }
        return name;
    }
}
