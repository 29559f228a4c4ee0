package io.outpost.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs Outpost's services as real processes (their packaged {@code quarkus-app} jars) on a
 * {@link Devstack}: the local run and the system tests start the suite the same way.
 */
public final class ServiceProcesses implements AutoCloseable {

    /** The services in start order, with their default HTTP ports. */
    public static final Map<String, Integer> DEFAULT_PORTS = defaultPorts();

    /** The web console: an application like the services, but with no database and no Kafka topic of its own. */
    public static final String CONSOLE = "console";
    /** The console's default port: the address the realm's console client may redirect to (devstack {@link Keycloak}). */
    public static final int CONSOLE_DEFAULT_PORT = 8080;
    /** The services the console calls, by the name of its REST client ({@code quarkus.rest-client.<name>.url}). */
    static final List<String> CONSOLE_BACKENDS = List.of("case-service", "routing-service", "crm-link-service");

    /** The JVM options every service process gets unless {@link #JVM_OPTIONS_PROPERTY} says otherwise. */
    public static final String DEFAULT_JVM_OPTIONS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    public static final String JVM_OPTIONS_PROPERTY = "outpost.service.jvm-options";

    /** One running service. */
    public record Service(String name, int port, Process process, Path log) {
        public String url() {
            // The console by the name its realm client's redirect URIs use, so that the browser's cookies and
            // Keycloak's redirect back agree on one origin.
            return (CONSOLE.equals(name) ? "http://localhost:" : "http://127.0.0.1:") + port;
        }
    }

    private final List<Service> services = new ArrayList<>();

