package io.outpost.kit.messaging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C trace context ({@code traceparent}) of one post's journey, as it is kept between the
 * steps that OpenTelemetry does not see: in an outbox row ({@code outbox_event.trace_parent}), on
 * an inbound event ({@link InboundEvent#traceParent()}) and on the intake buffer's records. On
 * Kafka it travels as the {@code traceparent} record header, the one SmallRye's Kafka connector
 * writes and reads (W3C Trace Context propagation; it is not a {@code ce_} attribute).
 *
 * <p>Only the {@code traceparent} is kept (version, trace id, parent span id, flags); an absent
 * or malformed one is {@code null} everywhere, and nothing fails for want of it.
 */
public final class TraceContext {

    /** The record header (and W3C HTTP header) that carries the trace context. */
    public static final String HEADER = "traceparent";

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContext() {
    }

    /**
     * The {@code traceparent} of the current OpenTelemetry context (an HTTP request's span, a
     * consumed event's context made current by {@link EventInbox}), or null when there is none.
     */
    public static String current() {
        return of(Context.current());
    }

    /** The {@code traceparent} naming the context's span as parent, or null when it has no valid span context. */
    public static String of(Context context) {
        if (context == null) {
            return null;
        }
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(context, carrier, (map, key, value) -> map.put(key, value));
        return carrier.get(HEADER);
    }

    /**
     * The context a {@code traceparent} names as a remote parent (to start child spans under, or to
     * make current), or null when it is absent or malformed.
     */
    public static Context parse(String traceParent) {
        if (traceParent == null || traceParent.isBlank()) {
            return null;
        }
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(HEADER, traceParent.trim()),
                GETTER);
        return Span.fromContext(extracted).getSpanContext().isValid() ? extracted : null;
    }

    /** The {@code traceparent} trimmed if it is well-formed, else null. */
    public static String valid(String traceParent) {
        return parse(traceParent) == null ? null : traceParent.trim();
    }

    /** The trace id (32 hex digits) of a {@code traceparent}, or null when it is absent or malformed. */
    public static String traceId(String traceParent) {
        Context context = parse(traceParent);
        return context == null ? null : Span.fromContext(context).getSpanContext().getTraceId();
    }

    /** The last {@code traceparent} header of a Kafka record, if well-formed; else null. */
    public static String fromHeaders(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        return valid(new String(header.value(), StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code work} with the trace context a {@code traceparent} names made current (from its
     * subscription until it ends), so that what it writes to the outbox ({@link Outbox#add}) and the
     * spans it starts belong to that trace. Without a valid {@code traceparent} the work runs in the
     * caller's context.
     *
     * <p>Quarkus keeps the current OpenTelemetry context on the Vert.x duplicated context, which
     * Hibernate Reactive's chain stays on: subscribe on the consumer's context ({@link EventInbox#onContext}).
     */
    public static <T> Uni<T> within(String traceParent, Supplier<Uni<? extends T>> work) {
        Context parent = parse(traceParent);
        if (parent == null) {
            return Uni.createFrom().deferred(work);
        }
        return Uni.createFrom().deferred(() -> {
            Scope scope = parent.makeCurrent();
            Uni<? extends T> running;
            try {
                running = work.get();
            } catch (RuntimeException | Error e) {
                scope.close();
                throw e;
            }
            return Uni.createFrom().<T>deferred(() -> running).onTermination().invoke(scope::close);
        });
    }
}
