package io.outpost.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.outpost.k8s.OutpostChart.CONSOLE;
import static io.outpost.k8s.OutpostChart.SERVICES;
import static io.outpost.k8s.OutpostChart.WORKLOADS;
import static io.outpost.k8s.OutpostChart.objectName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * What must hold for every service whatever the values: rendered with the defaults and
 * with the production-like example. Parsing (RenderedManifests) already failed on unknown
 * kinds and fields.
 */
class RenderedChartTest {

    private static final Pattern SECRET_LIKE_ENV = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN$|JAAS).*");

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of(Named.of("defaults", OutpostChart.renderDefaults())),
                Arguments.of(Named.of("production values", OutpostChart.renderProduction())));
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyServiceHasItsFullSetOfObjects(RenderedManifests manifests) {
        for (String service : WORKLOADS) {
            String name = objectName(service);
            manifests.get(Deployment.class, name);
            manifests.get(Service.class, name);
            manifests.get(ServiceAccount.class, name);
            manifests.get(ConfigMap.class, name);
            manifests.get(PodDisruptionBudget.class, name);
            manifests.get(NetworkPolicy.class, name);
        }
        assertThat(manifests.all(Deployment.class)).hasSize(WORKLOADS.size());
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyPodIsHardened(RenderedManifests manifests) {
        for (String service : WORKLOADS) {
            Deployment deployment = manifests.get(Deployment.class, objectName(service));
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertSoftly(soft -> {
                soft.assertThat(podSecurity.getRunAsNonRoot()).as("%s pod runAsNonRoot", service).isTrue();
                soft.assertThat(podSecurity.getRunAsUser()).as("%s pod runAsUser", service).isNotEqualTo(0L);
                soft.assertThat(podSecurity.getSeccompProfile().getType()).as("%s pod seccomp", service)
                        .isEqualTo("RuntimeDefault");
                soft.assertThat(pod.getAutomountServiceAccountToken()).as("%s token automount", service).isFalse();
                soft.assertThat(pod.getServiceAccountName()).isEqualTo(objectName(service));
                soft.assertThat(pod.getHostNetwork()).as("%s hostNetwork", service).isNotEqualTo(Boolean.TRUE);
                soft.assertThat(pod.getContainers()).hasSize(1);
                for (Container container : pod.getContainers()) {
                    SecurityContext security = container.getSecurityContext();
                    soft.assertThat(security.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", service).isTrue();
                    soft.assertThat(security.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", service).isFalse();
                    soft.assertThat(security.getPrivileged()).as("%s privileged", service).isNotEqualTo(Boolean.TRUE);
                    soft.assertThat(security.getRunAsNonRoot()).as("%s container runAsNonRoot", service).isTrue();
                    soft.assertThat(security.getCapabilities().getDrop()).as("%s capabilities.drop", service).containsExactly("ALL");
                    soft.assertThat(security.getCapabilities().getAdd()).as("%s capabilities.add", service).isNullOrEmpty();
                    soft.assertThat(security.getSeccompProfile().getType()).as("%s container seccomp", service)
                            .isEqualTo("RuntimeDefault");
                    soft.assertThat(container.getImage()).as("%s image", service)
                            .matches("[^:@]+/outpost/" + service + "(:[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[a-f0-9]{64})")
                            .doesNotEndWith(":latest");
                    // The only writable path: /tmp, backed by an emptyDir.
                    soft.assertThat(container.getVolumeMounts())
                            .filteredOn(mount -> !Boolean.TRUE.equals(mount.getReadOnly()))
                            .singleElement()
                            .satisfies(mount -> {
                                assertThat(mount.getMountPath()).isEqualTo("/tmp");
                                Volume volume = pod.getVolumes().stream()
                                        .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
                                assertThat(volume.getEmptyDir()).as("/tmp volume is an emptyDir").isNotNull();
                            });
                }
            });
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyContainerHasTheThreeHealthProbesOnItsHttpPort(RenderedManifests manifests) {
        for (String service : WORKLOADS) {
            Container container = container(manifests, service);
            assertThat(container.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getName()).isEqualTo("http");
                assertThat(port.getContainerPort()).isEqualTo(OutpostChart.PORTS.get(service));
            });
            assertSoftly(soft -> {
                soft.assertThat(httpGet(container.getStartupProbe(), service, "startup").getPath()).isEqualTo("/q/health/started");
                soft.assertThat(httpGet(container.getLivenessProbe(), service, "liveness").getPath()).isEqualTo("/q/health/live");
                soft.assertThat(httpGet(container.getReadinessProbe(), service, "readiness").getPath()).isEqualTo("/q/health/ready");
                for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                    soft.assertThat(probe.getHttpGet().getPort().getStrVal()).as("%s probe port", service).isEqualTo("http");
                    soft.assertThat(probe.getPeriodSeconds()).as("%s probe period", service).isPositive();
                    soft.assertThat(probe.getFailureThreshold()).as("%s probe failureThreshold", service).isPositive();
                }
                // The startup probe must leave time for Flyway; liveness only starts after it.
                Probe startup = container.getStartupProbe();
                soft.assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
                        .as("%s startup budget in seconds", service).isGreaterThanOrEqualTo(60);
            });
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyContainerHasResourceRequestsAndAMemoryLimit(RenderedManifests manifests) {
        for (String service : WORKLOADS) {
            var resources = container(manifests, service).getResources();
            assertSoftly(soft -> {
                soft.assertThat(resources.getRequests()).as("%s requests", service).containsKeys("cpu", "memory");
                soft.assertThat(resources.getLimits()).as("%s limits", service).containsKey("memory");
                soft.assertThat(resources.getLimits().get("memory").getNumericalAmount())
                        .as("%s memory limit >= request", service)
                        .isGreaterThanOrEqualTo(resources.getRequests().get("memory").getNumericalAmount());
            });
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyServiceHasAPodDisruptionBudgetThatSelectsItsPods(RenderedManifests manifests) {
        for (String service : WORKLOADS) {
            Map<String, String> podLabels = podLabels(manifests, service);
            PodDisruptionBudget pdb = manifests.get(PodDisruptionBudget.class, objectName(service));
            assertThat(podLabels).as("%s PDB selects the pods", service)
                    .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
            assertThat(pdb.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", service);
            assertThat(pdb.getSpec().getMaxUnavailable() != null || pdb.getSpec().getMinAvailable() != null)
                    .as("%s PDB sets a budget", service).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyServiceHasANetworkPolicyLimitingIngressToItsPortAndEgressToItsDependencies(RenderedManifests manifests) {
        for (String service : WORKLOADS) {
            NetworkPolicy policy = manifests.get(NetworkPolicy.class, objectName(service));
            assertThat(podLabels(manifests, service)).as("%s policy selects the pods", service)
                    .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
            assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", service);
            assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(policy.getSpec().getIngress()).as("%s ingress rules", service).allSatisfy(rule -> {
                assertThat(rule.getPorts()).as("ingress opens only the http port")
                        .extracting(port -> port.getPort().getStrVal()).containsExactly("http");
                assertThat(rule.getFrom()).as("ingress names its peers (no open rule)").isNotEmpty();
            });
            List<Integer> egressPorts = policy.getSpec().getEgress().stream()
                    .map(NetworkPolicyEgressRule::getPorts)
                    .flatMap(List::stream)
                    .map(NetworkPolicyPort::getPort)
                    .map(port -> port.getIntVal())
                    .toList();
            assertThat(egressPorts).as("%s egress: DNS, Kafka, OIDC", service)
                    .contains(53, 443)
                    .containsAnyOf(9092, 9093);
            if (service.equals(CONSOLE)) {
                assertThat(egressPorts).as("the console has no database").doesNotContain(5432);
            } else {
                assertThat(egressPorts).as("%s egress: PostgreSQL", service).contains(5432);
            }
            assertThat(policy.getSpec().getEgress()).as("%s egress rules are port-scoped", service)
                    .allSatisfy(rule -> assertThat(rule.getPorts()).isNotEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyServiceRoutesToItsPodsHttpPortAndStaysInternal(RenderedManifests manifests) {
        for (String service : WORKLOADS) {
            Service kubeService = manifests.get(Service.class, objectName(service));
            assertThat(kubeService.getSpec().getType()).isEqualTo("ClusterIP");
            assertThat(podLabels(manifests, service)).containsAllEntriesOf(kubeService.getSpec().getSelector());
            assertThat(kubeService.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", service);
            assertThat(kubeService.getSpec().getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getPort()).isEqualTo(OutpostChart.PORTS.get(service));
                assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
            });
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyServiceIsConfiguredForItsOwnDatabaseKafkaAndOidc(RenderedManifests manifests) {
        for (String service : SERVICES) {
            Map<String, String> config = manifests.get(ConfigMap.class, objectName(service)).getData();
            String database = OutpostChart.DATABASES.get(service);
            assertSoftly(soft -> {
                soft.assertThat(config.get("QUARKUS_DATASOURCE_JDBC_URL")).as(service)
                        .matches("jdbc:postgresql://[^/]+:5432/" + database + "(\\?.*)?");
                soft.assertThat(config.get("QUARKUS_DATASOURCE_REACTIVE_URL")).as(service)
                        .matches("postgresql://[^/]+:5432/" + database + "(\\?.*)?");
                soft.assertThat(config.get("KAFKA_BOOTSTRAP_SERVERS")).as(service).matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*");
                soft.assertThat(config.get("QUARKUS_OIDC_AUTH_SERVER_URL")).as(service).startsWith("https://");
                soft.assertThat(config.get("QUARKUS_HTTP_PORT")).isEqualTo(String.valueOf(OutpostChart.PORTS.get(service)));
            });
            Container container = container(manifests, service);
            assertThat(container.getEnvFrom()).singleElement()
                    .satisfies(from -> assertThat(from.getConfigMapRef().getName()).isEqualTo(objectName(service)));
            assertThat(env(container, "QUARKUS_DATASOURCE_USERNAME").getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo(env(container, "QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getName());
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void secretLikeVariablesOnlyComeFromSecrets(RenderedManifests manifests) {
        for (String service : WORKLOADS) {
            Container container = container(manifests, service);
            List<EnvVar> secretLike = container.getEnv().stream()
                    .filter(e -> SECRET_LIKE_ENV.matcher(e.getName()).matches()).toList();
            assertThat(secretLike).as("%s has its database password (the console: its client secret) at least", service)
                    .isNotEmpty();
            assertThat(secretLike).allSatisfy(e -> {
                assertThat(e.getValue()).as(e.getName()).isNull();
                assertThat(e.getValueFrom().getSecretKeyRef()).as(e.getName()).isNotNull();
            });
            assertThat(manifests.get(ConfigMap.class, objectName(service)).getData().keySet())
                    .noneMatch(key -> SECRET_LIKE_ENV.matcher(key).matches());
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void onlyTheWebhookServiceGetsTheWebhookSecrets(RenderedManifests manifests) {
        for (String service : WORKLOADS) {
            List<String> names = container(manifests, service).getEnv().stream().map(EnvVar::getName).toList();
            if (service.equals("ingest-service")) {
                assertThat(names).contains("OUTPOST_META_APP_SECRET", "OUTPOST_META_VERIFY_TOKEN", "OUTPOST_X_CONSUMER_SECRET");
            } else {
                assertThat(names).as(service).noneMatch(name -> name.startsWith("OUTPOST_META_") || name.startsWith("OUTPOST_X_"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyObjectCarriesTheReleaseLabels(RenderedManifests manifests) {
        for (HasMetadata object : manifests.all()) {
            assertThat(object.getMetadata().getLabels()).as("%s/%s", object.getKind(), object.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/instance", OutpostChart.RELEASE)
                    .containsEntry("app.kubernetes.io/part-of", "outpost")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm");
        }
    }

    static Container container(RenderedManifests manifests, String service) {
        return manifests.get(Deployment.class, objectName(service)).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Map<String, String> podLabels(RenderedManifests manifests, String service) {
        return manifests.get(Deployment.class, objectName(service)).getSpec().getTemplate().getMetadata().getLabels();
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.getName()));
    }

    private static HTTPGetAction httpGet(Probe probe, String service, String kind) {
        assertThat(probe).as("%s %s probe", service, kind).isNotNull();
        assertThat(probe.getHttpGet()).as("%s %s probe is an HTTP GET", service, kind).isNotNull();
        return probe.getHttpGet();
    }
}
