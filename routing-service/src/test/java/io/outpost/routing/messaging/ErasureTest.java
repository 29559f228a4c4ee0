package io.outpost.routing.messaging;

import static io.outpost.routing.RoutingFixtures.awaitTask;
import static io.outpost.routing.RoutingFixtures.createAgent;
import static io.outpost.routing.RoutingFixtures.status;
import static io.outpost.routing.RoutingFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.routing.RoutingFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** erasure-requested: routing forgets the customers' preferred agents and ids, and confirms once. */
@QuarkusTest
class ErasureTest {

    @Inject
    Pool pool;

    static UUID openCaseFrom(String customer, String skill) {
        UUID caseId = UUID.randomUUID();
        TestEvents.publish(Topics.CASES, caseId.toString(), EventTypes.CASE_OPENED, new CaseOpened(caseId, Channel.X,
                Visibility.PUBLIC, new PostIngested.Author(customer, "someone", null), UUID.randomUUID(),
                Instant.parse("2026-11-01T08:00:00Z"), 3, List.of(skill), "en"));
        return caseId;
    }

    long count(String sql, Object... params) {
        Row row = pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(RoutingFixtures.TIMEOUT).iterator().next();
        return row.getLong(0);
    }

    static List<ConsumerRecord<String, String>> confirmations(UUID erasureId, java.util.function.Predicate<List<ConsumerRecord<String, String>>> until) {
        return TestEvents.readUntil(Topics.IDENTITY, until, RoutingFixtures.TIMEOUT).stream()
                .filter(r -> TestEvents.header(r, "ce_type").orElse("").equals(EventTypes.ERASURE_CONFIRMED))
                .filter(r -> r.value().contains(erasureId.toString()))
                .toList();
    }

    @Test
    void anErasureForgetsThePreferredAgentAndTheCustomerIdsAndIsConfirmedOnceEvenWhenRedelivered() {
        String skill = unique("erase");
        String customer = unique("erased-customer");
        String bystander = unique("bystander");
        createAgent(unique("erase"), skill, Channel.X, 5, "available");
        UUID first = openCaseFrom(customer, skill);
        UUID other = openCaseFrom(bystander, skill);
        awaitTask(first, status("assigned"));
        awaitTask(other, status("assigned"));
        assertThat(count("select count(*) from preferred_agent where customer_platform_user_id = $1", customer)).isEqualTo(1);

        UUID erasureId = UUID.randomUUID();
        ErasureRequested request = new ErasureRequested(erasureId, "crm-42",
                List.of(new ErasureRequested.Subject(Channel.X, customer), new ErasureRequested.Subject(Channel.FACEBOOK, customer)),
                Instant.now());
        String ceId = UUID.randomUUID().toString();
        String json = TestEvents.json(request);
        // Another service's confirmation on the same topic is not for routing: skipped.
        TestEvents.publish(Topics.IDENTITY, erasureId.toString(), EventTypes.ERASURE_CONFIRMED,
                new ErasureConfirmed(erasureId, "case-service", 3, Instant.now()));
        TestEvents.publishRaw(Topics.IDENTITY, erasureId.toString(), ceId, EventTypes.ERASURE_REQUESTED, json);
        TestEvents.publishRaw(Topics.IDENTITY, erasureId.toString(), ceId, EventTypes.ERASURE_REQUESTED, json);
        // A sentinel request on the same key is processed after both copies.
        UUID sentinel = UUID.randomUUID();
        TestEvents.publish(Topics.IDENTITY, erasureId.toString(), EventTypes.ERASURE_REQUESTED,
                new ErasureRequested(sentinel, null, List.of(new ErasureRequested.Subject(Channel.X, unique("nobody"))), Instant.now()));

        List<ConsumerRecord<String, String>> sentinelConfirmed = confirmations(sentinel, rs -> rs.stream()
                .anyMatch(r -> r.value().contains(sentinel.toString()) && r.value().contains("routing-service")));
        assertThat(sentinelConfirmed).singleElement().satisfies(r -> {
            ContractCheck.assertConforms(r);
            assertThat(TestEvents.payload(r, ErasureConfirmed.class).recordsAffected()).isZero();
        });
        List<ConsumerRecord<String, String>> ours = confirmations(erasureId, rs -> true).stream()
                .filter(r -> r.value().contains("routing-service")).toList();
        assertThat(ours).singleElement().satisfies(r -> {
            ContractCheck.assertConforms(r);
            assertThat(r.key()).isEqualTo(erasureId.toString());
            ErasureConfirmed confirmed = TestEvents.payload(r, ErasureConfirmed.class);
            assertThat(confirmed.erasureId()).isEqualTo(erasureId);
            assertThat(confirmed.service()).isEqualTo("routing-service");
            // The preferred-agent row and the customer ids on the one task.
            assertThat(confirmed.recordsAffected()).isEqualTo(2);
        });

        assertThat(count("select count(*) from preferred_agent where customer_platform_user_id = $1", customer)).isZero();
        assertThat(count("select count(*) from routing_task where customer_platform_user_id = $1", customer)).isZero();
        assertThat(count("select count(*) from routing_task where case_id = $1 and customer_platform_user_id is null", first)).isEqualTo(1);
        assertThat(count("select count(*) from preferred_agent where customer_platform_user_id = $1", bystander)).isEqualTo(1);
        // The routing state itself stays: the case is still with its agent.
        awaitTask(first, status("assigned"));
        // A new case of the erased customer has no previous agent any more.
        UUID next = openCaseFrom(customer, skill);
        assertThat(awaitTask(next, status("assigned")).<Object>path("preferredAgentId")).isNull();
    }
}
