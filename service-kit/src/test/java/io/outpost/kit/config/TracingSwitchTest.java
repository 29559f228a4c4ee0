package io.outpost.kit.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tracing (the SDK and the Kafka connector's spans) is on exactly when an OTLP endpoint is configured,
 * unless set explicitly otherwise.
 */
class TracingSwitchTest {

    @Test
    void offWithTheKitsDefaultsAlone() throws IOException {
        assertThat(sdkDisabled(Map.of(), 300)).isTrue();
        assertThat(kafkaTracing(Map.of(), 300)).isFalse();
    }

    @Test
    void theKafkaConnectorTracesExactlyWhenTheSdkIsOnUnlessToldOtherwise() throws IOException {
        assertThat(kafkaTracing(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"), 300)).isTrue();
        assertThat(kafkaTracing(Map.of("quarkus.otel.sdk.disabled", "false"), 250)).isTrue();
        assertThat(kafkaTracing(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317",
                "quarkus.otel.sdk.disabled", "true"), 300)).isFalse();
        assertThat(kafkaTracing(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317",
                "mp.messaging.connector.smallrye-kafka.tracing-enabled", "false"), 300)).isFalse();
    }

    @Test
    void onWhenAnEndpointIsSetByTheEnvironmentOrTheService() throws IOException {
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"), 300)).isFalse();
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4318"), 250)).isFalse();
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", " "), 300)).isTrue();
    }

    @Test
    void anExplicitSwitchWinsEitherWay() throws IOException {
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317",
                "quarkus.otel.sdk.disabled", "true"), 300)).isTrue();
        assertThat(sdkDisabled(Map.of("quarkus.otel.sdk.disabled", "false"), 300)).isFalse();
    }

    @Test
    void profilesAndExpressionsAreResolvedFirst() throws IOException {
        assertThat(sdkDisabled(Map.of("%test.quarkus.otel.exporter.otlp.endpoint", "${collector.url}",
                "collector.url", "http://collector:4317"), 250)).isFalse();
        assertThat(sdkDisabled(Map.of("%prod.quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"), 250)).isTrue();
    }

    private static boolean sdkDisabled(Map<String, String> operator, int ordinal) throws IOException {
        return config(operator, ordinal).getValue("quarkus.otel.sdk.disabled", Boolean.class);
    }

    private static boolean kafkaTracing(Map<String, String> operator, int ordinal) throws IOException {
        return config(operator, ordinal).getValue("mp.messaging.connector.smallrye-kafka.tracing-enabled", Boolean.class);
    }

    /** Service-kit's defaults (ordinal 100) and {@code operator}'s values, profile test. */
    private static SmallRyeConfig config(Map<String, String> operator, int ordinal) throws IOException {
        URL defaults = Path.of("src/main/resources/META-INF/microprofile-config.properties").toUri().toURL();
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("test")
                .withSources(new PropertiesConfigSource(defaults, 100))
                .withSources(new MapBackedConfigSource("operator", new HashMap<>(operator), ordinal) {
                })
                .withInterceptors(new TracingSwitch())
                .build();
        return config;
    }
}
