package io.outpost.k8s;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.outpost.k8s.OutpostChart.sets;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json refuses bad values before anything is rendered. */
class ValuesSchemaTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("negative replicas of one service", sets("services.case-service.replicas", -1),
                        "'/services/case-service/replicas': minimum"),
                Arguments.of("negative default replicas", sets("serviceDefaults.replicas", -3),
                        "'/serviceDefaults/replicas': minimum"),
                Arguments.of("empty image tag", sets("image.tag", ""), "'/image/tag': minLength"),
                Arguments.of("the latest tag", sets("image.tag", "latest"), "'/image/tag'"),
                Arguments.of("empty per-service tag", sets("services.survey-service.image.tag", ""),
                        "'/services/survey-service/image/tag': minLength"),
                Arguments.of("unknown top-level key (typo)", sets("imag.tag", "0.1.0"), "additional properties 'imag'"),
                Arguments.of("unknown service key (typo)", sets("services.case-service.replica", 3),
                        "additional properties 'replica'"),
                Arguments.of("unknown Kafka security protocol", sets("kafka.securityProtocol", "TLS"), "'/kafka/securityProtocol'"),
                Arguments.of("bootstrap servers without port", sets("kafka.bootstrapServers", "kafka.svc"), "'/kafka/bootstrapServers'"),
                Arguments.of("privileged port", sets("services.case-service.port", 80), "'/services/case-service/port': minimum"),
                Arguments.of("OIDC issuer that is not a URL", sets("oidc.authServerUrl", "keycloak"), "'/oidc/authServerUrl'"),
                Arguments.of("autoscaling above 100 % CPU", sets("serviceDefaults.autoscaling.targetCPUUtilizationPercentage", 150),
                        "'/serviceDefaults/autoscaling/targetCPUUtilizationPercentage': maximum"),
                Arguments.of("invalid secret name", sets("services.case-service.database.existingSecret", "Case_DB"),
                        "'/services/case-service/database/existingSecret'"),
                Arguments.of("image flavour", sets("image.flavor", "wasm"), "'/image/flavor'"),
                Arguments.of("Ingress path outside /webhooks", sets("ingress.webhookPaths[0]", "/q/metrics"),
                        "'/ingress/webhookPaths/0'"));
    }

    /** A missing tag: a values file's null removes the key from the defaults (Helm's merge). */
    @Test
    void schemaRejectsAMissingImageTag(@TempDir Path tmp) throws IOException {
        Path values = Files.writeString(tmp.resolve("no-tag.yaml"), "image:\n  tag: null\n");

        assertThatThrownBy(() -> OutpostChart.template(List.of(values), Map.of()))
                .hasMessageContaining("schema")
                .hasMessageContaining("missing property 'tag'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void schemaRejects(String description, Map<String, Object> values, String violation) {
        assertThatThrownBy(() -> OutpostChart.template(List.of(), values))
                .hasMessageContaining("don't meet the specifications of the schema")
                .hasMessageContaining(violation);
    }

    /** The harness above only fails on the value under test: valid neighbours pass. */
    @Test
    void schemaAcceptsValidValuesOfTheSameFields() {
        assertThatCode(() -> OutpostChart.template(List.of(), sets(
                "services.case-service.replicas", 0,
                "image.tag", "1.2.3-rc.1",
                "services.survey-service.image.tag", "1.2.4",
                "kafka.securityProtocol", "SSL",
                "kafka.bootstrapServers", "a.kafka.svc:9093,b.kafka.svc:9093",
                "oidc.authServerUrl", "http://keycloak.sso.svc:8080/realms/outpost",
                "serviceDefaults.autoscaling.targetCPUUtilizationPercentage", 100,
                "image.flavor", "native"))).doesNotThrowAnyException();
    }

    @Test
    void autoscalingWithMinAboveMaxIsRefused() {
        assertThatThrownBy(() -> OutpostChart.template(List.of(), sets(
                "services.routing-service.autoscaling.enabled", true,
                "services.routing-service.autoscaling.minReplicas", 5,
                "services.routing-service.autoscaling.maxReplicas", 3)))
                .hasMessageContaining("services.routing-service.autoscaling: minReplicas is greater than maxReplicas");
    }
}
