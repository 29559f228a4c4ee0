package io.outpost.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.outpost.k8s.OutpostChart.CONSOLE;
import static io.outpost.k8s.OutpostChart.SERVICES;
import static io.outpost.k8s.OutpostChart.objectName;
import static io.outpost.k8s.OutpostChart.sets;
import static io.outpost.k8s.RenderedChartTest.container;
import static io.outpost.k8s.RenderedChartTest.env;
import static io.outpost.k8s.RenderedChartTest.podLabels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The agent console (module console) in the chart. What it shares with the services (hardening, probes,
 * resources, PodDisruptionBudget, NetworkPolicy basics, secrets only through secretKeyRef) is checked by
 * RenderedChartTest over every workload; this class checks what is the console's own: its OIDC client, the
 * release's Services it calls, the policies between it and them, and its optional Ingress.
 */
class ConsoleChartTest {

    /** The services the console calls, and the variable each one's URL reaches it in (quarkus.rest-client.<name>.url). */
    private static final Map<String, String> BACKEND_URL_ENV = Map.of(
            "case-service", "QUARKUS_REST_CLIENT_CASE_SERVICE_URL",
            "routing-service", "QUARKUS_REST_CLIENT_ROUTING_SERVICE_URL",
            "crm-link-service", "QUARKUS_REST_CLIENT_CRM_LINK_SERVICE_URL");

    private static final String CLIENT_SECRET = "console-secret-4f0b9d2e7a1c6e83b5d0f9a2c7e41b68";
    private static final String CONSOLE_NAME = objectName(CONSOLE);

    private static RenderedManifests defaults;

    @BeforeAll
    static void render() {
        defaults = OutpostChart.renderDefaults();
    }

