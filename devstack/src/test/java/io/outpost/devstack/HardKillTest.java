package io.outpost.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A local run killed hard (SIGKILL, a closed terminal) leaves nothing that stops the next one: the
 * PostgreSQL it started (in a session of its own, so it outlives its JVM) is recognised by its data
 * directory and stopped cleanly, its service processes die with it, and what is not ours is left alone.
 */
class HardKillTest {

    private static final Path HOME = Path.of("target", "hard-kill-test").toAbsolutePath();

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killWhatWasStarted() {
        for (Process process : started) {
            process.destroyForcibly();
        }
        // A test that failed half-way may leave its server behind (it outlives its JVM by design).
        Postgres.stopLeftover(HOME.resolve("postgres"), Duration.ofSeconds(30));
    }

    @Test
    void aServerLeftByAKilledJvmIsStoppedCleanlyAtTheNextStartAndKeepsItsData() throws Exception {
        Path dataDir = HOME.resolve("postgres");
        Path binDir = HOME.resolve("postgres-bin");
        Devstack.deleteRecursively(dataDir);
        Process owner = fixture("postgres", dataDir.toString(), binDir.toString());
        int port = Integer.parseInt(firstLine(owner, "ready ").substring("ready ".length()));
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/hard_kill";
        try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("create table kept(v text)");
            s.execute("insert into kept values ('written before the kill')");
        }
        long serverPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());

        // While the JVM that started it lives, the server is not a leftover.
        assertThatThrownBy(() -> Postgres.stopLeftover(dataDir, Duration.ofSeconds(30)))
                .hasMessageContaining("still running");
        // A postmaster.pid elsewhere naming this server does not make it ours.
        Path otherDir = HOME.resolve("other-data");
        Files.createDirectories(otherDir);
        Files.write(otherDir.resolve("postmaster.pid"), List.of(Long.toString(serverPid), otherDir.toString()));
        assertThat(Postgres.stopLeftover(otherDir, Duration.ofSeconds(30))).isEmpty();
        assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive)).contains(true);

        owner.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive)).as("the server outlives its JVM").contains(true);
        assertThat(FreePorts.isFree(port)).isFalse();

        Optional<String> done = Postgres.stopLeftover(dataDir, Duration.ofSeconds(30));

        assertThat(done).hasValueSatisfying(d -> assertThat(d).startsWith("Stopped PostgreSQL (pid " + serverPid + ", port " + port + ")"));
        assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();
        assertThat(FreePorts.isFree(port)).isTrue();
        assertThat(Postgres.stopLeftover(dataDir, Duration.ofSeconds(30))).isEmpty();

        Postgres again = new Postgres(dataDir, binDir, 0).start();
        try (Connection c = DriverManager.getConnection(again.jdbcUrl("hard_kill"), Postgres.USER, Postgres.PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select v from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("written before the kill");
            // This JVM's own server is never a leftover.
            assertThatThrownBy(() -> Postgres.stopLeftover(dataDir, Duration.ofSeconds(30))).hasMessageContaining("still running");
        } finally {
            again.stop();
        }
    }

    @Test
    void aStalePidFileWhosePidNowBelongsToAnotherProgramIsRemoved() throws Exception {
        Path dataDir = HOME.resolve("stale");
        Devstack.deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        long notPostgres = ProcessHandle.current().pid();
        Files.write(dataDir.resolve("postmaster.pid"), List.of(Long.toString(notPostgres), dataDir.toString()));

        assertThat(Postgres.stopLeftover(dataDir, Duration.ofSeconds(5))).hasValueSatisfying(d -> assertThat(d).startsWith("Removed a stale"));
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void aProcessStartedTiedToAJvmDiesWithItButNotWithTheThreadThatStartedIt() throws Exception {
        assumeTrue(ServiceProcesses.diesWithThisJvm(), "needs Linux with util-linux' setpriv");
        Process parent = fixture("child");
        long childPid = Long.parseLong(firstLine(parent, "child ").substring("child ".length()));
        ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
        assertThat(child.info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("sleep"));

        Thread.sleep(500); // the thread that asked for it has ended: the child must not care
        assertThat(child.isAlive()).isTrue();

        parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(child.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get()).as("the child exits with its parent")
                .isNotNull();
    }

    @Test
    void theNextLocalRunStopsItsLeftServiceProcessesAndNothingElse() throws Exception {
        Path root = HOME.resolve("root");
        Devstack.deleteRecursively(root);
        Path home = root.resolve(".outpost");
        Files.createDirectories(home);
        Path jar = root.resolve("case-service/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor(10, TimeUnit.SECONDS);
        Process service = track(new ProcessBuilder("tail", "-f", jar.toString()).start()); // its command line names the jar
        Process unrelated = track(new ProcessBuilder("sleep", "600").start());
        Files.write(home.resolve("run.pid"), List.of(Long.toString(exited.pid()), Long.toString(service.pid()),
                Long.toString(unrelated.pid())));

        LocalRun.stopLeftovers(root, home, home.resolve("data"));

        assertThat(service.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(unrelated.isAlive()).isTrue();
        assertThat(home.resolve("run.pid")).doesNotExist();
    }

    @Test
    void aLocalRunThatStillRunsIsNotTouched() throws Exception {
        Path root = HOME.resolve("running");
        Devstack.deleteRecursively(root);
        Path home = root.resolve(".outpost");
        Files.createDirectories(home);
        Path named = root.resolve(LocalRun.class.getName());
        Files.writeString(named, "");
        Process run = track(new ProcessBuilder("tail", "-f", named.toString()).start()); // looks like a LocalRun
        Files.write(home.resolve("run.pid"), List.of(Long.toString(run.pid())));

        assertThatThrownBy(() -> LocalRun.stopLeftovers(root, home, home.resolve("data")))
                .hasMessageContaining("already running (pid " + run.pid() + ")");
        assertThat(run.isAlive()).isTrue();
        assertThat(home.resolve("run.pid")).exists();
    }

    private Process track(Process process) {
        started.add(process);
        return process;
    }

    /** A JVM running {@link HardKillFixture} on this test's classpath. */
    private Process fixture(String... args) throws IOException {
        Files.createDirectories(HOME.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Djava.io.tmpdir=" + HOME.resolve("tmp"),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                HardKillFixture.class.getName()));
        command.addAll(List.of(args));
        return track(new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(HOME.resolve("fixture-" + args[0] + ".log").toFile()))
                .start());
    }

    /** The first line of the fixture's output that starts with {@code prefix}, within 60 s. */
    private static String firstLine(Process process, String prefix) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                throw new IllegalStateException("the fixture exited without printing '" + prefix + "'; see " + HOME);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return line.get(60, TimeUnit.SECONDS);
    }
}
