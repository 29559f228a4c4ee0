package io.outpost.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Where the suite's services send their traces: an OTLP/HTTP endpoint ({@code http/protobuf}) that
 * answers every export with 200 and keeps nothing, except while {@link #record recording}, when it
 * reads the spans (service, trace, span, parent, name) from the protobuf for a test to look at. It
 * lets the suite run with tracing on (service-kit switches the SDK on when an endpoint is set)
 * without a collector, and without export failures in the logs.
 */
final class OtlpSink implements AutoCloseable {

    /** One exported span, as far as the tests look at it. Ids in lower-case hex. */
    record Span(String service, String traceId, String spanId, String parentSpanId, String name, int kind) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "otlp-sink");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean recording = new AtomicBoolean();
    private final List<Span> recorded = new ArrayList<>();
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();

    private OtlpSink(HttpServer server) {
        this.server = server;
    }

    static OtlpSink start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        OtlpSink sink = new OtlpSink(server);
        server.createContext("/", sink::handle);
        server.setExecutor(sink.executor);
        server.start();
        return sink;
    }

    /** The base URL for {@code quarkus.otel.exporter.otlp.traces.endpoint} (the exporter appends /v1/traces). */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Starts keeping the spans of what is exported from now on (none kept before). */
    void record() {
        synchronized (recorded) {
            recorded.clear();
        }
        recording.set(true);
    }

    /** Stops keeping spans and forgets those kept. */
    void stopRecording() {
        recording.set(false);
        synchronized (recorded) {
            recorded.clear();
        }
    }

    /** The spans kept since {@link #record()} of one trace. */
    List<Span> trace(String traceId) {
        synchronized (recorded) {
            return recorded.stream().filter(s -> s.traceId().equals(traceId)).toList();
        }
    }

    /** Export requests answered (all of them 200) and those whose body could not be read. */
    long exports() {
        return exports.get();
    }

    long unreadable() {
        return unreadable.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            exports.incrementAndGet();
            if (recording.get()) {
                try {
                    List<Span> spans = parseExport(body);
                    synchronized (recorded) {
                        recorded.addAll(spans);
                    }
                } catch (RuntimeException e) {
                    unreadable.incrementAndGet();
                }
            }
            // An empty ExportTraceServiceResponse: full success.
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- OTLP protobuf, as far as needed

    /** ExportTraceServiceRequest: 1 resource_spans. */
    static List<Span> parseExport(byte[] body) {
        List<Span> spans = new ArrayList<>();
        Proto request = new Proto(body, 0, body.length);
        while (request.next()) {
            if (request.field == 1 && request.wire == 2) {
                parseResourceSpans(request.message(), spans);
            } else {
                request.skip();
            }
        }
        return spans;
    }

    /** ResourceSpans: 1 resource, 2 scope_spans. */
    private static void parseResourceSpans(Proto resourceSpans, List<Span> spans) {
        String service = null;
        List<Proto> scopes = new ArrayList<>();
        while (resourceSpans.next()) {
            if (resourceSpans.field == 1 && resourceSpans.wire == 2) {
                service = serviceName(resourceSpans.message());
            } else if (resourceSpans.field == 2 && resourceSpans.wire == 2) {
                scopes.add(resourceSpans.message());
            } else {
                resourceSpans.skip();
            }
        }
        for (Proto scope : scopes) {
            while (scope.next()) { // ScopeSpans: 2 spans
                if (scope.field == 2 && scope.wire == 2) {
                    spans.add(parseSpan(service, scope.message()));
                } else {
                    scope.skip();
                }
            }
        }
    }

    /** Resource: 1 attributes (KeyValue: 1 key, 2 value (AnyValue: 1 string_value)); the service.name. */
    private static String serviceName(Proto resource) {
        String name = null;
        while (resource.next()) {
            if (resource.field == 1 && resource.wire == 2) {
                Proto keyValue = resource.message();
                String key = null;
                String value = null;
                while (keyValue.next()) {
                    if (keyValue.field == 1 && keyValue.wire == 2) {
                        key = keyValue.string();
                    } else if (keyValue.field == 2 && keyValue.wire == 2) {
                        Proto any = keyValue.message();
                        while (any.next()) {
                            if (any.field == 1 && any.wire == 2) {
                                value = any.string();
                            } else {
                                any.skip();
                            }
                        }
                    } else {
                        keyValue.skip();
                    }
                }
                if ("service.name".equals(key)) {
                    name = value;
                }
            } else {
                resource.skip();
            }
        }
        return name;
    }

    /** Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind. */
    private static Span parseSpan(String service, Proto span) {
        String traceId = null;
        String spanId = null;
        String parent = "";
        String name = null;
        int kind = 0;
        while (span.next()) {
            switch (span.field) {
                case 1 -> traceId = HexFormat.of().formatHex(span.bytes());
                case 2 -> spanId = HexFormat.of().formatHex(span.bytes());
                case 4 -> parent = HexFormat.of().formatHex(span.bytes());
                case 5 -> name = span.string();
                case 6 -> kind = (int) span.varint();
                default -> span.skip();
            }
        }
        return new Span(service, traceId, spanId, parent, name, kind);
    }

    /** A protobuf message's fields, one at a time. */
    private static final class Proto {
        private final byte[] data;
        private int position;
        private final int end;
        int field;
        int wire;

        Proto(byte[] data, int from, int to) {
            this.data = data;
            this.position = from;
            this.end = to;
        }

        boolean next() {
            if (position >= end) {
                return false;
            }
            long tag = varint();
            field = (int) (tag >>> 3);
            wire = (int) (tag & 7);
            return true;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = data[position++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalStateException("malformed varint");
        }

        private int length() {
            int length = (int) varint();
            if (length < 0 || position + length > end) {
                throw new IllegalStateException("length beyond the message");
            }
            return length;
        }

        Proto message() {
            int length = length();
            Proto inner = new Proto(data, position, position + length);
            position += length;
            return inner;
        }

        byte[] bytes() {
            int length = length();
            byte[] value = java.util.Arrays.copyOfRange(data, position, position + length);
            position += length;
            return value;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void skip() {
            switch (wire) {
                case 0 -> varint();
                case 1 -> position += 8;
                case 2 -> {
                    int length = length(); // read first: "position += length()" would add to the position before it
                    position += length;
                }
                case 5 -> position += 4;
                default -> throw new IllegalStateException("wire type " + wire);
            }
        }
    }
}
