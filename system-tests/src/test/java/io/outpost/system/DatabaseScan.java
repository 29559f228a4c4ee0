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
