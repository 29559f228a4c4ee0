package io.outpost.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL server (zonky's embedded binaries: PostgreSQL 18), one database per service.
 * The data directory survives a {@link #stop()}, so the local run keeps its data across restarts
 * and a test can restart the database under a running service.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    /** Data directories of the servers this JVM runs now (see {@link #heldByALiveProcess}). */
    private static final Set<Path> RUNNING_HERE = ConcurrentHashMap.newKeySet();

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
            RUNNING_HERE.add(dataDir.toAbsolutePath().normalize());
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
                RUNNING_HERE.remove(dataDir.toAbsolutePath().normalize());
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Stops a server that an earlier process left running on {@code dataDir} when it was killed hard
     * (SIGKILL, a closed terminal): {@code pg_ctl} starts the postmaster in a session of its own, so it
     * outlives the JVM that started it, keeps its port, and a new start on the same data directory
     * fails. The server is recognised by the data directory's {@code postmaster.pid}: the pid it names
     * must be a live {@code postgres} whose working directory (the postmaster changes into its data
     * directory) or command line is this data directory, and no live process may hold the data
     * directory's {@code epg-lock} (zonky's lock, held by the JVM that runs the server and released
     * by the operating system when that JVM dies). It gets PostgreSQL's fast shutdown (SIGINT: sessions
     * are ended, a checkpoint is written) and SIGKILL only if it has not exited within {@code timeout}.
     * A {@code postmaster.pid} naming a live process that is no PostgreSQL at all (its pid reused after
     * a reboot) is removed, since PostgreSQL would refuse to start next to it.
     *
     * @return what was done, empty when nothing was left
     * @throws IllegalStateException when the server belongs to a process that is still alive
     */
    public static Optional<String> stopLeftover(Path dataDir, Duration timeout) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d{1,10}")) {
            return Optional.empty(); // being written, or not PostgreSQL's: PostgreSQL's own checks apply
        }
        long pid = Long.parseLong(lines.get(0).trim());
        Optional<ProcessHandle> found = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (found.isEmpty()) {
            return Optional.empty(); // a stale file (a crash): PostgreSQL replaces it itself
        }
        ProcessHandle process = found.get();
        Optional<String> executable = process.info().command();
        if (executable.isPresent() && !Path.of(executable.get()).getFileName().toString().equals("postgres")) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Optional.of("Removed a stale " + pidFile + ": its pid " + pid + " is now " + executable.get());
        }
        if (!isPostmasterOf(process, dataDir)) {
            return Optional.empty(); // not recognisably ours: never touched
        }
        if (heldByALiveProcess(dataDir)) {
            throw new IllegalStateException("PostgreSQL (pid " + pid + ") in " + dataDir
                    + " belongs to a process that is still running; stop that process first");
        }
        String port = lines.size() > 3 ? lines.get(3).trim() : "?";
        signal(pid, "INT");
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.of("Stopped PostgreSQL (pid " + pid + ", port " + port + ") left running in " + dataDir
                    + " by an earlier run (fast shutdown)");
        } catch (TimeoutException e) {
            process.destroyForcibly();
            process.onExit().join();
            return Optional.of("Killed PostgreSQL (pid " + pid + ", port " + port + ") left running in " + dataDir
                    + " by an earlier run: it had not stopped " + timeout.toSeconds() + " s after a fast shutdown request");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL " + pid, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The postmaster's working directory is its data directory (Linux); elsewhere its command line names it. */
    private static boolean isPostmasterOf(ProcessHandle process, Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
            if (Files.isSymbolicLink(cwd)) {
                return Files.readSymbolicLink(cwd).equals(dir.toRealPath());
            }
        } catch (IOException e) {
            // not readable: fall back on the command line
        }
        return process.info().commandLine().map(c -> c.contains("postgres") && c.contains("-D " + dir + " ")).orElse(false);
    }

    /**
     * Whether a live process runs the server in {@code dataDir}: zonky locks {@code epg-lock} there for
     * as long as its server runs. This JVM's own servers are answered from memory: opening and closing
     * a second channel on a file this JVM has locked would release that lock.
     */
    private static boolean heldByALiveProcess(Path dataDir) {
        if (RUNNING_HERE.contains(dataDir.toAbsolutePath().normalize())) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(dataDir.resolve("epg-lock"), StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a signal by name; Java sends only SIGTERM and SIGKILL, the shell's kill any (a POSIX built-in). */
    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " \"$1\"", "sh", Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not signal PostgreSQL " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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
