package io.outpost.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Keycloak (the {@code keycloak-quarkus-dist} from Maven Central, run as a process with
 * {@code kc.sh start-dev}) holding Outpost's realm: the four roles, a demo user per person's role, the
 * console's client (authorization code with PKCE), the local command line's client and the
 * integration client. The realm is the repository's export ({@code keycloak/outpost-realm.json}) with
 * its placeholders filled in; it is created through the admin REST API once the server is up.
 *
 * <p>The distribution is unpacked and built once under {@code devstack/target/keycloak} by devstack's
 * Maven build; every instance shares that installation and keeps its own database (H2 file), temporary
 * files and transaction log under its own directory, so a test and the local run can both have one.
 */
public final class Keycloak implements AutoCloseable {

    public static final String VERSION = "26.7.3";
    public static final String REALM = "outpost";
    /** The public client whose password grant gives the local run's (and the tests') tokens. */
    public static final String CLI_CLIENT = "outpost-cli";
    public static final String CONSOLE_CLIENT = "outpost-console";
    public static final String INTEGRATION_CLIENT = "outpost-integration";
    /** The demo users, one per person's role, as the realm names them. */
    public static final Map<String, String> DEMO_USERS = Map.of(
            "agent", "local-agent", "supervisor", "local-supervisor", "admin", "local-admin");

    /** A second demo agent (a team of two: claiming, collisions, a case leaving a colleague's list). */
    public static final String SECOND_AGENT = "local-agent-2";

    /** How long the local command line's and the integration client's tokens last (the realm export's 43200 s). */
    public static final Duration CLI_TOKEN_VALIDITY = Duration.ofHours(12);

    /** The realm's secret placeholders: the demo users' passwords and the confidential clients' secrets. */
    private static final List<String> SECRET_KEYS = List.of("OUTPOST_PASSWORD_AGENT", "OUTPOST_PASSWORD_SUPERVISOR",
            "OUTPOST_PASSWORD_ADMIN", "OUTPOST_PASSWORD_AGENT2", "OUTPOST_CONSOLE_CLIENT_SECRET", "OUTPOST_INTEGRATION_CLIENT_SECRET");

    private static final ObjectMapper JSON = io.outpost.contracts.EventJson.newMapper();
    // A deadline: the first start after unpacking augments the server (20-40 s alone, 111 s measured at load 20).
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private static final String BOOTSTRAP_ADMIN = "bootstrap-admin";

    private final Path dir;
    private final int port;
    private final Map<String, String> secrets;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private Keycloak(Path dir, int port, Map<String, String> secrets) {
        this.dir = dir;
        this.port = port;
        this.secrets = secrets;
    }

    /**
     * Starts Keycloak on {@code port} (0: a free one) with its data in {@code dir}, and creates Outpost's
     * realm unless the data already has it. {@code secrets} fill the realm's placeholders (the demo users'
     * passwords, the clients' secrets, the console's URL; see {@link #secrets(Path, String)}).
     */
    public static Keycloak start(Path dir, int port, Map<String, String> secrets) {
        Keycloak keycloak = new Keycloak(dir, port == 0 ? FreePorts.pick() : port, Map.copyOf(secrets));
        keycloak.launch();
        return keycloak;
    }

    /** The issuer of the realm's tokens, also the services' {@code quarkus.oidc.auth-server-url}. */
    public String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    public String baseUrl() {
        // localhost (not 127.0.0.1): the address a browser is sent to for the login page, and so the
        // issuer every token names.
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return dir.resolve("keycloak.log");
    }

    /** The password of a demo user of the given role (agent, supervisor, admin). */
    public String password(String role) {
        return secrets.get("OUTPOST_PASSWORD_" + role.toUpperCase());
    }

    /** The password of {@link #SECOND_AGENT}. */
    public String secondAgentPassword() {
        return secrets.get("OUTPOST_PASSWORD_AGENT2");
    }

    /** An access token of the demo user of {@code role}, by the local command line's password grant. */
    public String userToken(String role) {
        String username = DEMO_USERS.get(role);
        if (username == null) {
            throw new IllegalArgumentException("no demo user for role " + role + ", expected one of " + DEMO_USERS.keySet());
        }
        return token(Map.of("grant_type", "password", "client_id", CLI_CLIENT, "username", username,
                "password", password(role), "scope", "openid"));
    }

    /** The console client's secret (authorization code flow; the console's {@code quarkus.oidc.credentials.secret}). */
    public String consoleSecret() {
        return secrets.get("OUTPOST_CONSOLE_CLIENT_SECRET");
    }

    /** The integration client's secret (client-credentials grant). */
    public String integrationSecret() {
        return secrets.get("OUTPOST_INTEGRATION_CLIENT_SECRET");
    }

