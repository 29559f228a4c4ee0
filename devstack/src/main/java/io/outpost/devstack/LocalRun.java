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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The local run: real Kafka, PostgreSQL and Keycloak (Outpost's realm, whose tokens the services
 * verify) and the five services as separate processes, until Ctrl-C or SIGTERM. Everything lives under {@code .outpost/}; data
 * survives a restart unless {@code --fresh} is given.
 */
public final class LocalRun {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private LocalRun() {
    }

    public static void main(String[] args) {
        try {
            run(List.of(args));
        } catch (Exception e) {
            System.err.println("Outpost did not start: " + e.getMessage());
            e.printStackTrace();
            // Exit explicitly: the broker's threads would keep the JVM (and, through the shutdown
            // hook that never runs, the services) alive.
            System.exit(1);
        }
    }

    private static void run(List<String> options) throws Exception {
        if (options.contains("--help") || options.contains("-h")) {
            System.out.println("""
                    usage: ./outpost-local [--fresh]
                      --fresh   start with empty databases and topics (and new tokens and secrets)
                    Ports (environment): OUTPOST_INGEST_PORT=8081 OUTPOST_CASE_PORT=8082 OUTPOST_ROUTING_PORT=8083
                      OUTPOST_SURVEY_PORT=8084 OUTPOST_CRM_LINK_PORT=8085 OUTPOST_KAFKA_PORT=19092 OUTPOST_POSTGRES_PORT=15432
                      OUTPOST_SANDBOX_PORT=8090 (the stand-in for X's and Meta's send APIs) OUTPOST_KEYCLOAK_PORT=8180
                      OUTPOST_CONSOLE_PORT=8080 (the web console; the realm lets it sign people in at this port only)""");
            return;
        }
        Path root = ServiceProcesses.projectRoot();
        Path home = root.resolve(".outpost");
        Path data = home.resolve("data");
        Files.createDirectories(home);
        stopLeftovers(root, home, data);
        if (options.contains("--fresh")) {
            Devstack.deleteRecursively(data);
        }

        Map<String, Integer> ports = new LinkedHashMap<>();
        ServiceProcesses.DEFAULT_PORTS.forEach((service, port) -> ports.put(service,
                envPort("OUTPOST_" + service.replace("-service", "").replace('-', '_').toUpperCase() + "_PORT", port)));
        int kafkaPort = envPort("OUTPOST_KAFKA_PORT", 19092);
        int postgresPort = envPort("OUTPOST_POSTGRES_PORT", 15432);
        int sandboxPort = envPort("OUTPOST_SANDBOX_PORT", 8090);
        int keycloakPort = envPort("OUTPOST_KEYCLOAK_PORT", 8180);
        // The console's address, named in the realm (its client's redirect URIs) before the console starts.
        int consolePort = envPort("OUTPOST_CONSOLE_PORT", ServiceProcesses.CONSOLE_DEFAULT_PORT);
        requireFree(ports, kafkaPort, postgresPort, sandboxPort, keycloakPort, consolePort);

        long started = System.nanoTime();
        System.out.println("Starting PostgreSQL on " + postgresPort + ", Kafka on " + kafkaPort + " and Keycloak on "
                + keycloakPort + " (data in " + data + ")");
        Devstack devstack = Devstack.at(data, kafkaPort, postgresPort);
        CountDownLatch stopped = new CountDownLatch(1);
        ServiceProcesses[] services = new ServiceProcesses[1];
        ChannelSandbox[] sandbox = new ChannelSandbox[1];
        Keycloak[] keycloak = new Keycloak[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Outpost...");
            if (services[0] != null) {
                services[0].close();
            }
            if (sandbox[0] != null) {
                sandbox[0].close();
            }
            if (keycloak[0] != null) {
                keycloak[0].close();
            }
            devstack.close();
            try {
                Files.deleteIfExists(home.resolve("run.pid"));
            } catch (IOException ignored) {
                // the next run checks whether the recorded process still lives
            }
            System.out.println("Stopped: no Outpost process left running.");
            stopped.countDown();
        }, "outpost-stop"));
        // Keycloak takes longest to come up (15-40 s): it starts beside Kafka and PostgreSQL.
        Map<String, String> realmSecrets = Keycloak.secrets(data.resolve("keycloak-secrets.properties"),
                "http://localhost:" + consolePort);
        CompletableFuture<Keycloak> identity = CompletableFuture.supplyAsync(
                () -> Keycloak.start(data.resolve("keycloak"), keycloakPort, realmSecrets));
        devstack.start();
        try {
            keycloak[0] = identity.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("Keycloak did not start: " + e.getCause().getMessage(), e.getCause());
        }
        // The services trust the realm's tokens, exactly as they would a cluster's Keycloak.
        devstack.useIdentityProvider(keycloak[0].issuer());

        Map<String, String> secrets = LocalSecrets.load(data.resolve("webhook-secrets.properties"),
                List.of("OUTPOST_META_APP_SECRET", "OUTPOST_META_VERIFY_TOKEN", "OUTPOST_X_CONSUMER_SECRET"),
                "local webhook secrets");
        Map<String, String> serviceConfig = new LinkedHashMap<>();
        serviceConfig.put("outpost.meta.app-secret", secrets.get("OUTPOST_META_APP_SECRET"));
        serviceConfig.put("outpost.meta.verify-token", secrets.get("OUTPOST_META_VERIFY_TOKEN"));
        serviceConfig.put("outpost.x.consumer-secret", secrets.get("OUTPOST_X_CONSUMER_SECRET"));
        // X's rules as documented; the OAuth tokens it issues are kept with the data, as ingest-service keeps them.
        sandbox[0] = LocalChannels.startSandbox(sandboxPort, secrets.get("OUTPOST_META_APP_SECRET"),
                XRules.documented().withTokenStore(data.resolve("channel-sandbox").resolve("x-tokens.json")));
        serviceConfig.putAll(LocalChannels.ingestConfig(sandbox[0].baseUrl()));

        System.out.println("Starting the five services and the console (logs in " + home.resolve("logs") + ")");
        services[0] = ServiceProcesses.start(devstack, root, ports, serviceConfig, home.resolve("logs"));
        services[0].startConsole(devstack, root, consolePort, keycloak[0], home.resolve("logs"));
        writePidFile(home, services[0]);
        services[0].awaitReady(READY_TIMEOUT);
        // The X accounts with OAuth 2.0 tokens the sandbox issued: ingest-service refreshes them as they expire.
        LocalChannels.registerWithOAuth(services[0].service("ingest-service").url(),
                keycloak[0].userToken("admin"), sandbox[0]);
        registerDemoAgents(services[0].service("routing-service").url(), keycloak[0].userToken("supervisor"));
        // What the sandbox accepts comes back through ingest's webhooks as X and Meta echo it, signed with the
        // run's webhook secrets: replies are confirmed by their echoes, as in production.
        sandbox[0].echoTo(new PlatformEchoes(services[0].service("ingest-service").url(),
                secrets.get("OUTPOST_X_CONSUMER_SECRET"), secrets.get("OUTPOST_META_APP_SECRET")), LocalChannels.META_PAGE_ID);
        // Meta's customers write through the sandbox (POST /sandbox/meta/customer-messages), which notes when, so that
        // its Send API can hold our answers to Meta's 24-hour window as Meta does.
        sandbox[0].metaCustomers().deliverTo(services[0].service("ingest-service").url());

        Path env = writeEnv(home, devstack, services[0], secrets, sandbox[0], keycloak[0]);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.println(banner(services[0], devstack, sandbox[0], keycloak[0], env, seconds));
        stopped.await();
    }

    private static String banner(ServiceProcesses services, Devstack devstack, ChannelSandbox sandbox, Keycloak keycloak,
            Path env, long seconds) {
        String table = services.services().stream().filter(s -> !s.name().equals(ServiceProcesses.CONSOLE))
                .map(s -> String.format("  %-17s %s   (OpenAPI %s/q/openapi, log %s)", s.name(), s.url(), s.url(),
                        s.log().getFileName()))
                .collect(Collectors.joining("\n"));
        String users = new TreeMap<>(Keycloak.DEMO_USERS).entrySet().stream()
                .map(u -> String.format("  %-17s %s / %s", u.getKey(), u.getValue(), keycloak.password(u.getKey())))
                .collect(Collectors.joining("\n"));
        users += String.format("%n  %-17s %s / %s", "agent (a second)", Keycloak.SECOND_AGENT, keycloak.secondAgentPassword());
        String console = services.service(ServiceProcesses.CONSOLE).url();
        return """

                Outpost is up (%d s).

                Sign in to the console: %s
                Demo users (role: username / password):
                %s

                The services (they accept the realm's tokens):
                %s
                  Kafka             %s
                  PostgreSQL        jdbc:postgresql://127.0.0.1:%d/  (user postgres, password postgres)
                  Keycloak          %s
                  Channel sandbox   %s/sandbox/messages  (what replies "sent" to X, Meta and the forum)
                                    POST /sandbox/meta/customer-messages: a Meta customer writes (devstack README)

                Tokens, URLs, users and webhook secrets: source %s
                Try:
                  source .outpost/local.env
                  curl -s -H "Authorization: Bearer $OUTPOST_TOKEN_SUPERVISOR" "$OUTPOST_ROUTING_URL/api/v1/agents"

                Ctrl-C stops everything.
                """.formatted(seconds, console, users, table, devstack.kafka().bootstrapServers(), devstack.postgres().port(),
                keycloak.issuer(), sandbox.baseUrl(), env);
    }

    /**
     * The demo agents ({@code local-agent}, {@code local-agent-2}) as routing-service's agents, so that signing in to
     * the console as one of them leads straight to work: presence, offers, the inbox. A run on kept data has them
     * already (409, left as is).
     */
    static void registerDemoAgents(String routingUrl, String supervisorToken) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, String> agents = Map.of(Keycloak.DEMO_USERS.get("agent"), "Jo Kim", Keycloak.SECOND_AGENT, "Ari Lee");
        for (Map.Entry<String, String> agent : new TreeMap<>(agents).entrySet()) {
            String body = """
                    {"username":"%s","displayName":"%s","team":"care","skills":{"billing":4,"shipping":3},
                     "languages":["en"],"channels":{"x":4,"facebook":4,"instagram":4,"messenger":4,"forum":4}}"""
                    .formatted(agent.getKey(), agent.getValue());
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(routingUrl + "/api/v1/agents"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + supervisorToken)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201 && response.statusCode() != 409) {
                throw new IllegalStateException("routing-service refused the demo agent " + agent.getKey() + " ("
                        + response.statusCode() + "): " + response.body());
            }
        }
    }

    private static Path writeEnv(Path home, Devstack devstack, ServiceProcesses services, Map<String, String> secrets,
            ChannelSandbox sandbox, Keycloak keycloak) throws IOException {
        Instant expires = Instant.now().plus(Keycloak.CLI_TOKEN_VALIDITY);
        StringBuilder env = new StringBuilder();
        env.append("# Written by ./outpost-local at ").append(Instant.now()).append(". The tokens are the Keycloak realm's,\n")
                .append("# valid until ").append(expires).append("; outpost_token ROLE prints a fresh one.\n");
        for (ServiceProcesses.Service s : services.services()) {
            String name = s.name().replace("-service", "").replace('-', '_').toUpperCase();
            env.append("export OUTPOST_").append(name).append("_URL=").append(s.url()).append('\n');
        }
        env.append("export OUTPOST_KEYCLOAK_URL=").append(keycloak.baseUrl()).append('\n');
        env.append("export OUTPOST_OIDC_ISSUER=").append(keycloak.issuer()).append('\n');
        new TreeMap<>(Keycloak.DEMO_USERS).forEach((role, username) -> env
                .append("export OUTPOST_USER_").append(role.toUpperCase()).append('=').append(username).append('\n')
                .append("export OUTPOST_PASSWORD_").append(role.toUpperCase()).append('=').append(keycloak.password(role))
                .append('\n'));
        env.append("export OUTPOST_USER_AGENT2=").append(Keycloak.SECOND_AGENT).append('\n')
                .append("export OUTPOST_PASSWORD_AGENT2=").append(keycloak.secondAgentPassword()).append('\n');
        env.append("export OUTPOST_INTEGRATION_CLIENT_ID=").append(Keycloak.INTEGRATION_CLIENT).append('\n');
        env.append("export OUTPOST_INTEGRATION_CLIENT_SECRET=").append(keycloak.integrationSecret()).append('\n');
        for (String role : List.of("admin", "supervisor", "agent")) {
            env.append("export OUTPOST_TOKEN_").append(role.toUpperCase()).append('=').append(keycloak.userToken(role))
                    .append('\n');
        }
        env.append("export OUTPOST_TOKEN_INTEGRATION=").append(keycloak.integrationToken()).append('\n');
        // A fresh token without restarting: the same grants as above, through curl.
        env.append("""
                outpost_token() {
                  local role="${1:?usage: outpost_token agent|supervisor|admin|integration}" user pass form
                  if [ "$role" = integration ]; then
                    form="grant_type=client_credentials&client_id=$OUTPOST_INTEGRATION_CLIENT_ID&client_secret=$OUTPOST_INTEGRATION_CLIENT_SECRET"
                  else
                    user="OUTPOST_USER_${role^^}"; pass="OUTPOST_PASSWORD_${role^^}"
                    form="grant_type=password&client_id=%s&username=${!user}&password=${!pass}"
                  fi
                  curl -s -d "$form" "$OUTPOST_OIDC_ISSUER/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\\1/'
                }
                """.formatted(Keycloak.CLI_CLIENT));
        secrets.forEach((key, value) -> env.append("export ").append(key).append('=').append(value).append('\n'));
        env.append("export OUTPOST_SANDBOX_URL=").append(sandbox.baseUrl()).append('\n');
        env.append("export OUTPOST_KAFKA_BOOTSTRAP=").append(devstack.kafka().bootstrapServers()).append('\n');
        env.append("export OUTPOST_POSTGRES_JDBC=jdbc:postgresql://127.0.0.1:").append(devstack.postgres().port()).append("/\n");
        Path file = home.resolve("local.env");
        Files.writeString(file, env.toString());
        return file;
    }

    /**
     * One local run at a time; what a run killed hard (SIGKILL, a closed terminal, a crash) left
     * running is stopped first. {@code .outpost/run.pid} names the run's own JVM and its service
     * processes: a live JVM there that is a {@code LocalRun} means another run is going on. Its service
     * processes normally died with it ({@link ServiceProcesses#startTiedToThisJvm}); any still alive
     * whose command line is one of this project's service jars gets SIGTERM, then SIGKILL after 20 s.
     * PostgreSQL, in a session of its own, outlives a killed run: {@link Postgres#stopLeftover}
     * recognises the server of {@code .outpost/data/postgres} by its pid file and stops it. A pid that
     * now belongs to another program is never signalled. Kafka runs inside the run's JVM and died
     * with it; its data is recovered at the next start like after a power cut.
     */
    static void stopLeftovers(Path root, Path home, Path data) throws IOException {
        Path pidFile = home.resolve("run.pid");
        if (Files.exists(pidFile)) {
            List<Long> pids = Files.readAllLines(pidFile).stream().map(String::trim).filter(l -> l.matches("\\d{1,10}"))
                    .map(Long::parseLong).toList();
            if (!pids.isEmpty()) {
                long runPid = pids.get(0);
                if (ProcessHandle.of(runPid).filter(p -> commandLineContains(p, LocalRun.class.getName())).isPresent()) {
                    throw new IllegalStateException("Outpost is already running (pid " + runPid
                            + "); stop it with Ctrl-C or kill " + runPid);
                }
                Map<ProcessHandle, String> left = new LinkedHashMap<>();
                for (long pid : pids.subList(1, pids.size())) {
                    ProcessHandle.of(pid).ifPresent(process -> java.util.stream.Stream.concat(
                            ServiceProcesses.DEFAULT_PORTS.keySet().stream(), java.util.stream.Stream.of(ServiceProcesses.CONSOLE))
                            .filter(service -> commandLineContains(process,
                                    root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar").toString()))
                            .findFirst().ifPresent(service -> left.put(process, service)));
                }
                System.out.println("An earlier run (pid " + runPid + ") ended without stopping: "
                        + (left.isEmpty() ? "its service processes have exited" : left.size() + " of its service processes still run"));
                left.keySet().forEach(ProcessHandle::destroy);
                left.forEach((process, service) -> {
                    boolean exited = process.onExit().completeOnTimeout(null, 20, TimeUnit.SECONDS).join() != null;
                    if (!exited) {
                        process.destroyForcibly();
                        process.onExit().join();
                    }
                    System.out.println((exited ? "Stopped " : "Killed ") + service + " (pid " + process.pid()
                            + ") left by the earlier run" + (exited ? "" : ": it had not exited 20 s after SIGTERM"));
                });
            }
            Files.delete(pidFile);
        }
        Postgres.stopLeftover(Devstack.postgresDataDir(data), Duration.ofSeconds(60)).ifPresent(System.out::println);
    }

    private static boolean commandLineContains(ProcessHandle process, String text) {
        return process.isAlive() && process.info().commandLine().map(c -> c.contains(text)).orElse(false);
    }

    private static void writePidFile(Path home, ServiceProcesses services) {
        StringBuilder pids = new StringBuilder().append(ProcessHandle.current().pid()).append('\n');
        services.services().forEach(s -> pids.append(s.process().pid()).append('\n'));
        try {
            Files.writeString(home.resolve("run.pid"), pids.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireFree(Map<String, Integer> ports, int kafkaPort, int postgresPort, int sandboxPort,
            int keycloakPort, int consolePort) {
        Map<String, Integer> all = new LinkedHashMap<>(ports);
        all.put("Console", consolePort);
        all.put("Channel sandbox", sandboxPort);
        all.put("Keycloak", keycloakPort);
        all.put("Kafka", kafkaPort);
        all.put("Kafka controller", kafkaPort + 1);
        all.put("PostgreSQL", postgresPort);
        String taken = all.entrySet().stream().filter(e -> !FreePorts.isFree(e.getValue()))
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        if (!taken.isEmpty()) {
            throw new IllegalStateException("ports in use: " + taken + " (override with OUTPOST_*_PORT, see --help)");
        }
    }

    private static int envPort(String name, int defaultPort) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'");
        }
    }
}
