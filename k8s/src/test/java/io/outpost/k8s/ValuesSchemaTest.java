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
                Arguments.of("sealing key that is not base64 of 32 bytes", sets("channelAccounts.secretKey", "short"),
                        "'/channelAccounts/secretKey'"),
                Arguments.of("X OAuth client id with whitespace", sets("xOAuth.clientId", "my client"), "'/xOAuth/clientId'"),
                Arguments.of("invalid X OAuth secret name", sets("xOAuth.existingSecret", "X_App"), "'/xOAuth/existingSecret'"),
                Arguments.of("OTLP endpoint that is not a URL", sets("tracing.otlpEndpoint", "collector:4317"),
                        "'/tracing/otlpEndpoint'"),
                Arguments.of("sampler ratio above 1", sets("tracing.samplerRatio", 2), "'/tracing/samplerRatio'"),
                Arguments.of("sampler ratio that is no number", sets("tracing.samplerRatio", "half"), "'/tracing/samplerRatio'"),
                Arguments.of("Ingress path outside /webhooks", sets("ingress.webhookPaths[0]", "/q/metrics"),
                        "'/ingress/webhookPaths/0'"),
                Arguments.of("public base URL that is not a URL", sets("links.publicBaseUrl", "care.example.com"),
                        "'/links/publicBaseUrl'"),
                Arguments.of("public base URL with a path (the Ingress serves the pages at the root)",
                        sets("links.publicBaseUrl", "https://care.example.com/outpost"), "'/links/publicBaseUrl'"),
                Arguments.of("per-service public URL that is not a URL",
                        sets("links.services.crm-link-service.publicBaseUrl", "ftp://care.example.com"),
                        "'/links/services/crm-link-service/publicBaseUrl'"),
                Arguments.of("public URL for a service without pages", sets("links.services.case-service.publicBaseUrl",
                        "https://care.example.com"), "additional properties 'case-service'"),
                Arguments.of("link key shorter than 32 bytes", sets("links.existingSecret", "", "links.secret", "short"),
                        "'/links/secret'"),
                Arguments.of("earlier link key with a comma (they are joined by commas)",
                        sets("links.previousSecrets[0]", "0123456789abcdef,0123456789abcdef"), "'/links/previousSecrets/0'"),
                Arguments.of("empty links secret key name", sets("links.secretKey", ""), "'/links/secretKey'"),
                Arguments.of("page path over more than one segment", sets("ingress.publicPages.paths[0].path", "/api/v1/",
                        "ingress.publicPages.paths[0].service", "survey-service"),
                        "'/ingress/publicPages/paths/0/path'"),
                Arguments.of("alert duration Prometheus cannot read", sets("monitoring.prometheusRule.alerts.outboxBacklogOld.for",
                        "5 minutes"), "'/monitoring/prometheusRule/alerts/outboxBacklogOld/for'"),
                Arguments.of("unknown alert (typo)", sets("monitoring.prometheusRule.alerts.deadLetter.enabled", false),
                        "additional properties 'deadLetter'"),
                Arguments.of("negative consumer lag threshold", sets("monitoring.prometheusRule.alerts.consumerLagHigh.records", -1),
                        "'/monitoring/prometheusRule/alerts/consumerLagHigh/records': minimum"),
                Arguments.of("SLA threshold that is not a number", sets("monitoring.prometheusRule.alerts.slaBreaches.perHour", "ten"),
                        "'/monitoring/prometheusRule/alerts/slaBreaches/perHour'"),
                Arguments.of("severity among the extra alert labels (each alert sets its own)",
                        sets("monitoring.prometheusRule.alertLabels.severity", "page"), "'/monitoring/prometheusRule/alertLabels'"),
                Arguments.of("alert label that Prometheus refuses", sets("monitoring.prometheusRule.alertLabels.team-name", "care"),
                        "invalid propertyName 'team-name'"),
                Arguments.of("dashboard label key with a space", sets("monitoring.dashboard.label", "grafana dashboard"),
                        "'/monitoring/dashboard/label'"),
                Arguments.of("unknown dashboard key (typo)", sets("monitoring.dashboard.enable", true),
                        "additional properties 'enable'"),
                Arguments.of("unknown console key (typo)", sets("console.replica", 3), "additional properties 'replica'"),
                Arguments.of("a database for the console, which has none", sets("console.database.name", "outpost_console"),
                        "additional properties 'database'"),
                Arguments.of("negative console replicas", sets("console.replicas", -1), "'/console/replicas': minimum"),
                Arguments.of("console issuer that is not a URL", sets("console.oidc.authServerUrl", "keycloak"),
                        "'/console/oidc/authServerUrl'"),
                Arguments.of("no issuer at all (the console falls back to oidc.authServerUrl)",
                        sets("console.oidc.authServerUrl", "", "oidc.authServerUrl", ""), "'/oidc/authServerUrl'"),
                Arguments.of("empty console client id", sets("console.oidc.clientId", ""), "'/console/oidc/clientId'"),
                Arguments.of("inline console client secret shorter than 32 characters (it keys the session cookie)",
                        sets("console.oidc.existingSecret", "", "console.oidc.clientSecret", "short"),
                        "'/console/oidc/clientSecret'"),
                Arguments.of("invalid console secret name", sets("console.oidc.existingSecret", "Console_OIDC"),
                        "'/console/oidc/existingSecret'"),
                Arguments.of("console host with a scheme", sets("console.ingress.host", "https://agents.example.com"),
                        "'/console/ingress/host'"),
                Arguments.of("unknown console Ingress key (typo)", sets("console.ingress.tls", "agents-tls"),
                        "additional properties 'tls'"),
                Arguments.of("a service named console (the console has its own values)",
                        sets("services.console.port", 8090, "services.console.image.repository", "outpost/console"),
                        "invalid propertyName 'console'"));
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
                "image.flavor", "native",
                "links.publicBaseUrl", "http://localhost:8084/",
                "links.services.survey-service.publicBaseUrl", "https://feedback.example.com",
                "links.existingSecret", "",
                "links.secret", "0123456789abcdef0123456789abcdef",
                "links.previousSecrets[0]", "fedcba9876543210fedcba9876543210",
                "ingress.publicPages.paths[0].path", "/answers/",
                "ingress.publicPages.paths[0].service", "survey-service",
                "monitoring.prometheusRule.alerts.outboxBacklogOld.for", "1h30m",
                "monitoring.prometheusRule.alerts.consumerLagHigh.records", 0,
                "monitoring.prometheusRule.alerts.slaBreaches.perHour", "2.5",
                "monitoring.prometheusRule.alertLabels.team_name", "care",
                "monitoring.dashboard.label", "grafana.example.com/dashboard",
                "console.replicas", 0,
                "console.oidc.authServerUrl", "http://keycloak.sso.svc:8080/realms/outpost",
                "console.oidc.existingSecret", "",
                "console.oidc.clientSecret", "0123456789abcdef0123456789abcdef",
                "console.ingress.enabled", true,
                "console.ingress.host", "agents.example.com",
                "console.ingress.tlsSecret", "agents-tls"))).doesNotThrowAnyException();
    }

    /** Selectors go inside the chart's braces: a value with braces of its own would break every expression. */
    @Test
    void schemaRejectsAnAlertSelectorWithBraces(@TempDir Path tmp) throws IOException {
        Path values = Files.writeString(tmp.resolve("selector.yaml"),
                "monitoring:\n  prometheusRule:\n    selector: '{namespace=\"care\"}'\n");

        assertThatThrownBy(() -> OutpostChart.template(List.of(values), Map.of()))
                .hasMessageContaining("don't meet the specifications of the schema")
                .hasMessageContaining("'/monitoring/prometheusRule/selector'");
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
