package io.outpost.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.outpost.k8s.OutpostChart.SERVICES;
import static io.outpost.k8s.OutpostChart.objectName;
import static io.outpost.k8s.RenderedChartTest.container;
import static io.outpost.k8s.RenderedChartTest.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** What the production-like example (examples/values-production.yaml) switches on. */
class ProductionValuesTest {

    private static RenderedManifests manifests;

    @BeforeAll
    static void render() {
        manifests = OutpostChart.renderProduction();
    }

    @Test
    void ingressExposesOnlyTheWebhookPathsTheCustomerPagesAndTheCaseApi() {
        // Two Ingresses: this one, and the console's on a host of its own (ConsoleChartTest).
        assertThat(manifests.all(Ingress.class)).hasSize(2);
        Ingress ingress = manifests.get(Ingress.class, OutpostChart.RELEASE);
        assertThat(ingress.getSpec().getRules()).hasSize(1);
        assertThat(ingress.getSpec().getTls()).singleElement()
                .satisfies(tls -> assertThat(tls.getHosts()).containsExactly("care.example.com"));
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        Map<String, String> backendByPath = paths.stream().collect(Collectors.toMap(
                HTTPIngressPath::getPath, path -> path.getBackend().getService().getName()));

        assertThat(backendByPath).containsOnly(
                entry("/webhooks/meta", objectName("ingest-service")),
                entry("/webhooks/x", objectName("ingest-service")),
                entry("/s/", objectName("survey-service")),
                entry("/consent/", objectName("crm-link-service")),
                entry("/api/v1/cases", objectName("case-service")));
        assertThat(paths).filteredOn(path -> path.getPath().startsWith("/webhooks/"))
                .allSatisfy(path -> assertThat(path.getPathType()).isEqualTo("Exact"));
        assertThat(paths).allSatisfy(path -> assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http"));
    }

    @Test
    void autoscaledServicesLeaveTheReplicaCountToTheirAutoscaler() {
        List<String> autoscaled = manifests.all(HorizontalPodAutoscaler.class).stream()
                .map(hpa -> hpa.getSpec().getScaleTargetRef().getName()).toList();

        assertThat(autoscaled).containsExactlyInAnyOrder(objectName("ingest-service"), objectName("case-service"),
                objectName("survey-service"), objectName("crm-link-service"), objectName(OutpostChart.CONSOLE));
        for (String service : OutpostChart.WORKLOADS) {
            Deployment deployment = manifests.get(Deployment.class, objectName(service));
            if (autoscaled.contains(objectName(service))) {
                assertThat(deployment.getSpec().getReplicas()).as(service).isNull();
            } else {
                assertThat(deployment.getSpec().getReplicas()).as(service).isEqualTo(2);
            }
        }
        HorizontalPodAutoscaler ingest = manifests.get(HorizontalPodAutoscaler.class, objectName("ingest-service"));
        assertThat(ingest.getSpec().getMaxReplicas()).as("per-service override").isEqualTo(12);
        assertThat(ingest.getSpec().getMinReplicas()).as("kept from serviceDefaults").isEqualTo(2);
        assertThat(ingest.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    }

    @Test
    void aServiceOverrideMergesWithTheDefaultsKeyByKey() {
        var caseResources = container(manifests, "case-service").getResources();
        var surveyResources = container(manifests, "survey-service").getResources();

        assertThat(caseResources.getRequests().get("cpu").toString()).isEqualTo("300m");
        assertThat(surveyResources.getRequests().get("cpu").toString()).isEqualTo("200m");
        // The production values set no probes: the chart defaults survive the merge.
        assertThat(container(manifests, "case-service").getStartupProbe().getFailureThreshold()).isEqualTo(60);
    }

    @Test
    void everyServiceIsScrapedOnQMetrics() {
        assertThat(manifests.all(ServiceMonitor.class)).hasSize(SERVICES.size());
        for (String service : SERVICES) {
            ServiceMonitor monitor = manifests.get(ServiceMonitor.class, objectName(service));
            assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
            assertThat(monitor.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", service);
            assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
                assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
                assertThat(endpoint.getPort()).isEqualTo("http");
            });
        }
    }

    /** kube-prometheus-stack in namespace monitoring: its Grafana sidecar and its Prometheus pick these up. */
    @Test
    void theDashboardAndTheAlertsAreWiredToKubePrometheusStack() {
        ConfigMap dashboard = manifests.get(ConfigMap.class, "outpost-dashboard");
        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Outpost");
        assertThat(MonitoringTest.dashboard(manifests).path("uid").asText()).isEqualTo("outpost-overview");

        PrometheusRule rule = manifests.get(PrometheusRule.class, OutpostChart.RELEASE);
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(MonitoringTest.alerts(rule)).hasSize(5).allSatisfy((name, alert) -> {
            assertThat(alert.getLabels()).as(name).containsEntry("team", "customer-care");
            assertThat(alert.getExpr().getStrVal()).as(name).contains("namespace=\"outpost\"");
        });
    }

    /** The topic list must match the contracts module (read from its source: no build dependency). */
    @Test
    void strimziTopicsCoverEveryContractTopicAndItsDeadLetterTwin() throws IOException {
        List<String> expected = new ArrayList<>();
        for (String topic : contractTopics()) {
            expected.add(topic);
            expected.add(topic + ".dlq");
        }
        List<KafkaTopic> topics = manifests.all(KafkaTopic.class);

        assertThat(topics).extracting(t -> t.getSpec().getTopicName()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.getMetadata().getNamespace()).isEqualTo("kafka");
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "events");
            assertThat(topic.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
            assertThat(topic.getSpec().getReplicas()).isEqualTo(3);
            assertThat(topic.getSpec().getConfig()).containsEntry("min.insync.replicas", "2");
        });
        assertThat(topic(topics, "outpost.posts").getSpec().getPartitions()).isEqualTo(12);
        assertThat(topic(topics, "outpost.surveys").getSpec().getPartitions()).isEqualTo(6);
        assertThat(topic(topics, "outpost.posts.dlq").getSpec().getPartitions()).isEqualTo(1);
        assertThat(topic(topics, "outpost.identity").getSpec().getConfig())
                .containsEntry("retention.ms", "2592000000")
                .containsEntry("cleanup.policy", "delete");
    }

    @Test
    void kafkaUsesSaslScramOverTlsWithTheClusterCa() {
        for (String service : OutpostChart.WORKLOADS) {
            Container container = container(manifests, service);
            Map<String, String> config = manifests.get(ConfigMap.class, objectName(service)).getData();
            assertThat(config).contains(
                    entry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
                    entry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                    entry("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12"),
                    entry("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/outpost/kafka-truststore/ca.p12"));
            var jaas = env(container, "KAFKA_SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef();
            assertThat(jaas.getName()).isEqualTo("outpost-kafka-user");
            assertThat(jaas.getKey()).isEqualTo("sasl.jaas.config");
            assertThat(env(container, "KAFKA_SSL_TRUSTSTORE_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("events-cluster-ca-cert");
            assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
                assertThat(mount.getMountPath()).isEqualTo("/etc/outpost/kafka-truststore");
                assertThat(mount.getReadOnly()).isTrue();
            });
            if (!service.equals(OutpostChart.CONSOLE)) {
                assertThat(config.get("QUARKUS_DATASOURCE_JDBC_URL")).endsWith("?sslmode=require");
            }
        }
    }

    @Test
    void nativeImagesAreTaggedAsSuchAndGetNoJvmOptions() {
        for (String service : OutpostChart.WORKLOADS) {
            assertThat(container(manifests, service).getImage()).isEqualTo("ghcr.io/outpost/" + service + ":0.1.0-native");
            assertThat(manifests.get(ConfigMap.class, objectName(service)).getData()).doesNotContainKey("JAVA_OPTS_APPEND");
            assertThat(manifests.get(Deployment.class, objectName(service)).getSpec().getTemplate().getSpec()
                    .getImagePullSecrets()).extracting("name").containsExactly("ghcr-pull");
        }
    }

    private static KafkaTopic topic(List<KafkaTopic> topics, String name) {
        return topics.stream().filter(t -> t.getSpec().getTopicName().equals(name)).findFirst().orElseThrow();
    }

    static List<String> contractTopics() throws IOException {
        Path source = OutpostChart.REPO_DIR.resolve("contracts/src/main/java/io/outpost/contracts/Topics.java");
        Matcher matcher = Pattern.compile("static final String \\w+ = \"([a-z.-]+)\";").matcher(Files.readString(source));
        List<String> topics = new ArrayList<>();
        while (matcher.find()) {
            topics.add(matcher.group(1));
        }
        assertThat(topics).as("topics read from %s", source).hasSizeGreaterThanOrEqualTo(7);
        return topics;
    }
}
