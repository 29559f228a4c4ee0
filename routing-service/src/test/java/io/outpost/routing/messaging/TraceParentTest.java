package io.outpost.routing.messaging;

import static io.outpost.routing.RoutingFixtures.awaitTask;
import static io.outpost.routing.RoutingFixtures.caseOpened;
import static io.outpost.routing.RoutingFixtures.createAgent;
import static io.outpost.routing.RoutingFixtures.status;
import static io.outpost.routing.RoutingFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.devstack.Devstack;
import io.outpost.devstack.TestEvents;
import io.outpost.kit.messaging.TraceContext;
import io.outpost.routing.RoutingFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Each case keeps the trace context of the case.opened that brought it in (routing_task.trace_parent),
 * also when one poll's case.opened are routed together in one transaction (CaseEvents' together
 * handler), so that its assignment.created, made now or after a wait, continues the post's trace
 * (service-kit README "Tracing"). This module's tests run with tracing off: the context is still
 * read from the record's {@code traceparent} header and kept, only no span is recorded or sent.
 */
@QuarkusTest
class TraceParentTest {

    @Inject
    Pool pool;

    @Test
    void everyCaseOfAPollKeepsItsOwnTraceParent() throws Exception {
        String skill = unique("traced");
        createAgent(unique("tia"), skill, Channel.FORUM, 2, "available");
        // One key: one partition, read in one poll or few, routed together; the last one carries no trace context.
        String key = UUID.randomUUID().toString();
        Map<UUID, String> traceParents = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            String traceId = UUID.randomUUID().toString().replace("-", "");
            traceParents.put(UUID.randomUUID(), i == 3 ? null : "00-" + traceId + "-" + traceId.substring(0, 16) + "-01");
        }
        publish(key, skill, traceParents);

        for (Map.Entry<UUID, String> c : traceParents.entrySet()) {
            awaitTask(c.getKey(), r -> r.statusCode() == 200);
            String kept = RoutingFixtures.rows(pool, "select trace_parent from routing_task where case_id = $1",
                    Tuple.of(c.getKey())).get(0).getString(0);
            assertThat(kept).as("trace parent of case %s", c.getKey()).isEqualTo(c.getValue());
        }
        // Two of them went to the agent at once, two wait (capacity 2); all four were routed.
        assertThat(traceParents.keySet().stream().filter(id -> status("assigned").test(awaitTask(id, r -> r.statusCode() == 200))))
                .hasSize(2);
    }

    private static void publish(String key, String skill, Map<UUID, String> traceParents) throws Exception {
        Properties config = new Properties();
        config.put("bootstrap.servers", Devstack.testKafkaBootstrap());
        config.put("linger.ms", "20");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (Map.Entry<UUID, String> c : traceParents.entrySet()) {
                ProducerRecord<String, String> record = new ProducerRecord<>(Topics.CASES, key,
                        TestEvents.json(caseOpened(c.getKey(), Channel.FORUM, 3, List.of(skill), "en")));
                record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(UUID.randomUUID().toString()))
                        .add("ce_type", bytes(EventTypes.CASE_OPENED)).add("ce_source", bytes("/outpost/test"))
                        .add("ce_time", bytes(Instant.now().toString())).add("content-type", bytes("application/json"));
                if (c.getValue() != null) {
                    record.headers().add(TraceContext.HEADER, bytes(c.getValue()));
                }
                sent.add(producer.send(record));
            }
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
