package io.outpost.system;

import io.outpost.devstack.Devstack;
import io.outpost.devstack.ChannelSandbox;
import io.outpost.devstack.FreePorts;
import io.outpost.devstack.Keycloak;
import io.outpost.devstack.LocalChannels;
import io.outpost.devstack.ServiceProcesses;
import io.outpost.devstack.Postgres;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole suite as its operators run it: devstack's Kafka and PostgreSQL, the five packaged
 * services as separate processes on free ports, and the channel sandbox standing in for X and
 * Meta (as in the local run: replies, survey invitations and consent requests are "delivered"
 * there and can be counted). Started once per test JVM.
 */
final class RunningSuite {

    private static RunningSuite instance;

    final Devstack devstack;
    final ServiceProcesses services;
    final Duration startTime;
    /** ingest-service's webhook secrets for this run: the tests sign deliveries as X and Meta would. */
    final String xConsumerSecret;
    final String metaAppSecret;
    final String metaVerifyToken;
    /** X's and Meta's send APIs: what ingest-service sent, each message once per send. */
    final ChannelSandbox sandbox;
    /**
     * Where the services send their traces: tracing is on in the suite, as in a cluster with a collector
     * (service-kit switches it on when an OTLP endpoint is set), so one post's journey is one trace.
     */
    final OtlpSink traces;
    /**
     * The echoes of what the sandbox accepts, back to ingest-service's webhooks as X and Meta send them; off unless a
     * test switches them on ({@link #echoes(boolean)}): the other tests' counts and scans assume none.
     */
    final io.outpost.devstack.PlatformEchoes echoes;
    /**
     * The realm people sign in with (Outpost's realm export, demo users per role): the services accept its tokens
     * beside the tests' own ({@link Devstack#useIdentityProvider(String, boolean)}), as the console needs.
     */
    final Keycloak keycloak;
    /** The console's port, fixed before the realm is created (its client's redirect URIs name it). */
    private final int consolePort;
    /** The console, apart from {@link #services} (the tests that walk the five services leave it out). */
    private ServiceProcesses console;
    /** Services restarted by a fault test: their new process, stopped with the rest at the end. */
    private final Map<String, Process> restarted = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * X's documented rules, except under the opt-in soak: it answers several hundred tweets an hour from one
     * local account, past X's 100 posts per 15 minutes per user (a volume a brand spreads over handles or a
     * higher access tier). ingest-service waits for X's window when X says it is spent (its README, "X's fixed
     * windows"), so at the soak's volume the documented limit would hold replies for minutes, past the soak's
     * deadlines for a conversation.
     */
    private static io.outpost.devstack.XRules xRules() {
        io.outpost.devstack.XRules documented = io.outpost.devstack.XRules.documented();
        if (!Boolean.getBoolean("outpost.system.soak")) {
            return documented;
        }
        return documented.withTweetLimit(100_000, documented.tweets().window())
                .withDirectMessageLimit(100_000, documented.directMessages().window());
    }

    private RunningSuite(Devstack devstack, ServiceProcesses services, ChannelSandbox sandbox, OtlpSink traces,
            Duration startTime, Map<String, String> secrets, Keycloak keycloak, int consolePort) {
        this.keycloak = keycloak;
        this.consolePort = consolePort;
        this.echoes = new io.outpost.devstack.PlatformEchoes(services.service("ingest-service").url(),
                secrets.get("outpost.x.consumer-secret"), secrets.get("outpost.meta.app-secret"));
        this.devstack = devstack;
        this.sandbox = sandbox;
        this.traces = traces;
        this.services = services;
        this.startTime = startTime;
        this.xConsumerSecret = secrets.get("outpost.x.consumer-secret");
        this.metaAppSecret = secrets.get("outpost.meta.app-secret");
        this.metaVerifyToken = secrets.get("outpost.meta.verify-token");
    }

    static synchronized RunningSuite get() {
        if (instance == null) {
            Path target = Path.of("target").toAbsolutePath();
            Path home = target.resolve("system-devstack");
            long started = System.nanoTime();
            Devstack.deleteRecursively(home);
            Devstack devstack = Devstack.at(home, 0, 0);
            ServiceProcesses services = null;
            ChannelSandbox sandbox = null;
            OtlpSink traces = null;
            Keycloak keycloak = null;
            int consolePort = FreePorts.pick();
            // Keycloak takes longest to come up: it starts beside Kafka and PostgreSQL.
            CompletableFuture<Keycloak> identity = CompletableFuture.supplyAsync(() -> Keycloak.start(home.resolve("keycloak"), 0,
                    Keycloak.freshSecrets("http://localhost:" + consolePort)));
            // Random per run, as the local run does: no fixed secret in the repository signs anything.
            Map<String, String> secrets = Map.of("outpost.x.consumer-secret", randomHex(), "outpost.meta.app-secret", randomHex(),
                    "outpost.meta.verify-token", randomHex());
            try {
                devstack.start();
                keycloak = identity.join();
                devstack.useIdentityProvider(keycloak.issuer(), true);
                sandbox = LocalChannels.startSandbox(0, secrets.get("outpost.meta.app-secret"), xRules());
                Map<String, String> config = new LinkedHashMap<>(secrets);
                config.putAll(LocalChannels.ingestConfig(sandbox.baseUrl()));
                // Surveys go out as soon as a case is resolved (production waits an hour), so the fault
                // tests' conversations include a survey sent and answered within seconds.
                config.put("outpost.survey.delay-after-resolution", "0s");
                config.put("outpost.survey.sender.every", "1s");
                // ingest-service's X bucket is one per account for tweets and DMs together, 100 per 15 minutes by
                // default; X's own limits are per endpoint (100 tweets and 200 DMs per 15 minutes per user, which the
                // sandbox enforces). The conversation replay answers up to 84 tweets and surveys up to 68 customers
                // from one brand account within two minutes: the bucket is the sum of X's two limits here.
                config.put("outpost.outbound.rate-limits.x.permits", "300");
                // Tracing on (TraceContextTest): an OTLP endpoint switches it on; only the endpoint is set, so
                // the run also shows that switch working in the packaged services. Spans go out every second.
                traces = OtlpSink.start();
                config.put("quarkus.otel.exporter.otlp.traces.endpoint", traces.url());
                config.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
                config.put("quarkus.otel.bsp.schedule.delay", "1s");
                Map<String, Integer> ports = new LinkedHashMap<>();
                ServiceProcesses.DEFAULT_PORTS.keySet().forEach(name -> ports.put(name, FreePorts.pick()));
                services = ServiceProcesses.start(devstack, ServiceProcesses.projectRoot(), ports, config,
                        target.resolve("system-logs"));
                // A deadline, not progress: five JVMs starting at once took 43-166 s on this 2-core
                // machine under load (one CI-like run lost 3 minutes to two other suites beside it).
                services.awaitReady(Duration.ofMinutes(6));
                // First, so that they are the channels' oldest accounts: the ones a reply without an account uses.
                LocalChannels.register(services.service("ingest-service").url(),
                        devstack.tokens().token("system-admin", Duration.ofHours(1), "admin"));
            } catch (RuntimeException | java.io.IOException | InterruptedException e) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                if (services != null) {
                    services.close();
                }
                if (sandbox != null) {
                    sandbox.close();
                }
                if (traces != null) {
                    traces.close();
                }
                identity.thenAccept(Keycloak::close);
                devstack.close();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException("the suite did not start", cause);
            }
            instance = new RunningSuite(devstack, services, sandbox, traces, Duration.ofNanos(System.nanoTime() - started),
                    secrets, keycloak, consolePort);
            System.out.printf("system-tests: infrastructure and five services ready in %d ms%n", instance.startTime.toMillis());
            RunningSuite suite = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                suite.restarted.values().forEach(Process::destroy);
                suite.services.close();
                suite.closeConsole();
                suite.sandbox.close();
                try {
                    suite.echoes.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                suite.traces.close();
                suite.keycloak.close();
                suite.devstack.close();
            }, "system-tests-stop"));
        }
        return instance;
    }

    /**
     * Switches the platforms' echoes on (as the local run has them: every tweet, DM, Messenger message and Facebook
     * comment the sandbox accepts comes back to ingest's webhooks, signed) or off.
     */
    void echoes(boolean on) {
        sandbox.echoTo(on ? echoes : null, io.outpost.devstack.LocalChannels.META_PAGE_ID);
    }

    /**
     * The web console's address, started on first use (only the console's tests need it; the other tests keep their
     * CPU): signing in with the realm, calling the suite's services with the person's own token.
     */
    synchronized String consoleUrl() {
        if (console == null) {
            Path target = Path.of("target").toAbsolutePath();
            console = ServiceProcesses.startConsoleApart(devstack, ServiceProcesses.projectRoot(), consolePort, keycloak,
                    services, target.resolve("system-logs"));
            // Only the console: a service a fault test restarted is not the process services() holds.
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            ServiceProcesses.Service process = console.service(ServiceProcesses.CONSOLE);
            while (Exchanges.fetch(process.url() + "/q/health/ready", null) == null) {
                if (!process.process().isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the console did not become ready; see " + process.log());
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
        return console.service(ServiceProcesses.CONSOLE).url();
    }

    /** The console's process (started by {@link #consoleUrl()}): the console benchmark reads its CPU and RSS. */
    synchronized Process consoleProcess() {
        consoleUrl();
        return console.service(ServiceProcesses.CONSOLE).process();
    }

    private synchronized void closeConsole() {
        if (console != null) {
            console.close();
        }
    }

    String url(String service) {
        return services.service(service).url();
    }

    String token(String role) {
        return devstack.tokens().token("system-" + role, Duration.ofHours(1), role);
    }

    String token(String user, String role) {
        return devstack.tokens().token(user, Duration.ofHours(1), role);
    }

    /**
     * Kills a service with SIGKILL (no shutdown, no flush, as a crashed node) and starts it again with
     * the same command line, port and log. Returns when the old process is gone; see {@link #awaitReady}.
     */
    void killAndRestart(String service) throws java.io.IOException, InterruptedException {
        ServiceProcesses.Service running = services.service(service);
        Process process = restarted.getOrDefault(service, running.process());
        List<String> command = new java.util.ArrayList<>();
        command.add(process.info().command().orElseThrow());
        command.addAll(List.of(process.info().arguments().orElseThrow()));
        process.destroyForcibly();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException(service + " survived SIGKILL");
        }
        // Tied to this JVM as the first start was: a test JVM killed hard leaves no service behind.
        Process next = ServiceProcesses.startTiedToThisJvm(new ProcessBuilder(command)
                .directory(ServiceProcesses.projectRoot().resolve(service).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(running.log().toFile())));
        restarted.put(service, next);
    }

    /** The service's current process (the restarted one after {@link #killAndRestart}). */
    Process process(String service) {
        return restarted.getOrDefault(service, services.service(service).process());
    }

    /**
     * Freezes a service with SIGSTOP (as a stalled node or a long stop-the-world pause: its sockets
     * stay open, its consumers stop heartbeating) until {@link #resume}.
     */
    void pause(String service) throws java.io.IOException, InterruptedException {
        signal(service, "STOP");
    }

    void resume(String service) throws java.io.IOException, InterruptedException {
        signal(service, "CONT");
    }

    private void signal(String service, String signal) throws java.io.IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process(service).pid())).inheritIO().start();
        if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + service + " failed");
        }
    }

    /** Waits until every service, restarted ones included, answers {@code /q/health/ready} with 200. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ServiceProcesses.Service service : services.services()) {
            while (Exchanges.fetch(service.url() + "/q/health/ready", null) == null) {
                Process process = restarted.getOrDefault(service.name(), service.process());
                if (!process.isAlive()) {
                    throw new IllegalStateException(service.name() + " exited; see " + service.log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.name() + " not ready after " + timeout + "; see " + service.log());
                }
                Thread.sleep(200);
            }
        }
    }

    /** The HTTP status of a service's {@code /q/health/ready} (-1: no answer, e.g. the process is down). */
    int readiness(String service) {
        return Exchanges.send(new Exchanges.Call("ready " + service, "GET", url(service) + "/q/health/ready", Map.of(), null,
                null)).status();
    }

    /** A JDBC connection to a service's own database (the sweeps check what was written). */
    Connection database(String service) throws SQLException {
        String database = Devstack.DATABASES.get(service);
        if (database == null) {
            throw new IllegalArgumentException("no database for " + service);
        }
        return DriverManager.getConnection(devstack.postgres().jdbcUrl(database), Postgres.USER, Postgres.PASSWORD);
    }

    private static String randomHex() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
