package io.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.devstack.TestEvents;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * One post's journey is one trace (issue 16; service-kit README "Tracing"): a signed X webhook
 * post's records on outpost.webhooks (the intake buffer), outpost.posts (post.ingested),
 * outpost.cases (case.opened) and outpost.assignments (assignment.created) carry the same trace id
 * in their {@code traceparent} header, and the spans the services exported for it (to the suite's
 * {@link OtlpSink}) come from ingest-, case- and routing-service under that one trace id.
 */
@Order(2)
class TraceContextTest {

    static RunningSuite suite;

    @BeforeAll
    static void start() {
        suite = RunningSuite.get();
        suite.traces.record();
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.traces.stopRecording();
        }
    }

    @Test
    void aWebhookPostsRecordsFromWebhookToAssignmentShareOneTraceId() throws InterruptedException {
        AgentPool.addCapacity(suite, "x", 1);
        SuiteTopics topics = new SuiteTopics(suite.devstack.kafka().bootstrapServers());
        List<String> journey = List.of(Topics.WEBHOOKS, Topics.POSTS, Topics.CASES, Topics.ASSIGNMENTS);
        Map<TopicPartition, Long> before = topics.endOffsets(journey);

        CareConversation conversation = new CareConversation(suite, "care-agent");
        conversation.tweet();
        conversation.awaitAssignedCase();

        List<ConsumerRecord<String, String>> records = awaitRecords(topics, before, conversation);
        Map<String, ConsumerRecord<String, String>> byStep = new LinkedHashMap<>();
        byStep.put("webhook delivery", only(records, Topics.WEBHOOKS, r -> r.value() != null
                && r.value().contains(conversation.tweetId)));
        byStep.put("post.ingested", only(records, Topics.POSTS, r -> type(r, EventTypes.POST_INGESTED)
                && r.value().contains("\"" + conversation.tweetId + "\"")));
        byStep.put("case.opened", only(records, Topics.CASES, r -> type(r, EventTypes.CASE_OPENED)
                && conversation.caseId.equals(r.key())));
        byStep.put("assignment.created", only(records, Topics.ASSIGNMENTS, r -> type(r, EventTypes.ASSIGNMENT_CREATED)
                && conversation.caseId.equals(r.key())));

        Map<String, String> traceIds = new LinkedHashMap<>();
        byStep.forEach((step, record) -> traceIds.put(step, traceId(record)
                .orElseThrow(() -> new AssertionError(step + " record without a well-formed traceparent: " + record.headers()))));
        System.out.printf("system-tests: trace ids of tweet %s's records: %s%n", conversation.tweetId, traceIds);
        assertThat(new TreeSet<>(traceIds.values())).as("trace ids along the journey %s", traceIds).hasSize(1);
        String traceId = traceIds.values().iterator().next();

        // What a tracing backend gets: spans of that one trace from every service the post went through.
        Set<String> required = Set.of("ingest-service", "case-service", "routing-service");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<OtlpSink.Span> spans = suite.traces.trace(traceId);
        while (!services(spans).containsAll(required) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            spans = suite.traces.trace(traceId);
        }
        System.out.printf("system-tests: trace %s: %d spans exported by %s: %s (%d exports received in all)%n", traceId,
                spans.size(), services(spans),
                spans.stream().map(s -> s.service() + " " + s.name()).collect(Collectors.toCollection(TreeSet::new)),
                suite.traces.exports());
        assertThat(services(spans)).as("services that exported spans of trace %s", traceId).containsAll(required);
        assertThat(suite.traces.unreadable()).as("exports the sink could not read").isZero();
        List<OtlpSink.Span> roots = spans.stream().filter(s -> s.parentSpanId().isEmpty()).toList();
        assertThat(roots).as("the trace's root: the webhook request").hasSize(1)
                .allSatisfy(root -> assertThat(root.service()).isEqualTo("ingest-service"));
    }

    /** The journey's records, read until the assignment's is there (the relays publish within seconds). */
    private static List<ConsumerRecord<String, String>> awaitRecords(SuiteTopics topics, Map<TopicPartition, Long> before,
            CareConversation conversation) throws InterruptedException {
        long deadline = System.nanoTime() + CareConversation.STEP_TIMEOUT.toNanos();
        while (true) {
            List<ConsumerRecord<String, String>> records = topics.readSince(before);
            if (records.stream().anyMatch(r -> Topics.ASSIGNMENTS.equals(r.topic()) && conversation.caseId.equals(r.key()))
                    || System.nanoTime() > deadline) {
                return records;
            }
            Thread.sleep(200);
        }
    }

    private static ConsumerRecord<String, String> only(List<ConsumerRecord<String, String>> records, String topic,
            Predicate<ConsumerRecord<String, String>> which) {
        List<ConsumerRecord<String, String>> found = records.stream().filter(r -> topic.equals(r.topic())).filter(which).toList();
        assertThat(found).as("records of the post on %s", topic).hasSize(1);
        return found.get(0);
    }

    private static boolean type(ConsumerRecord<String, String> record, String type) {
        return TestEvents.header(record, "ce_type").filter(type::equals).isPresent();
    }

    /** The trace id of a W3C traceparent header (version 00: {@code 00-<32 hex>-<16 hex>-<2 hex>}). */
    static Optional<String> traceId(ConsumerRecord<String, String> record) {
        return TestEvents.header(record, "traceparent")
                .filter(value -> value.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"))
                .map(value -> value.substring(3, 35))
                .filter(id -> !id.equals("0".repeat(32)));
    }

    private static Set<String> services(List<OtlpSink.Span> spans) {
        return spans.stream().map(OtlpSink.Span::service).filter(java.util.Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
