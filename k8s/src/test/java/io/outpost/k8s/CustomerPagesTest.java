package io.outpost.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.outpost.k8s.OutpostChart.WORKLOADS;
import static io.outpost.k8s.OutpostChart.objectName;
import static io.outpost.k8s.OutpostChart.sets;
import static io.outpost.k8s.RenderedChartTest.container;
import static io.outpost.k8s.RenderedChartTest.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The customer-facing pages: survey answers (/s/, survey-service) and consent (/consent/,
 * crm-link-service). Their signing key reaches both services from a Secret, their public URL
 * as plain configuration, the Ingress routes their paths and the NetworkPolicy lets the
 * ingress controller in.
 */
class CustomerPagesTest {

    /** The services that serve pages, and the variable each reads its public URL from (fixed by their code). */
    private static final Map<String, String> PUBLIC_URL_ENV = Map.of(
            "survey-service", "OUTPOST_SURVEY_PUBLIC_BASE_URL",
            "crm-link-service", "OUTPOST_CRM_LINK_CONSENT_PAGE_BASE_URL");
    /** ... and the variable each reads the earlier keys from (survey: outpost.links.previous-secrets; crm-link: outpost.crm-link.consent.previous-link-secrets). */
    private static final Map<String, String> PREVIOUS_SECRETS_ENV = Map.of(
            "survey-service", "OUTPOST_LINKS_PREVIOUS_SECRETS",
            "crm-link-service", "OUTPOST_CRM_LINK_CONSENT_PREVIOUS_LINK_SECRETS");

    private static final String LINK_SECRET = "links-key-6c1f0e9a2b7d4c3e8f5a1b0c9d8e7f6a";
    private static final String PREVIOUS_LINK_SECRET = "links-old-3a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d";

    @Test
    void bothPageServicesReadTheLinkKeyFromTheNamedSecretAndNoOtherServiceGetsIt() {
        RenderedManifests manifests = OutpostChart.renderDefaults();

        for (String service : WORKLOADS) {
            Container container = container(manifests, service);
            if (PUBLIC_URL_ENV.containsKey(service)) {
                SecretKeySelector current = secretRef(container, "OUTPOST_LINKS_SECRET");
                assertThat(current.getName()).as(service).isEqualTo("outpost-links");
                assertThat(current.getKey()).as(service).isEqualTo("links-secret");
                assertThat(current.getOptional()).as("%s: the current key is mandatory", service).isNotEqualTo(Boolean.TRUE);
                SecretKeySelector previous = secretRef(container, PREVIOUS_SECRETS_ENV.get(service));
                assertThat(previous.getName()).as(service).isEqualTo("outpost-links");
                assertThat(previous.getKey()).as(service).isEqualTo("previous-links-secrets");
                assertThat(previous.getOptional()).as("%s: no earlier key until the first rotation", service).isTrue();
            } else {
                assertThat(container.getEnv()).as(service).extracting(EnvVar::getName)
                        .noneMatch(name -> name.startsWith("OUTPOST_LINKS_") || name.contains("LINK_SECRET"));
            }
        }
        // The named Secret is yours: the chart creates none.
        assertThat(manifests.all(Secret.class)).isEmpty();
    }