    @Test
    void theConsoleRunsTwoInstancesOfItsImageOnPort8080WithTheChartsProbes() {
        Deployment deployment = defaults.get(Deployment.class, CONSOLE_NAME);
        Container container = container(defaults, CONSOLE);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(container.getImage()).isEqualTo("ghcr.io/outpost/console:0.1.0");
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(defaults.get(Service.class, CONSOLE_NAME).getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort()).isEqualTo(8080));
    }

    @Test
    void theConsoleSignsInAgainstTheServicesRealmWithItsOwnClientAndNoDatabase() {
        Map<String, String> config = defaults.get(ConfigMap.class, CONSOLE_NAME).getData();
        Map<String, String> caseConfig = defaults.get(ConfigMap.class, objectName("case-service")).getData();

        assertThat(config).contains(
                entry("QUARKUS_HTTP_PORT", "8080"),
                entry("QUARKUS_OIDC_AUTH_SERVER_URL", "https://keycloak.example.com/realms/outpost"),
                entry("QUARKUS_OIDC_CLIENT_ID", "outpost-console"),
                // Kafka as the services get it.
                entry("KAFKA_BOOTSTRAP_SERVERS", caseConfig.get("KAFKA_BOOTSTRAP_SERVERS")),
                entry("KAFKA_SECURITY_PROTOCOL", caseConfig.get("KAFKA_SECURITY_PROTOCOL")),
                entry("JAVA_OPTS_APPEND", caseConfig.get("JAVA_OPTS_APPEND")));
        // A web application checks its ID tokens' audience (its client id): the services' API audience would break sign-in.
        assertThat(config.keySet()).doesNotContain("QUARKUS_OIDC_TOKEN_AUDIENCE")
                .noneMatch(key -> key.startsWith("QUARKUS_DATASOURCE") || key.startsWith("QUARKUS_OIDC_AUTHENTICATION_"));

        SecretKeySelector secret = secretRef(container(defaults, CONSOLE), "QUARKUS_OIDC_CREDENTIALS_SECRET");
        assertThat(secret.getName()).isEqualTo("outpost-console-oidc");
        assertThat(secret.getKey()).isEqualTo("client-secret");
        assertThat(secret.getOptional()).as("no session encryption without it").isNotEqualTo(Boolean.TRUE);
        assertThat(container(defaults, CONSOLE).getEnv()).extracting(EnvVar::getName)
                .noneMatch(name -> name.startsWith("QUARKUS_DATASOURCE") || name.startsWith("QUARKUS_FLYWAY"));
        // The Secret is named, so the chart creates none.
        assertThat(defaults.all(Secret.class)).isEmpty();
    }

    /** The URLs are the release's own Services, on the ports those Services serve. */
    @Test
    void theConsoleCallsTheReleasesOwnServices() {
        Map<String, String> config = defaults.get(ConfigMap.class, CONSOLE_NAME).getData();

        BACKEND_URL_ENV.forEach((service, variable) -> {
            Service target = defaults.get(Service.class, objectName(service));
            int port = target.getSpec().getPorts().get(0).getPort();
            assertThat(config).as(service).containsEntry(variable, "http://" + target.getMetadata().getName() + ":" + port);
        });
        assertThat(config.keySet()).filteredOn(key -> key.startsWith("QUARKUS_REST_CLIENT_"))
                .containsExactlyInAnyOrderElementsOf(BACKEND_URL_ENV.values());
    }

    @Test
    void aRealmOfItsOwnOverridesTheIssuerForTheConsoleOnly() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "console.oidc.authServerUrl", "http://keycloak.sso.svc:8080/realms/outpost",
                "console.oidc.clientId", "care-console"));

        assertThat(manifests.get(ConfigMap.class, CONSOLE_NAME).getData())
                .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", "http://keycloak.sso.svc:8080/realms/outpost")
                .containsEntry("QUARKUS_OIDC_CLIENT_ID", "care-console");
        assertThat(manifests.get(ConfigMap.class, objectName("case-service")).getData())
                .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", "https://keycloak.example.com/realms/outpost");
    }

    @Test
    void anInlineClientSecretGoesIntoAChartManagedSecretThatRollsOnlyTheConsole() {
        RenderedManifests manifests = inlineSecret(CLIENT_SECRET);

        SecretKeySelector ref = secretRef(container(manifests, CONSOLE), "QUARKUS_OIDC_CREDENTIALS_SECRET");
        assertThat(ref.getName()).isEqualTo("outpost-console-oidc");
        assertThat(manifests.get(Secret.class, ref.getName()).getStringData()).containsOnly(entry("client-secret", CLIENT_SECRET));
        for (HasMetadata object : manifests.all()) {
            if (!(object instanceof Secret)) {
                assertThat(RenderedManifests.asYaml(object)).as("%s/%s", object.getKind(), object.getMetadata().getName())
                        .doesNotContain(CLIENT_SECRET);
            }
        }

        RenderedManifests rotated = inlineSecret("console-secret-new-9a8b7c6d5e4f30211203f4e5d6c7b8a9");
        assertThat(secretsChecksum(rotated, CONSOLE)).isNotEqualTo(secretsChecksum(manifests, CONSOLE));
        for (String service : SERVICES) {
            assertThat(secretsChecksum(rotated, service)).as(service).isEqualTo(secretsChecksum(manifests, service));
        }
    }

    @Test
    void neitherANamedSecretNorAnInlineOneIsAClearError() {
        assertThatThrownBy(() -> OutpostChart.template(List.of(), sets("console.oidc.existingSecret", "")))
                .hasMessageContaining("console.oidc: set existingSecret, or clientSecret");
    }

    @Test
    void aDisabledConsoleRendersNothingNeedsNoSecretAndOpensNoPolicy() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "console.enabled", false,
                "console.oidc.existingSecret", "",
                "console.ingress.enabled", true));

        assertThat(manifests.all()).noneMatch(object -> object.getMetadata().getName().contains(CONSOLE));
        assertThat(manifests.all(Deployment.class)).hasSize(SERVICES.size());
        for (String service : BACKEND_URL_ENV.keySet()) {
            assertThat(manifests.get(NetworkPolicy.class, objectName(service)).getSpec().getIngress()).as(service)
                    .flatExtracting(NetworkPolicyIngressRule::getFrom).noneMatch(ConsoleChartTest::selectsTheConsole);
        }
    }

    /**
     * Without allowSameNamespace nothing in the namespace may call the services, except the console, which
     * case-, routing- and crm-link-service admit by its pods' labels; its own policy lets it out to exactly
     * their pods and ports, and nowhere near PostgreSQL.
     */
    @Test
    void thePoliciesAdmitTheConsoleToTheServicesItCallsAndOnlyThose() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets("networkPolicy.allowSameNamespace", false));
        Map<String, String> consolePods = podLabels(manifests, CONSOLE);

        for (String service : SERVICES) {
            List<NetworkPolicyIngressRule> admitting = ingressRules(manifests.get(NetworkPolicy.class, objectName(service)))
                    .stream()
                    .filter(rule -> rule.getFrom().stream().anyMatch(peer -> selects(peer, consolePods)))
                    .toList();
            if (BACKEND_URL_ENV.containsKey(service)) {
                assertThat(admitting).as(service).singleElement().satisfies(rule -> {
                    assertThat(rule.getPorts()).singleElement()
                            .satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("http"));
                    // Only the console: the peer names its component, not the whole namespace.
                    assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                        assertThat(peer.getNamespaceSelector()).isNull();
                        assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", CONSOLE);
                    });
                });
            } else {
                assertThat(admitting).as("%s is not called by the console", service).isEmpty();
            }
        }

        List<NetworkPolicyEgressRule> egress = manifests.get(NetworkPolicy.class, CONSOLE_NAME).getSpec().getEgress();
        for (String service : BACKEND_URL_ENV.keySet()) {
            Map<String, String> targetPods = podLabels(manifests, service);
            int port = OutpostChart.PORTS.get(service);
            assertThat(egress).as("console -> %s", service).anySatisfy(rule -> {
                assertThat(rule.getTo()).anyMatch(peer -> peer.getNamespaceSelector() == null && selects(peer, targetPods));
                assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(port);
            });
        }
        assertThat(egress).as("no rule reaches the services that the console does not call")
                .noneMatch(rule -> rule.getTo() != null && rule.getTo().stream().anyMatch(peer ->
                        selects(peer, podLabels(manifests, "ingest-service")) || selects(peer, podLabels(manifests, "survey-service"))));
        assertThat(ingressRules(manifests.get(NetworkPolicy.class, CONSOLE_NAME)))
                .as("without allowSameNamespace and an Ingress, nothing may call the console")
                .isEmpty();
    }

    @Test
    void aDisabledServiceGetsNoUrlAndNoEgressRule() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets("services.crm-link-service.enabled", false));

        assertThat(manifests.get(ConfigMap.class, CONSOLE_NAME).getData())
                .doesNotContainKey("QUARKUS_REST_CLIENT_CRM_LINK_SERVICE_URL")
                .containsKey("QUARKUS_REST_CLIENT_CASE_SERVICE_URL");
        assertThat(manifests.get(NetworkPolicy.class, CONSOLE_NAME).getSpec().getEgress())
                .flatExtracting(rule -> rule.getPorts()).extracting(port -> port.getPort().getIntVal())
                .doesNotContain(8085).contains(8082, 8083);
    }

    @Test
    void theIngressIsOffByDefault() {
        assertThat(defaults.find(Ingress.class, CONSOLE_NAME)).isEmpty();
        assertThat(defaults.get(ConfigMap.class, CONSOLE_NAME).getData()).doesNotContainKey(
                "QUARKUS_OIDC_AUTHENTICATION_FORCE_REDIRECT_HTTPS_SCHEME");
    }

    /** The console's own host, TLS Secret and annotations; the rest of Outpost stays as unexposed as it was. */
    @Test
    void anEnabledIngressServesTheWholeConsoleOnItsHostOverTls() {
        String controllerPeer = "networkPolicy.ingressControllerFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name";
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "ingress.className", "nginx",
                controllerPeer, "ingress-nginx",
                "console.ingress.enabled", true,
                "console.ingress.host", "agents.example.com",
                "console.ingress.tlsSecret", "agents-tls",
                "console.ingress.annotations.cert-manager\\.io/cluster-issuer", "letsencrypt"));

        assertThat(manifests.all(Ingress.class)).as("only the console's: the main Ingress is still off").singleElement();
        Ingress ingress = manifests.get(Ingress.class, CONSOLE_NAME);
        assertThat(ingress.getSpec().getIngressClassName()).as("ingress.className by default").isEqualTo("nginx");
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("agents-tls");
            assertThat(tls.getHosts()).containsExactly("agents.example.com");
        });
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("agents.example.com");
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies((HTTPIngressPath path) -> {
                assertThat(path.getPath()).isEqualTo("/");
                assertThat(path.getPathType()).isEqualTo("Prefix");
                assertThat(path.getBackend().getService().getName()).isEqualTo(CONSOLE_NAME);
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
        });
        // TLS ends at the Ingress: redirect URIs must still say https, and cookies stay Secure.
        assertThat(manifests.get(ConfigMap.class, CONSOLE_NAME).getData()).contains(
                entry("QUARKUS_OIDC_AUTHENTICATION_FORCE_REDIRECT_HTTPS_SCHEME", "true"),
                entry("QUARKUS_OIDC_AUTHENTICATION_COOKIE_FORCE_SECURE", "true"));
        // The ingress controller may call the console, and still none of the services (their Ingress is off).
        assertThat(manifests.get(NetworkPolicy.class, CONSOLE_NAME).getSpec().getIngress())
                .flatExtracting(NetworkPolicyIngressRule::getFrom).anyMatch(ConsoleChartTest::isIngressNginx);
        for (String service : SERVICES) {
            assertThat(manifests.get(NetworkPolicy.class, objectName(service)).getSpec().getIngress()).as(service)
                    .flatExtracting(NetworkPolicyIngressRule::getFrom).noneMatch(ConsoleChartTest::isIngressNginx);
        }
    }

    @Test
    void productionValuesExposeTheConsoleOnItsOwnHostWithTheClientSecretFromItsSecret() {
        RenderedManifests manifests = OutpostChart.renderProduction();

        Ingress ingress = manifests.get(Ingress.class, CONSOLE_NAME);
        assertThat(ingress.getSpec().getRules()).extracting(rule -> rule.getHost()).containsExactly("agents.example.com");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
        assertThat(secretRef(container(manifests, CONSOLE), "QUARKUS_OIDC_CREDENTIALS_SECRET").getName())
                .isEqualTo("outpost-console-oidc");
        assertThat(manifests.get(ConfigMap.class, CONSOLE_NAME).getData())
                .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", "https://sso.example.com/realms/outpost");
        // The main Ingress does not route to the console.
        assertThat(manifests.get(Ingress.class, OutpostChart.RELEASE).getSpec().getRules())
                .flatExtracting(rule -> rule.getHttp().getPaths())
                .noneMatch(path -> ((HTTPIngressPath) path).getBackend().getService().getName().equals(CONSOLE_NAME));
    }

    /** A policy's ingress rules; none (an empty `ingress:`) admits nobody. */
    private static List<NetworkPolicyIngressRule> ingressRules(NetworkPolicy policy) {
        return policy.getSpec().getIngress() == null ? List.of() : policy.getSpec().getIngress();
    }

    private static RenderedManifests inlineSecret(String secret) {
        return OutpostChart.render(List.of(), sets("console.oidc.existingSecret", "", "console.oidc.clientSecret", secret));
    }

    private static boolean selectsTheConsole(NetworkPolicyPeer peer) {
        return peer.getPodSelector() != null && peer.getPodSelector().getMatchLabels() != null
                && CONSOLE.equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"));
    }

    /** A peer of this namespace (no namespaceSelector) whose pod selector matches pods with these labels. */
    private static boolean selects(NetworkPolicyPeer peer, Map<String, String> podLabels) {
        return peer.getNamespaceSelector() == null && peer.getPodSelector() != null
                && peer.getPodSelector().getMatchLabels() != null && !peer.getPodSelector().getMatchLabels().isEmpty()
                && podLabels.entrySet().containsAll(peer.getPodSelector().getMatchLabels().entrySet());
    }

    private static boolean isIngressNginx(NetworkPolicyPeer peer) {
        return peer.getNamespaceSelector() != null && peer.getNamespaceSelector().getMatchLabels() != null
                && "ingress-nginx".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
    }

    private static SecretKeySelector secretRef(Container container, String variable) {
        EnvVar env = env(container, variable);
        assertThat(env.getValue()).as(variable).isNull();
        return Objects.requireNonNull(env.getValueFrom().getSecretKeyRef(), variable + " comes from a Secret");
    }

    private static String secretsChecksum(RenderedManifests manifests, String workload) {
        return manifests.get(Deployment.class, objectName(workload)).getSpec().getTemplate().getMetadata()
                .getAnnotations().get("checksum/secrets");
    }
}
