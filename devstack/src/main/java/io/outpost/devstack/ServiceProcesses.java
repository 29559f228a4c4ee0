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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Outpost's services as real processes (their packaged {@code quarkus-app} jars) on a
 * {@link Devstack}: the local run and the system tests start the suite the same way.
 */
public final class ServiceProcesses implements AutoCloseable {

    /** The services in start order, with their default HTTP ports. */
    public static final Map<String, Integer> DEFAULT_PORTS = defaultPorts();

    /** The JVM options every service process gets unless {@link #JVM_OPTIONS_PROPERTY} says otherwise. */
    public static final String DEFAULT_JVM_OPTIONS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    public static final String JVM_OPTIONS_PROPERTY = "outpost.service.jvm-options";

    /** One running service. */
    public record Service(String name, int port, Process process, Path log) {
        public String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    private final List<Service> services = new ArrayList<>();

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

    private static Service launch(Devstack devstack, Path root, String name, int port, Map<String, String> extraConfig,
            Path logDir) throws IOException {
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
        Map<String, String> config = new LinkedHashMap<>(devstack.serviceConfig(name));
        config.put("quarkus.http.port", String.valueOf(port));
        // Customer-facing pages: their links are signed with the devstack's key and point at
        // the service's own address (in a cluster, the public URL from the Helm values).
        config.put("outpost.links.secret", devstack.linkSecret());
        String publicBaseUrl = PUBLIC_BASE_URL_PROPERTIES.get(name);
        if (publicBaseUrl != null) {
            config.put(publicBaseUrl, "http://localhost:" + port);
        }
        config.putAll(extraConfig);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .directory(root.resolve(name).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new Service(name, port, process, log);
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
