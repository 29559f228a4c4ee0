package io.outpost.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL server (zonky's embedded binaries: PostgreSQL 18), one database per service.
 * The data directory survives a {@link #stop()}, so the local run keeps its data across restarts
 * and a test can restart the database under a running service.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final Path dataDir;
    private final Path workDir;
    private final int port;
    private EmbeddedPostgres server;

    public Postgres(Path dataDir, Path workDir, int port) {
        this.dataDir = dataDir;
        this.workDir = workDir;
        this.port = port == 0 ? FreePorts.pick() : port;
    }

    public int port() {
        return port;
    }

    /** Set to true (a system property) to collect per-statement statistics. */
    public static final String STATEMENT_STATISTICS_PROPERTY = "outpost.devstack.statement-statistics";

    /**
     * The statements that took the most database time since the server started, most first, one
     * line each (database, calls, total and mean ms, rows, the statement's first 160 characters);
     * empty unless {@link #STATEMENT_STATISTICS_PROPERTY} was set when the server started.
     */
    public List<String> statementStatistics(int limit) {
        if (!Boolean.getBoolean(STATEMENT_STATISTICS_PROPERTY)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create extension if not exists pg_stat_statements");
            try (ResultSet r = s.executeQuery("select d.datname, p.calls, p.total_exec_time, p.mean_exec_time, p.rows,"
                    + " regexp_replace(p.query, '\\s+', ' ', 'g') from pg_stat_statements p join pg_database d on d.oid = p.dbid"
                    + " order by p.total_exec_time desc limit " + limit)) {
                while (r.next()) {
                    String query = r.getString(6);
                    lines.add(String.format("%-18s calls %8d  total %9.0f ms  mean %7.3f ms  rows %8d  %s", r.getString(1),
                            r.getLong(2), r.getDouble(3), r.getDouble(4), r.getLong(5),
                            query.length() > 160 ? query.substring(0, 160) + "…" : query));
                }
            }
        } catch (SQLException e) {
            lines.add("statement statistics unavailable: " + e.getMessage());
        }
        return lines;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public synchronized Postgres start() {
        if (server != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(workDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(workDir.toFile())
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on");
            if (Boolean.getBoolean(STATEMENT_STATISTICS_PROPERTY)) {
                // For benchmarks: which statements the database's time goes to (pg_stat_statements,
                // shipped with the embedded binaries; read it with statementStatistics()).
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .setServerConfig("pg_stat_statements.track", "all");
            }
            server = builder.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + dataDir, e);
        }
    }

    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Creates the database if it does not exist yet. */
    public void ensureDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name " + name);
        }
        try (Connection c = server.getPostgresDatabase().getConnection()) {
            try (PreparedStatement q = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("create database " + name);
                // zonky's server trusts local connections; a password lets clients that insist on one connect too.
                s.execute("alter user " + USER + " with password '" + PASSWORD + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }
}
