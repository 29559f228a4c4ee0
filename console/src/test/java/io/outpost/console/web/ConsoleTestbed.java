package io.outpost.console.web;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.outpost.devstack.FreePorts;
import io.outpost.devstack.KafkaBroker;
import io.outpost.devstack.Keycloak;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The console's test surroundings: devstack's real Keycloak with the project's realm (its console
 * client redirecting to the test's port), devstack's Kafka broker, and one WireMock server standing
 * in for case-service, routing-service and crm-link-service (their paths do not overlap). Keycloak
 * and Kafka start side by side: Keycloak takes most of the time.
 */
public class ConsoleTestbed implements QuarkusTestResourceLifecycleManager {

    static final java.time.Duration HEARTBEAT = java.time.Duration.ofSeconds(2);

    private int consolePort;
    private Map<String, String> secrets;
    private Keycloak keycloak;
    private KafkaBroker kafka;
    private WireMockServer services;

    @Override
    public Map<String, String> start() {
        consolePort = FreePorts.pick();
        secrets = Keycloak.freshSecrets(consoleUrl());
        Path target = Path.of("target").toAbsolutePath();
        Path keycloakDir = target.resolve("console-keycloak-" + consolePort);
        CompletableFuture<Keycloak> kc = CompletableFuture.supplyAsync(() -> startKeycloak(keycloakDir));
        kafka = new KafkaBroker(target.resolve("console-kafka-" + consolePort), 0).start();
        kafka.createOutpostTopics(1);
        services = new WireMockServer(options().port(FreePorts.pick()).bindAddress("127.0.0.1"));
        services.start();
        keycloak = kc.join();
        String servicesUrl = "http://127.0.0.1:" + services.port();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.test-port", String.valueOf(consolePort));
        config.put("quarkus.http.host", "localhost");
        config.put("quarkus.oidc.auth-server-url", keycloak.issuer());
        config.put("quarkus.oidc.client-id", Keycloak.CONSOLE_CLIENT);
        config.put("quarkus.oidc.credentials.secret", secrets.get("OUTPOST_CONSOLE_CLIENT_SECRET"));
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.rest-client.case-service.url", servicesUrl);
        config.put("quarkus.rest-client.routing-service.url", servicesUrl);
        config.put("quarkus.rest-client.crm-link-service.url", servicesUrl);
        // Collision control's heartbeat, short so that an entry's expiry (three and a half heartbeats) takes seconds.
        config.put("console.presence.heartbeat", HEARTBEAT.toSeconds() + "s");
        return config;
    }

    /**
     * devstack waits 3 minutes for Keycloak; on this shared 2-core machine under load its first start
     * (creating its database schema) has taken longer. A second start on the same data directory
     * skips that work, so one retry is given before the test fails.
     */
    private Keycloak startKeycloak(Path dir) {
        try {
            return Keycloak.start(dir, 0, secrets);
        } catch (IllegalStateException slow) {
            return Keycloak.start(dir, 0, secrets);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this, new TestInjector.MatchesType(ConsoleTestbed.class));
    }

    @Override
    public void stop() {
        if (services != null) {
            services.stop();
        }
        if (keycloak != null) {
            keycloak.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    public String consoleUrl() {
        return "http://localhost:" + consolePort;
    }

    public String issuer() {
        return keycloak.issuer();
    }

    public String password(String role) {
        return keycloak.password(role);
    }

    public String kafka() {
        return kafka.bootstrapServers();
    }

    public WireMockServer services() {
        return services;
    }
}
