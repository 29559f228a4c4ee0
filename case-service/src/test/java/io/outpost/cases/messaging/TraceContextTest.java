package io.outpost.cases.messaging;

import static io.outpost.cases.CaseFixtures.T0;
import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.customerPost;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.Devstack;
import io.outpost.devstack.TestEvents;
import io.outpost.kit.messaging.TraceContext;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Tracing off, as in a service without an OTLP endpoint (this module's tests; service-kit README
 * "Tracing"): records are exactly as without tracing. case.opened carries no {@code traceparent},
 * whether the post that opened it carried one or not (nothing is recorded, so nothing is passed on,
 * and no trace is invented). With tracing on, ingest-service's TracingTest and system-tests'
 * TraceContextTest show the trace travelling.
 */
@QuarkusTest
class TraceContextTest {

    @Test
    void withTracingOffNoTraceparentIsPassedOn() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        PostIngested post = customerPost(Channel.X, T0);
        publishWithTraceParent(post, "00-" + traceId + "-" + traceId.substring(16) + "-01");

        assertThat(TestEvents.header(caseOpened(post), TraceContext.HEADER)).isEmpty();
    }

    @Test
    void withTracingOffNoTraceIsInvented() {
        PostIngested post = customerPost(Channel.X, T0);
        CaseFixtures.publish(post);

        assertThat(TestEvents.header(caseOpened(post), TraceContext.HEADER)).isEmpty();
    }

    private static ConsumerRecord<String, String> caseOpened(PostIngested post) {
        String caseId = awaitCaseOpenedBy(post);
        List<ConsumerRecord<String, String>> records = TestEvents.awaitContaining(Topics.CASES, post.postId().toString(),
                CaseFixtures.TIMEOUT).stream()
                .filter(r -> caseId.equals(r.key()) && TestEvents.header(r, "ce_type").filter(EventTypes.CASE_OPENED::equals).isPresent())
                .toList();
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static void publishWithTraceParent(PostIngested post, String traceParent) throws Exception {
        Properties config = new Properties();
        config.put("bootstrap.servers", Devstack.testKafkaBootstrap());
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.POSTS, post.conversationKey(), TestEvents.json(post));
            record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(UUID.randomUUID().toString()))
                    .add("ce_type", bytes(EventTypes.POST_INGESTED)).add("ce_source", bytes("/outpost/test"))
                    .add("ce_time", bytes(Instant.now().toString())).add("content-type", bytes("application/json"))
                    .add(TraceContext.HEADER, bytes(traceParent));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