    @Test
    void theLinkKeyNeverReachesAConfigMapAndThePublicUrlIsPlainConfiguration() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "links.existingSecret", "",
                "links.secret", LINK_SECRET,
                "links.previousSecrets[0]", PREVIOUS_LINK_SECRET,
                "links.publicBaseUrl", "https://pages.example.org/"));

        for (ConfigMap configMap : manifests.all(ConfigMap.class)) {
            assertThat(configMap.getData().toString()).as(configMap.getMetadata().getName())
                    .doesNotContain(LINK_SECRET, PREVIOUS_LINK_SECRET);
        }
        PUBLIC_URL_ENV.forEach((service, variable) -> {
            // The trailing slash is dropped: the services append "/s/..." and "/consent/...".
            assertThat(manifests.get(ConfigMap.class, objectName(service)).getData())
                    .as(service).containsEntry(variable, "https://pages.example.org");
            assertThat(container(manifests, service).getEnv()).as(service).extracting(EnvVar::getName)
                    .doesNotContain(variable);
        });
        for (String service : List.of("ingest-service", "case-service", "routing-service")) {
            assertThat(manifests.get(ConfigMap.class, objectName(service)).getData().keySet()).as(service)
                    .noneMatch(PUBLIC_URL_ENV::containsValue);
        }
    }

    @Test
    void aChartManagedSecretHoldsTheInlineKeysTheServicesReference() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "links.existingSecret", "",
                "links.secret", LINK_SECRET,
                "links.previousSecrets[0]", PREVIOUS_LINK_SECRET,
                "links.previousSecrets[1]", "links-older-0f1e2d3c4b5a69788796a5b4c3d2e1f0"));

        Secret secret = manifests.get(Secret.class, "outpost-links");
        assertThat(secret.getStringData()).containsOnly(
                entry("links-secret", LINK_SECRET),
                entry("previous-links-secrets", PREVIOUS_LINK_SECRET + ",links-older-0f1e2d3c4b5a69788796a5b4c3d2e1f0"));
        for (String service : PUBLIC_URL_ENV.keySet()) {
            Container container = container(manifests, service);
            assertThat(secretRef(container, "OUTPOST_LINKS_SECRET")).as(service)
                    .satisfies(ref -> assertThat(secret.getStringData()).containsEntry(ref.getKey(), LINK_SECRET))
                    .extracting(SecretKeySelector::getName).isEqualTo("outpost-links");
            assertThat(secretRef(container, PREVIOUS_SECRETS_ENV.get(service)).getKey()).isEqualTo("previous-links-secrets");
        }
    }

    @Test
    void withoutEarlierKeysTheChartManagedSecretHasOnlyTheCurrentOne() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "links.existingSecret", "", "links.secret", LINK_SECRET));

        assertThat(manifests.get(Secret.class, "outpost-links").getStringData()).containsOnlyKeys("links-secret");
    }

    @Test
    void neitherAnExistingSecretNorAnInlineKeyIsAClearError() {
        assertThatThrownBy(() -> OutpostChart.template(List.of(), sets("links.existingSecret", "")))
                .hasMessageContaining("links: set existingSecret, or secret (at least 32 bytes)");
    }

    @Test
    void withBothPageServicesDisabledNoLinkSecretIsNeeded() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "links.existingSecret", "",
                "services.survey-service.enabled", false,
                "services.crm-link-service.enabled", false));

        assertThat(manifests.all(Secret.class)).isEmpty();
        assertThat(manifests.all(Deployment.class)).hasSize(OutpostChart.WORKLOADS.size() - 2);
    }

    @Test
    void aServiceCanHaveItsOwnPublicUrl() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "links.publicBaseUrl", "https://care.example.com",
                "links.services.survey-service.publicBaseUrl", "https://feedback.example.com"));

        assertThat(manifests.get(ConfigMap.class, objectName("survey-service")).getData())
                .containsEntry("OUTPOST_SURVEY_PUBLIC_BASE_URL", "https://feedback.example.com");
        assertThat(manifests.get(ConfigMap.class, objectName("crm-link-service")).getData())
                .containsEntry("OUTPOST_CRM_LINK_CONSENT_PAGE_BASE_URL", "https://care.example.com");
    }

    @Test
    void aRotatedInlineKeyRollsOnlyThePageServices() {
        RenderedManifests before = OutpostChart.render(List.of(), sets("links.existingSecret", "", "links.secret", LINK_SECRET));
        RenderedManifests after = OutpostChart.render(List.of(), sets(
                "links.existingSecret", "",
                "links.secret", "links-key-new-0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                "links.previousSecrets[0]", LINK_SECRET));

        for (String service : WORKLOADS) {
            String checksumBefore = secretsChecksum(before, service);
            String checksumAfter = secretsChecksum(after, service);
            if (PUBLIC_URL_ENV.containsKey(service)) {
                assertThat(checksumAfter).as(service).isNotEqualTo(checksumBefore);
            } else {
                assertThat(checksumAfter).as(service).isEqualTo(checksumBefore);
            }
            assertThat(checksumAfter).as("%s: a hash, not the key", service).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void theIngressRoutesThePagePathsToTheirServicesByPrefix() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets("ingress.enabled", true));

        List<HTTPIngressPath> paths = onlyIngress(manifests).getSpec().getRules().get(0).getHttp().getPaths();
        assertThat(paths).filteredOn(path -> path.getPath().equals("/s/")).singleElement().satisfies(path -> {
            assertThat(path.getPathType()).isEqualTo("Prefix");
            assertThat(path.getBackend().getService().getName()).isEqualTo(objectName("survey-service"));
            assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
        });
        assertThat(paths).filteredOn(path -> path.getPath().equals("/consent/")).singleElement().satisfies(path -> {
            assertThat(path.getPathType()).isEqualTo("Prefix");
            assertThat(path.getBackend().getService().getName()).isEqualTo(objectName("crm-link-service"));
            assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
        });
        // Nothing else of the page services is exposed (their APIs and /q/* stay internal).
        assertThat(paths).filteredOn(path -> path.getBackend().getService().getName().equals(objectName("survey-service"))
                        || path.getBackend().getService().getName().equals(objectName("crm-link-service")))
                .extracting(HTTPIngressPath::getPath).containsExactlyInAnyOrder("/s/", "/consent/");
    }

    @Test
    void thePagePathsCanBeLeftOutOfTheIngress() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "ingress.enabled", true, "ingress.publicPages.enabled", false));

        assertThat(onlyIngress(manifests).getSpec().getRules().get(0).getHttp().getPaths())
                .extracting(HTTPIngressPath::getPath).containsExactlyInAnyOrder("/webhooks/meta", "/webhooks/x");
    }

    @Test
    void aPagePathRoutedToAnUnknownServiceIsRefused() {
        assertThatThrownBy(() -> OutpostChart.template(List.of(), sets(
                "ingress.enabled", true, "ingress.publicPages.paths[0].path", "/s/",
                "ingress.publicPages.paths[0].service", "surveys")))
                .hasMessageContaining("ingress.publicPages: /s/ is routed to surveys, which is not in services");
    }

    /** Production values: ingress-nginx may call exactly the services the Ingress routes to. */
    @Test
    void theIngressControllerReachesThePageServicesAndOnlyTheIngressBackends() {
        RenderedManifests manifests = OutpostChart.renderProduction();

        for (String service : WORKLOADS) {
            NetworkPolicy policy = manifests.get(NetworkPolicy.class, objectName(service));
            var admitsController = policy.getSpec().getIngress().stream()
                    .filter(rule -> rule.getFrom().stream().anyMatch(CustomerPagesTest::isIngressNginx))
                    .toList();
            if (service.equals("routing-service")) {
                assertThat(admitsController).as("routing-service is not behind the Ingress").isEmpty();
            } else {
                assertThat(admitsController).as(service).singleElement().satisfies(rule ->
                        assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                            assertThat(port.getPort().getStrVal()).isEqualTo("http");
                            assertThat(port.getProtocol()).isEqualTo("TCP");
                        }));
            }
        }
    }

    @Test
    void withoutAnIngressTheControllerIsAdmittedNowhere() {
        String controllerPeer = "networkPolicy.ingressControllerFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name";
        RenderedManifests withoutIngress = OutpostChart.render(List.of(), sets(controllerPeer, "ingress-nginx"));
        RenderedManifests withIngress = OutpostChart.render(List.of(), sets(controllerPeer, "ingress-nginx", "ingress.enabled", true));

        for (String service : WORKLOADS) {
            assertThat(withoutIngress.get(NetworkPolicy.class, objectName(service)).getSpec().getIngress()).as(service)
                    .flatExtracting(rule -> rule.getFrom()).noneMatch(CustomerPagesTest::isIngressNginx);
        }
        // The same peer, once the Ingress is on, reaches the page services (so the check above can fail).
        for (String service : PUBLIC_URL_ENV.keySet()) {
            assertThat(withIngress.get(NetworkPolicy.class, objectName(service)).getSpec().getIngress()).as(service)
                    .flatExtracting(rule -> rule.getFrom()).anyMatch(CustomerPagesTest::isIngressNginx);
        }
    }

    @Test
    void productionValuesSendCustomersToTheIngressHostWithKeysFromTheirOwnSecret() {
        RenderedManifests manifests = OutpostChart.renderProduction();

        PUBLIC_URL_ENV.forEach((service, variable) -> {
            assertThat(manifests.get(ConfigMap.class, objectName(service)).getData())
                    .as(service).containsEntry(variable, "https://care.example.com");
            assertThat(secretRef(container(manifests, service), "OUTPOST_LINKS_SECRET").getName()).isEqualTo("outpost-links");
        });
        Ingress ingress = onlyIngress(manifests);
        assertThat(ingress.getSpec().getRules()).extracting(rule -> rule.getHost()).containsExactly("care.example.com");
    }

    /** The ingress-nginx namespace, as the production values and the test above name it. */
    private static boolean isIngressNginx(NetworkPolicyPeer peer) {
        return peer.getNamespaceSelector() != null && peer.getNamespaceSelector().getMatchLabels() != null
                && "ingress-nginx".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
    }

    /** The Ingress of the webhooks, pages and case API (the console, when exposed, has one of its own). */
    private static Ingress onlyIngress(RenderedManifests manifests) {
        assertThat(manifests.all(Ingress.class)).extracting(i -> i.getMetadata().getName())
                .containsOnlyOnce(OutpostChart.RELEASE).allMatch(name -> name.equals(OutpostChart.RELEASE)
                        || name.equals(objectName(OutpostChart.CONSOLE)));
        return manifests.get(Ingress.class, OutpostChart.RELEASE);
    }

    private static SecretKeySelector secretRef(Container container, String variable) {
        EnvVar env = env(container, variable);
        assertThat(env.getValue()).as(variable).isNull();
        return Objects.requireNonNull(env.getValueFrom().getSecretKeyRef(), variable + " comes from a Secret");
    }

    private static String secretsChecksum(RenderedManifests manifests, String service) {
        return manifests.get(Deployment.class, objectName(service)).getSpec().getTemplate().getMetadata()
                .getAnnotations().get("checksum/secrets");
    }
}
