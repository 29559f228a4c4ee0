package io.outpost.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * Finds the sweeps' markers in every table of every service's database (and so in whatever a
 * request wrote directly or caused to be written downstream), without knowing the tables.
 */
final class DatabaseScan {

    private DatabaseScan() {
    }

    /** Marker to the tables ({@code service.table}) whose rows contain it. */
    static Map<String, TreeSet<String>> markersWritten(RunningSuite suite) throws SQLException {
        Map<String, TreeSet<String>> found = new TreeMap<>();
        for (var service : suite.services.services()) {
            try (Connection db = suite.database(service.name())) {
                for (String table : tables(db)) {
                    try (PreparedStatement select = db.prepareStatement(
                            "select t::text from " + table + " t where t::text ~ 'zq[0-9a-f]{12}'");
                            ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            Matcher m = SweepValues.MARKER.matcher(rows.getString(1));
                            while (m.find()) {
                                found.computeIfAbsent(m.group(), k -> new TreeSet<>()).add(service.name() + "." + table);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /**
     * Which of {@code values} appear in clear, ignoring case, anywhere in a row of any table of any
     * service's database (the row as text: every column, JSON included): value to the tables
     * ({@code service.table}) that hold it; values found nowhere are absent.
     */
    static Map<String, TreeSet<String>> valuesFound(RunningSuite suite, List<String> values) throws SQLException {
        Map<String, TreeSet<String>> found = new TreeMap<>();
        List<String> lower = values.stream().map(v -> v.toLowerCase(java.util.Locale.ROOT)).toList();
        String anyOf = String.join(" or ", java.util.Collections.nCopies(values.size(), "strpos(r, ?) > 0"));
        for (var service : suite.services.services()) {
            try (Connection db = suite.database(service.name())) {
                for (String table : tables(db)) {
                    try (PreparedStatement select = db.prepareStatement("select r from (select lower(t::text) as r from "
                            + table + " t) x where " + anyOf)) {
                        for (int i = 0; i < lower.size(); i++) {
                            select.setString(i + 1, lower.get(i));
                        }
                        try (ResultSet rows = select.executeQuery()) {
                            while (rows.next()) {
                                String row = rows.getString(1);
                                for (int i = 0; i < lower.size(); i++) {
                                    if (row.contains(lower.get(i))) {
                                        found.computeIfAbsent(values.get(i), k -> new TreeSet<>()).add(service.name() + "." + table);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Row counts of every table, {@code service.table -> rows}. */
    static Map<String, Long> rowCounts(RunningSuite suite) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        for (var service : suite.services.services()) {
            try (Connection db = suite.database(service.name())) {
                for (String table : tables(db)) {
                    try (PreparedStatement select = db.prepareStatement("select count(*) from " + table);
                            ResultSet rows = select.executeQuery()) {
                        rows.next();
                        counts.put(service.name() + "." + table, rows.getLong(1));
                    }
                }
            }
        }
        return counts;
    }

    private static List<String> tables(Connection db) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement select = db.prepareStatement("select quote_ident(table_name) from information_schema.tables"
                + " where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history'");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }
}
