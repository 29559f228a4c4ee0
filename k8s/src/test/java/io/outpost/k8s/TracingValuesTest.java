package io.outpost.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.outpost.k8s.OutpostChart.SERVICES;
import static io.outpost.k8s.OutpostChart.objectName;
import static io.outpost.k8s.OutpostChart.sets;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * tracing.*: one OTLP endpoint switches every service's tracing on (service-kit's TracingSwitch reads
 * QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT) and opens the NetworkPolicies to the collector; without it no
 * service has the variable and no policy lets traffic out to the collector's port.
 */
class TracingValuesTest {

    @Test
    void withoutAnEndpointNoServiceTracesAndNoPolicyOpensTheCollectorPort() {
        RenderedManifests manifests = OutpostChart.renderDefaults();
        for (String service : SERVICES) {
            assertThat(manifests.get(ConfigMap.class, objectName(service)).getData().keySet()).as(service)
                    .noneMatch(key -> key.startsWith("QUARKUS_OTEL"));
            assertThat(egressPorts(manifests, service)).as(service).doesNotContain(4317);
        }
    }

    @Test
    void anEndpointReachesEveryServiceWithItsSamplerAndThePoliciesLetSpansOut() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "tracing.otlpEndpoint", "http://otel-collector.observability:4317",
                "tracing.samplerRatio", 0.25));
        for (String service : SERVICES) {
            Map<String, String> data = manifests.get(ConfigMap.class, objectName(service)).getData();
            assertThat(data).as(service)
                    .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.observability:4317")
                    .containsEntry("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "0.25");
            assertThat(egressPorts(manifests, service)).as(service).contains(4317);
        }
    }

    @Test
    void theCollectorsPeersNarrowItsEgressRule() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "tracing.otlpEndpoint", "http://otel-collector.observability:4317",
                "networkPolicy.egress.tracing.to[0].namespaceSelector.matchLabels.name", "observability"));
        NetworkPolicy policy = manifests.get(NetworkPolicy.class, objectName("case-service"));
        NetworkPolicyEgressRule collector = policy.getSpec().getEgress().stream()
                .filter(rule -> rule.getPorts().stream().anyMatch(p -> Integer.valueOf(4317).equals(p.getPort().getIntVal())))
                .findFirst().orElseThrow();
        assertThat(collector.getTo()).singleElement()
                .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("name", "observability"));
    }

    private static List<Integer> egressPorts(RenderedManifests manifests, String service) {
        return manifests.get(NetworkPolicy.class, objectName(service)).getSpec().getEgress().stream()
                .map(NetworkPolicyEgressRule::getPorts).flatMap(List::stream)
                .map(NetworkPolicyPort::getPort).map(port -> port.getIntVal()).toList();
    }
}
