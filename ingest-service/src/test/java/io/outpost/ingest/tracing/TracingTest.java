package io.outpost.ingest.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.devstack.Devstack;
import io.outpost.devstack.TestEvents;
import io.outpost.ingest.PostEvents;
import io.outpost.ingest.WebhookSamples;
import io.outpost.ingest.domain.WebhookSignatures;
import io.outpost.kit.messaging.TraceContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * One post's way through ingest-service is one trace (service-kit README "Tracing"): the webhook's
 * HTTP span, the intake buffer's record ({@code traceparent} header), its consumer span, and the
 * outbox relay's producer spans of the post.ingested events, whose records carry that trace on.
 * This module's tests run with the SDK on and an in-memory exporter.
 */
@QuarkusTest
class TracingTest {

    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aWebhookDeliverysPostsArePublishedInTheTraceOfTheWebhookRequest() throws InterruptedException {
        String run = WebhookSamples.newRun();
        byte[] body = WebhookSamples.load("x/tweet-create.json", run).getBytes(StandardCharsets.UTF_8);
        String secret = ConfigProvider.getConfig().getValue("outpost.x.consumer-secret", String.class);
        given().contentType(ContentType.JSON).body(body)
                .header("x-twitter-webhooks-signature", WebhookSignatures.xSignature(secret, body))
                .when().post("/webhooks/x").then().statusCode(200);

        List<ConsumerRecord<String, String>> posts = PostEvents.exactly(run, 2);
        Set<String> traceIds = posts.stream().map(TracingTest::traceIdOf).collect(Collectors.toSet());
        assertThat(traceIds).as("trace ids of the delivery's post.ingested records").hasSize(1).doesNotContainNull();
        String traceId = traceIds.iterator().next();

        List<SpanData> trace = awaitSpans(traceId, all -> all.stream().anyMatch(isServer("/webhooks/x"))
                && all.stream().filter(isMessaging(SpanKind.PRODUCER, Topics.POSTS)).count() >= 2
                && all.stream().anyMatch(isMessaging(SpanKind.CONSUMER, Topics.WEBHOOKS)));
        SpanData request = trace.stream().filter(isServer("/webhooks/x")).findFirst().orElseThrow();
        assertThat(request.getParentSpanContext().isValid()).as("the webhook request starts the trace").isFalse();
        List<SpanData> published = trace.stream().filter(isMessaging(SpanKind.PRODUCER, Topics.POSTS)).toList();
        // The relay's producer spans are children of the request's span (the parent stored with the outbox row),
        // and each record names its producer span as the parent of whatever reads it next.
        assertThat(published).allSatisfy(span -> assertThat(span.getParentSpanId()).isEqualTo(request.getSpanId()));
        assertThat(posts.stream().map(r -> spanIdOf(TestEvents.header(r, TraceContext.HEADER).orElseThrow())).toList())
                .allSatisfy(spanId -> assertThat(published.stream().map(SpanData::getSpanId)).contains(spanId));
    }

    @Test
    void anEventHandledThroughTheInboxPublishesWhatItCausesInItsTrace() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String parent = "00-" + traceId + "-" + traceId.substring(0, 16) + "-01";
        UUID erasureId = UUID.randomUUID();
        ErasureRequested request = new ErasureRequested(erasureId, "crm-trace",
                List.of(new ErasureRequested.Subject(Channel.X, "nobody-" + erasureId)), Instant.now());
        publishWithTraceParent(Topics.IDENTITY, erasureId.toString(), EventTypes.ERASURE_REQUESTED, TestEvents.json(request),
                parent);

        List<ConsumerRecord<String, String>> confirmations = TestEvents.readUntil(Topics.IDENTITY,
                rs -> rs.stream().anyMatch(r -> isConfirmationOf(r, erasureId)), Duration.ofSeconds(30)).stream()
                .filter(r -> isConfirmationOf(r, erasureId)).toList();
        assertThat(confirmations).hasSize(1);
        assertThat(traceIdOf(confirmations.get(0))).isEqualTo(traceId);
        // The connector's consumer span continues the remote parent; the confirmation's producer span is in the same trace.
        List<SpanData> trace = awaitSpans(traceId, all -> all.stream().anyMatch(isMessaging(SpanKind.CONSUMER, Topics.IDENTITY))
                && all.stream().anyMatch(isMessaging(SpanKind.PRODUCER, Topics.IDENTITY)));
        assertThat(trace.stream().filter(isMessaging(SpanKind.CONSUMER, Topics.IDENTITY)).findFirst().orElseThrow()
                .getParentSpanId()).isEqualTo(traceId.substring(0, 16));
    }

    private static boolean isConfirmationOf(ConsumerRecord<String, String> record, UUID erasureId) {
        return erasureId.toString().equals(record.key())
                && TestEvents.header(record, "ce_type").filter(EventTypes.ERASURE_CONFIRMED::equals).isPresent();
    }

    private List<SpanData> awaitSpans(String traceId, Predicate<List<SpanData>> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<SpanData> trace = List.of();
        while (System.nanoTime() < deadline) {
            trace = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
            if (done.test(trace)) {
                return trace;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("spans of trace " + traceId + " incomplete: "
                + trace.stream().map(s -> s.getKind() + " " + s.getName()).toList());
    }

    private static Predicate<SpanData> isServer(String path) {
        return span -> span.getKind() == SpanKind.SERVER && span.getName().contains(path);
    }

    private static Predicate<SpanData> isMessaging(SpanKind kind, String topic) {
        return span -> span.getKind() == kind && topic.equals(span.getAttributes().get(DESTINATION));
    }

    private static String traceIdOf(ConsumerRecord<String, String> record) {
        return TraceContext.traceId(TestEvents.header(record, TraceContext.HEADER).orElse(null));
    }

    private static String spanIdOf(String traceParent) {
        return traceParent.split("-")[2];
    }

    private static void publishWithTraceParent(String topic, String key, String type, String json, String traceParent)
            throws Exception {
        Properties config = new Properties();
        config.put("bootstrap.servers", Devstack.testKafkaBootstrap());
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
            record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(UUID.randomUUID().toString()))
                    .add("ce_type", bytes(type)).add("ce_source", bytes("/outpost/test"))
                    .add("ce_time", bytes(Instant.now().toString())).add("content-type", bytes("application/json"))
                    .add(TraceContext.HEADER, bytes(traceParent));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
