package io.outpost.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.outpost.k8s.OutpostChart.objectName;
import static io.outpost.k8s.OutpostChart.sets;
import static io.outpost.k8s.RenderedChartTest.container;
import static org.assertj.core.api.Assertions.assertThat;

/** The one-set-of-templates design: serviceDefaults merged with services.<name>, key by key. */
class ServiceOverridesTest {

    @Test
    void aDisabledServiceRendersNothingAndTheOthersAreUntouched() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets("services.survey-service.enabled", false));

        List<HasMetadata> survey = manifests.all().stream()
                .filter(o -> o.getMetadata().getName().contains("survey")).toList();
        assertThat(survey).isEmpty();
        assertThat(manifests.all(Deployment.class)).hasSize(OutpostChart.WORKLOADS.size() - 1);
    }

    /** sprig's merge would let a default `true` win over a service's `false`; the chart's merge does not. */
    @Test
    void aServiceCanSwitchOffWhatTheDefaultsSwitchOn() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "serviceDefaults.autoscaling.enabled", true,
                "services.routing-service.autoscaling.enabled", false,
                "services.routing-service.podDisruptionBudget.enabled", false,
                "services.routing-service.replicas", 0));

        // serviceDefaults reach the console too: five of the six workloads are autoscaled.
        assertThat(manifests.all(HorizontalPodAutoscaler.class)).hasSize(OutpostChart.WORKLOADS.size() - 1)
                .noneMatch(hpa -> hpa.getMetadata().getName().equals(objectName("routing-service")));
        assertThat(manifests.find(PodDisruptionBudget.class, objectName("routing-service"))).isEmpty();
        assertThat(manifests.all(PodDisruptionBudget.class)).hasSize(OutpostChart.WORKLOADS.size() - 1);
        assertThat(manifests.get(Deployment.class, objectName("routing-service")).getSpec().getReplicas()).isZero();
    }

    @Test
    void aServiceOverridesOneResourceAndKeepsTheOtherDefaults() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "services.case-service.resources.limits.memory", "1Gi",
                "services.case-service.image.tag", "0.1.1"));

        var resources = container(manifests, "case-service").getResources();
        assertThat(resources.getLimits().get("memory").toString()).isEqualTo("1Gi");
        assertThat(resources.getRequests().get("memory").toString()).isEqualTo("384Mi");
        assertThat(container(manifests, "case-service").getImage()).endsWith("/outpost/case-service:0.1.1");
        assertThat(container(manifests, "routing-service").getResources().getLimits().get("memory").toString()).isEqualTo("768Mi");
        assertThat(container(manifests, "routing-service").getImage()).endsWith(":0.1.0");
    }

    @Test
    void aConfigChangeRollsOnlyTheAffectedPods() {
        RenderedManifests before = OutpostChart.renderDefaults();
        RenderedManifests after = OutpostChart.render(List.of(), sets("services.case-service.env.QUARKUS_LOG_LEVEL", "DEBUG"));

        assertThat(checksum(after, "case-service")).isNotEqualTo(checksum(before, "case-service"));
        assertThat(checksum(after, "routing-service")).isEqualTo(checksum(before, "routing-service"));
    }

    private static String checksum(RenderedManifests manifests, String service) {
        return manifests.get(Deployment.class, objectName(service)).getSpec().getTemplate().getMetadata()
                .getAnnotations().get("checksum/config");
    }
}
