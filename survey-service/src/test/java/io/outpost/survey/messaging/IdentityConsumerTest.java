package io.outpost.survey.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Topics;
import io.outpost.devstack.Devstack;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.Poll;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdentityConsumerTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void identityEventsAreAcknowledgedAndNonCloudEventsDeadLettered() {
        String key = UUID.randomUUID().toString();
        String acked = "consent-" + UUID.randomUUID();
        TestEvents.publishRaw(Topics.IDENTITY, key, UUID.randomUUID().toString(), "io.outpost.consent.revoked.v1",
                "{\"subject\":\"" + acked + "\"}");
        String plain = "plain-" + UUID.randomUUID();
        TestEvents.publishRaw(Topics.IDENTITY, key, null, null, "{\"subject\":\"" + plain + "\"}");

        // Same key, same partition: the plain record is dead-lettered after the event before it was handled.
        assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.IDENTITY), plain, WAIT)).hasSize(1);
        assertThat(TestEvents.readToEnd(Topics.dlq(Topics.IDENTITY)))
                .noneMatch(r -> r.value().contains(acked));

        ConsumerRecord<String, String> plainRecord = TestEvents.awaitContaining(Topics.IDENTITY, plain, WAIT).get(0);
        TopicPartition partition = new TopicPartition(plainRecord.topic(), plainRecord.partition());
        // Both records acknowledged: the group's committed position moves past them.
        Poll.until(WAIT, () -> committed("survey-service", partition), offset -> offset > plainRecord.offset());
    }

    static long committed(String group, TopicPartition partition) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", Devstack.testKafkaBootstrap()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(partition);
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