    /** An access token of the integration client (client-credentials grant): role {@code integration}. */
    public String integrationToken() {
        return token(Map.of("grant_type", "client_credentials", "client_id", INTEGRATION_CLIENT,
                "client_secret", integrationSecret()));
    }

    private String token(Map<String, String> form) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token (" + response.statusCode() + "): " + response.body());
        }
        return json(response.body()).path("access_token").asText();
    }

    /**
     * The realm's secrets for a run: random on first use, then kept in {@code file} (so a restart of the
     * local run keeps its users' passwords). The console's URL is not secret but fills the realm too.
     */
    public static Map<String, String> secrets(Path file, String consoleUrl) {
        Map<String, String> values = new LinkedHashMap<>(LocalSecrets.load(file, SECRET_KEYS, "local Keycloak realm secrets"));
        values.put("OUTPOST_CONSOLE_URL", consoleUrl);
        return values;
    }

    /** Fresh random secrets, for a test. */
    public static Map<String, String> freshSecrets(String consoleUrl) {
        Map<String, String> values = new LinkedHashMap<>();
        SECRET_KEYS.forEach(key -> values.put(key, LocalSecrets.randomHex(12)));
        values.put("OUTPOST_CONSOLE_URL", consoleUrl);
        return values;
    }

    /** The repository's realm export with its {@code ${NAME}} placeholders replaced by {@code values}. */
    static String realm(Map<String, String> values) {
        String realm;
        try (InputStream in = Keycloak.class.getResourceAsStream("/keycloak/outpost-realm.json")) {
            if (in == null) {
                throw new IllegalStateException("keycloak/outpost-realm.json missing from devstack's resources");
            }
            realm = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            realm = realm.replace("${" + value.getKey() + "}", value.getValue());
        }
        int unfilled = realm.indexOf("${");
        if (unfilled >= 0) {
            throw new IllegalArgumentException("realm placeholder without a value: "
                    + realm.substring(unfilled, realm.indexOf('}', unfilled) + 1));
        }
        return realm;
    }

    private void launch() {
        Path home = installation();
        String adminPassword = LocalSecrets.randomHex(12);
        try {
            Files.createDirectories(dir.resolve("tmp"));
            List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + port, "--hostname=" + baseUrl(),
                    // The realm's users and sessions live with this instance, not in the shared installation.
                    "--db-url=jdbc:h2:file:" + dir.toAbsolutePath().resolve("keycloakdb") + ";NON_KEYWORDS=VALUE"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            Map<String, String> env = builder.environment();
            // ENVIRONMENT.md: start-dev runs in 14-34 s on these machines with this heap.
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            env.put("JAVA_OPTS_APPEND", "-Djava.io.tmpdir=" + dir.toAbsolutePath().resolve("tmp")
                    + " -Dquarkus.transaction-manager.object-store.directory=" + dir.toAbsolutePath().resolve("tx"));
            // A temporary admin of the master realm, only to create Outpost's realm; its password is not kept.
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            // Dies with this JVM however it ends (a killed test run leaves no Keycloak behind).
            process = ServiceProcesses.startTiedToThisJvm(builder);
            awaitReady();
            ensureRealm(adminPassword);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Keycloak did not start (log " + log() + ")", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " (log " + log() + "):\n"
                        + logTail());
            }
            try {
                if (http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while Keycloak started", e);
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("Keycloak was not ready in " + START_TIMEOUT + " (log " + log() + "):\n" + logTail());
    }

    /** The log's last lines, for the error: a test's log directory is gone when its report is read. */
    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Creates Outpost's realm unless this instance's data has it (a restart of the local run). */
    private void ensureRealm(String adminPassword) {
        HttpResponse<String> existing = send(HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration")).GET());
        if (existing.statusCode() == 200) {
            return;
        }
        String admin = json(send(HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", BOOTSTRAP_ADMIN, "password", adminPassword))))).body()).path("access_token").asText();
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/realms"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(realm(secrets))));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Keycloak refused Outpost's realm (" + created.statusCode() + "): " + created.body());
        }
    }

    /** The shared installation: {@code outpost.keycloak.home}, else devstack's build output (found upwards from here). */
    static Path installation() {
        String configured = System.getProperty("outpost.keycloak.home");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String relative = "target/keycloak/keycloak-" + VERSION;
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            for (Path candidate : List.of(at.resolve("devstack").resolve(relative), at.resolve(relative))) {
                if (Files.isRegularFile(candidate.resolve("bin/kc.sh"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("Keycloak " + VERSION + " is not unpacked: build devstack first (./mvnw -pl devstack"
                + " package unpacks it under devstack/" + relative + ") or set -Doutpost.keycloak.home");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak at " + baseUrl() + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak answered no JSON: " + body, e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server (and every process it started) and waits for it to end. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }
}
