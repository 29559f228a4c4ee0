package io.outpost.kit.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.List;

/**
 * Tracing is on exactly when somewhere to send traces is configured (README "Tracing"). service-kit's
 * defaults switch it off in two places, and this interceptor switches both on when an OTLP endpoint
 * ({@code quarkus.otel.exporter.otlp.traces.endpoint} or {@code quarkus.otel.exporter.otlp.endpoint})
 * is set above those defaults: by the service's {@code application.properties}, the environment
 * ({@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}) or a system property.
 * <ul>
 * <li>{@code quarkus.otel.sdk.disabled} (default {@code true}): the SDK records and exports spans.
 * Without an endpoint it would export to OpenTelemetry's default ({@code localhost:4317}) and log a
 * failure for every batch.
 * <li>{@code mp.messaging.connector.smallrye-kafka.tracing-enabled} (default {@code false}):
 * SmallRye's Kafka spans and {@code traceparent} headers. Quarkus' "disabled" SDK still has a
 * sampling tracer without processors, so with the connector's tracing on, every record would get a
 * {@code traceparent} of a trace nobody records: off, the records are exactly as without tracing.
 * </ul>
 * Either property set explicitly (above the defaults) wins; {@code quarkus.otel.sdk.disabled=false}
 * alone also switches the connector's tracing on (e.g. tests with an in-memory exporter).
 *
 * <p>Registered through {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}; its
 * priority puts it outside the profile and expression interceptors, so it sees values as
 * resolved ({@code %test.} profiles, {@code ${...}} expressions).
 */
@Priority(Priorities.APPLICATION)
public class TracingSwitch implements ConfigSourceInterceptor {

    private static final long serialVersionUID = 1L;

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final String KAFKA_TRACING = "mp.messaging.connector.smallrye-kafka.tracing-enabled";
    static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.traces.endpoint",
            "quarkus.otel.exporter.otlp.endpoint");
    /** The ordinal of service-kit's {@code META-INF/microprofile-config.properties}: values above it are the operator's. */
    static final int KIT_DEFAULTS_ORDINAL = 100;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        boolean sdk = SDK_DISABLED.equals(name);
        if (!sdk && !KAFKA_TRACING.equals(name)) {
            return context.proceed(name);
        }
        ConfigValue value = context.proceed(name);
        if (isExplicit(value)) {
            return value;
        }
        boolean on = tracingOn(context);
        String answer = Boolean.toString(sdk ? !on : on);
        return value == null
                ? ConfigValue.builder().withName(name).withValue(answer).withConfigSourceName(getClass().getSimpleName())
                        .withConfigSourceOrdinal(KIT_DEFAULTS_ORDINAL).build()
                : value.withValue(answer);
    }

    /** quarkus.otel.sdk.disabled=false set explicitly, or else an endpoint set. */
    private static boolean tracingOn(ConfigSourceInterceptorContext context) {
        ConfigValue disabled = context.proceed(SDK_DISABLED);
        if (isExplicit(disabled)) {
            return !Boolean.parseBoolean(disabled.getValue().trim());
        }
        for (String endpoint : ENDPOINTS) {
            ConfigValue configured = context.proceed(endpoint);
            if (isExplicit(configured) && !configured.getValue().isBlank()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isExplicit(ConfigValue value) {
        return value != null && value.getValue() != null && value.getConfigSourceOrdinal() > KIT_DEFAULTS_ORDINAL;
    }
}