    /**
     * The service processes die with the JVM that started them, also when it is killed hard
     * (SIGKILL, a closed terminal): on Linux each is started through util-linux' {@code setpriv
     * --pdeathsig TERM}, which asks the kernel ({@code prctl(PR_SET_PDEATHSIG)}) to send the process
     * SIGTERM when its parent dies and then execs the service's {@code java} (same pid, so {@link
     * Process#destroy()}, {@code jcmd <pid>} and the pid files see the service itself). SIGTERM, not
     * SIGKILL: the service shuts down as on Ctrl-C (measured: all five gone 6 s after the local run's
     * JVM was killed, their broker with it). Chosen because it needs nothing but a standard Linux tool
     * (util-linux is essential in Debian) and no change to the services: a watchdog that reads the
     * service's stdin until it closes needs code in every service (or a Java agent); a wrapper shell
     * that waits on a pipe and kills the service stands between {@link Process} and the service; JDK 17
     * cannot call {@code prctl} between fork and exec. Without {@code setpriv} (not Linux) processes
     * start directly, and the local run stops those a killed run left at its next start.
     * <p>
     * The kernel sends the signal when the <em>thread</em> that forked the process ends, not the
     * whole JVM: every process is therefore started from {@link #LAUNCHER}, one daemon thread that
     * lives as long as the JVM, never from a caller's thread (a test's or a pool's, which may end
     * while the service should go on running).
     */
    private static final Optional<String> PARENT_DEATH_SIGNAL_WRAPPER = parentDeathSignalWrapper();

    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "outpost-process-launcher");
        thread.setDaemon(true);
        return thread;
    });

    /** The property naming the public address of the services that serve customer-facing pages. */
    private static final Map<String, String> PUBLIC_BASE_URL_PROPERTIES = Map.of(
            "survey-service", "outpost.survey.public-base-url",
            "crm-link-service", "outpost.crm-link.consent.page-base-url");

    private static Map<String, Integer> defaultPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("ingest-service", 8081);
        ports.put("case-service", 8082);
        ports.put("routing-service", 8083);
        ports.put("survey-service", 8084);
        ports.put("crm-link-service", 8085);
        return ports;
    }

    /** The project root: the nearest directory upwards holding {@code mvnw} and the service modules. */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("ingest-service"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("not inside the Outpost project (no mvnw and ingest-service above "
                + Path.of("").toAbsolutePath() + ")");
    }

    /**
     * Starts every service as a child process.
     *
     * @param devstack   the infrastructure
     * @param root       the project root (jars under {@code <service>/target/quarkus-app})
     * @param ports      HTTP port per service
     * @param extraConfig configuration passed to every service on top of the devstack's
     * @param logDir     where each service's output goes
     */
    public static ServiceProcesses start(Devstack devstack, Path root, Map<String, Integer> ports,
            Map<String, String> extraConfig, Path logDir) {
        ServiceProcesses processes = new ServiceProcesses();
        try {
            Files.createDirectories(logDir);
            for (Map.Entry<String, Integer> entry : ports.entrySet()) {
                processes.services.add(launch(devstack, root, entry.getKey(), entry.getValue(), extraConfig, logDir));
            }
            return processes;
        } catch (IOException | RuntimeException e) {
            processes.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * Starts the web console beside the running services: it signs people in with {@code keycloak}'s realm (as the
     * realm's {@code outpost-console} client, whose redirect URIs must name this port), calls case-, routing- and
     * crm-link-service with the signed-in person's token, and reads the devstack's Kafka for its live updates. It
     * joins {@link #services()}, so {@link #awaitReady} and {@link #close} include it.
     */
    public Service startConsole(Devstack devstack, Path root, int port, Keycloak keycloak, Path logDir) {
        Service console = launchConsole(devstack, root, port, keycloak, this, logDir);
        services.add(console);
        return console;
    }

    /**
     * As {@link #startConsole}, the console in processes of its own: {@code backends}' {@link #services()} stay the
     * five services (the system tests walk them: databases, OpenAPI documents, restarts).
     */
    public static ServiceProcesses startConsoleApart(Devstack devstack, Path root, int port, Keycloak keycloak,
            ServiceProcesses backends, Path logDir) {
        ServiceProcesses apart = new ServiceProcesses();
        apart.services.add(launchConsole(devstack, root, port, keycloak, backends, logDir));
        return apart;
    }

    private static Service launchConsole(Devstack devstack, Path root, int port, Keycloak keycloak, ServiceProcesses backends,
            Path logDir) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", devstack.kafka().bootstrapServers());
        config.put("quarkus.oidc.auth-server-url", keycloak.issuer());
        config.put("quarkus.oidc.client-id", Keycloak.CONSOLE_CLIENT);
        config.put("quarkus.oidc.credentials.secret", keycloak.consoleSecret());
        for (String backend : CONSOLE_BACKENDS) {
            config.put("quarkus.rest-client." + backend + ".url", backends.service(backend).url());
        }
        try {
            return launch(root, CONSOLE, port, config, logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Service launch(Devstack devstack, Path root, String name, int port, Map<String, String> extraConfig,
            Path logDir) throws IOException {
        Map<String, String> config = new LinkedHashMap<>(devstack.serviceConfig(name));
        // Customer-facing pages: their links are signed with the devstack's key and point at
        // the service's own address (in a cluster, the public URL from the Helm values).
        config.put("outpost.links.secret", devstack.linkSecret());
        String publicBaseUrl = PUBLIC_BASE_URL_PROPERTIES.get(name);
        if (publicBaseUrl != null) {
            config.put(publicBaseUrl, "http://localhost:" + port);
        }
        config.putAll(extraConfig);
        return launch(root, name, port, config, logDir);
    }

    private static Service launch(Path root, String name, int port, Map<String, String> serviceConfig, Path logDir)
            throws IOException {
        Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -DskipTests install)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Five services and the infrastructure share a small machine: modest heaps, the serial GC.
        // outpost.service.jvm-options replaces these (for measuring other settings).
        command.addAll(List.of(System.getProperty(JVM_OPTIONS_PROPERTY, DEFAULT_JVM_OPTIONS).trim().split("\\s+")));
        // A class-data archive, when the build made one (-Dquarkus.package.jar.appcds.enabled=true):
        // the service's classes mapped ready-parsed instead of loaded and verified one by one.
        Path classArchive = jar.resolveSibling("app-cds.jsa");
        if (Files.exists(classArchive)) {
            command.add("-XX:SharedArchiveFile=" + classArchive);
            command.add("-Xshare:auto");
        }
        command.add("-Djava.io.tmpdir=" + logDir.resolve("tmp").resolve(name));
        Files.createDirectories(logDir.resolve("tmp").resolve(name));
        Map<String, String> config = new LinkedHashMap<>(serviceConfig);
        config.put("quarkus.http.port", String.valueOf(port));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Path log = logDir.resolve(name + ".log");
        Process process = startTiedToThisJvm(new ProcessBuilder(command)
                .directory(root.resolve(name).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
        return new Service(name, port, process, log);
    }

    /** Whether {@link #startTiedToThisJvm} processes die with this JVM (Linux with util-linux' setpriv). */
    public static boolean diesWithThisJvm() {
        return PARENT_DEATH_SIGNAL_WRAPPER.isPresent();
    }

    /**
     * Starts a process that gets SIGTERM when this JVM dies, however it dies (see
     * {@link #PARENT_DEATH_SIGNAL_WRAPPER}); an ordinary child process where that is not available.
     * The builder's command is prefixed with the wrapper; its directory, environment and redirects apply.
     */
    public static Process startTiedToThisJvm(ProcessBuilder builder) throws IOException {
        if (PARENT_DEATH_SIGNAL_WRAPPER.isPresent()) {
            List<String> command = new ArrayList<>(List.of(PARENT_DEATH_SIGNAL_WRAPPER.get(), "--pdeathsig", "TERM", "--"));
            command.addAll(builder.command());
            builder.command(command);
        }
        ProcessBuilder toStart = builder;
        try {
            return LAUNCHER.submit(toStart::start).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("could not start " + toStart.command(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + toStart.command(), e);
        }
    }

    /** util-linux' setpriv when it can set the parent-death signal (2.33 and later), looked up on the PATH. */
    private static Optional<String> parentDeathSignalWrapper() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path setpriv = Path.of(dir.isEmpty() ? "." : dir, "setpriv");
            if (Files.isExecutable(setpriv)) {
                try {
                    Process help = new ProcessBuilder(setpriv.toString(), "--help").redirectErrorStream(true).start();
                    String text = new String(help.getInputStream().readAllBytes());
                    help.waitFor(5, TimeUnit.SECONDS);
                    return text.contains("--pdeathsig") ? Optional.of(setpriv.toString()) : Optional.empty();
                } catch (IOException e) {
                    return Optional.empty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    public List<Service> services() {
        return List.copyOf(services);
    }

    public Service service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    /** Waits until every service reports ready ({@code /q/health/ready} answers 200). */
    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Service service : services) {
            while (!isReady(http, service)) {
                if (!service.process().isAlive()) {
                    throw new IllegalStateException(service.name() + " exited with " + service.process().exitValue()
                            + "; see " + service.log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.name() + " not ready after " + timeout + "; see " + service.log());
                }
                sleep(250);
            }
        }
        // A ready answer proves only that something serves the port: a service that could not bind it
        // (taken meanwhile by another process) has exited while the other process answered for it.
        for (Service service : services) {
            if (!service.process().isAlive()) {
                throw new IllegalStateException(service.name() + " exited with " + service.process().exitValue()
                        + " although its port " + service.port() + " answers (taken by another process?); see " + service.log());
            }
        }
    }

    static boolean isReady(HttpClient http, Service service) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops every service: SIGTERM, then SIGKILL for any that has not exited within 20 s. */
    @Override
    public void close() {
        for (Service service : services) {
            service.process().destroy();
        }
        for (Service service : services) {
            try {
                if (!service.process().waitFor(20, TimeUnit.SECONDS)) {
                    service.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                service.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
