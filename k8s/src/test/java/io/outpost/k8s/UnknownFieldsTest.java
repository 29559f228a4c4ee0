package io.outpost.k8s;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser the other tests rely on does reject what fabric8 alone would accept. */
class UnknownFieldsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: probe
            spec:
              selector:
                matchLabels: {app: probe}
              template:
                metadata:
                  labels: {app: probe}
                spec:
                  containers:
                    - name: app
                      image: example/app:1
                      %s
            """;

    @Test
    void aMisspeltNestedFieldIsReportedWithItsPath() {
        String yaml = DEPLOYMENT.formatted("securityContxt: {readOnlyRootFilesystem: true}");

        assertThatThrownBy(() -> RenderedManifests.parse(yaml))
                .hasMessageContaining("spec.template.spec.containers[0].securityContxt");
    }

    @Test
    void aWellFormedObjectPasses() {
        String yaml = DEPLOYMENT.formatted("securityContext: {readOnlyRootFilesystem: true}");

        assertThat(RenderedManifests.parse("---\n" + yaml).all()).hasSize(1);
    }

    @Test
    void anUnknownApiVersionIsRejected() {
        String yaml = DEPLOYMENT.replace("apps/v1", "apps/v2").formatted("");

        assertThatThrownBy(() -> RenderedManifests.parse(yaml)).hasMessageContaining("unknown apiVersion/kind apps/v2/Deployment");
    }

    @Test
    void aMisspeltKafkaTopicFieldIsReported() {
        String yaml = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata:
                  name: outpost.posts
                spec:
                  partition: 3
                """;

        assertThatThrownBy(() -> RenderedManifests.parse(yaml)).hasMessageContaining("spec.partition");
    }

    @Test
    void aMisspeltPrometheusRuleFieldIsReported() {
        String yaml = """
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: outpost
                spec:
                  groups:
                    - name: outpost
                      rules:
                        - alert: OutpostDeadLetters
                          expr: vector(1)
                          fro: 5m
                """;

        assertThatThrownBy(() -> RenderedManifests.parse(yaml)).hasMessageContaining("spec.groups[0].rules[0].fro");
    }
}
