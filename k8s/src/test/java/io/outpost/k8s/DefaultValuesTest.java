package io.outpost.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.outpost.k8s.OutpostChart.WORKLOADS;
import static io.outpost.k8s.OutpostChart.objectName;
import static io.outpost.k8s.RenderedChartTest.container;
import static org.assertj.core.api.Assertions.assertThat;

/** The defaults: everything optional is off, nothing is exposed, no credential is invented. */
class DefaultValuesTest {

    private static RenderedManifests manifests;

    @BeforeAll
    static void render() {
        manifests = OutpostChart.renderDefaults();
    }

    @Test
    void optionalObjectsAreOffByDefault() {
        assertThat(manifests.all(Ingress.class)).isEmpty();
        assertThat(manifests.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(manifests.all(ServiceMonitor.class)).isEmpty();
        assertThat(manifests.all(KafkaTopic.class)).isEmpty();
        assertThat(manifests.all(PrometheusRule.class)).isEmpty();
        // The only ConfigMaps are the services' and the console's own: no Grafana dashboard.
        assertThat(manifests.all(ConfigMap.class)).extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(WORKLOADS.stream().map(OutpostChart::objectName).toList());
    }

    @Test
    void credentialsComeFromNamedExistingSecretsSoTheChartCreatesNone() {
        assertThat(manifests.all(Secret.class)).isEmpty();
        assertThat(RenderedChartTest.env(container(manifests, "case-service"), "QUARKUS_DATASOURCE_PASSWORD")
                .getValueFrom().getSecretKeyRef().getName()).isEqualTo("outpost-case-db");
    }

    @Test
    void jvmImagesRunTwoReplicasWithContainerAwareHeapSettings() {
        for (String service : WORKLOADS) {
            assertThat(manifests.get(Deployment.class, objectName(service)).getSpec().getReplicas()).isEqualTo(2);
            assertThat(container(manifests, service).getImage()).isEqualTo("ghcr.io/outpost/" + service + ":0.1.0");
            assertThat(manifests.get(ConfigMap.class, objectName(service)).getData().get("JAVA_OPTS_APPEND"))
                    .contains("-XX:MaxRAMPercentage=")
                    // It replaces the image's JAVA_OPTS_APPEND (Dockerfile.jvm), so it must repeat its flags.
                    .contains("-Dquarkus.http.host=0.0.0.0", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        }
    }

    @Test
    void podsSpreadOverZonesAndNodes() {
        var constraints = manifests.get(Deployment.class, objectName("routing-service"))
                .getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
        assertThat(constraints).extracting("topologyKey")
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(constraints).allSatisfy(c -> assertThat(c.getLabelSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "routing-service"));
    }
}
