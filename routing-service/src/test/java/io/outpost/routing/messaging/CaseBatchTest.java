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
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.devstack.TestEvents;
import io.outpost.routing.RoutingFixtures;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * case events read many to a poll (the channel is a batch consumer): one partition's records,
 * written at once, are routed in few transactions, with the same outcome as one by one: a
 * redelivered record and a repeated case.opened change nothing, a poison record goes to the
 * dead-letter topic without its neighbours, and a case.resolved after the case.opened runs in
 * the same poll is processed after them, in order.
 */
@QuarkusTest
class CaseBatchTest {

    static final int CASES = 12;
    static final int CAPACITY = 3;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry meters;

    List<Row> rows(String sql, Tuple params) {
        return RoutingFixtures.rows(pool, sql, params);
    }

    @Test
    void aPollOfCaseEventsIsRoutedTogetherWithTheOutcomeOfOneByOne() {
        String skill = unique("batched");
        UUID ann = createAgent(unique("ann"), skill, Channel.FORUM, CAPACITY, "available");
        UUID bob = createAgent(unique("bob"), skill, Channel.FORUM, CAPACITY, "available");
        // One key for all: one partition, so the order below is the order read.
        String key = UUID.randomUUID().toString();
        List<UUID> cases = new ArrayList<>();
        List<TestEvents.Raw> records = new ArrayList<>();
        String poisonId = UUID.randomUUID().toString();
        for (int i = 0; i < CASES; i++) {
            UUID caseId = UUID.randomUUID();
            cases.add(caseId);
            // The first case first in line, so that it is assigned in whatever poll it lands.
            String json = TestEvents.json(caseOpened(caseId, Channel.FORUM, i == 0 ? 1 : 3, List.of(skill), "en"));
            String ceId = UUID.randomUUID().toString();
            records.add(new TestEvents.Raw(key, ceId, EventTypes.CASE_OPENED, json));
            if (i == 0) {
                records.add(new TestEvents.Raw(key, ceId, EventTypes.CASE_OPENED, json)); // redelivered
            }
            if (i == 1) {
                // The same case under a new event id, as a producer's replay would send it.
                records.add(new TestEvents.Raw(key, UUID.randomUUID().toString(), EventTypes.CASE_OPENED,
                        TestEvents.json(caseOpened(caseId, Channel.FORUM, 1, List.of(skill), "en"))));
            }
            if (i == 5) {
                records.add(new TestEvents.Raw(key, poisonId, EventTypes.CASE_OPENED, "{\"caseId\": \"not a uuid\""));
            }
        }
        // The first case is resolved: its agent's slot goes to a waiting case.
        records.add(new TestEvents.Raw(key, UUID.randomUUID().toString(), EventTypes.CASE_RESOLVED,
                TestEvents.json(new CaseResolved(cases.get(0), Channel.FORUM, Visibility.PUBLIC, null,
                        null, "Agent", null, "en", null, false, null, Instant.now(), null, Instant.now()))));
        TestEvents.publishAllRaw(Topics.CASES, records);

        awaitTask(cases.get(0), status("closed"));
        Tuple ids = Tuple.of(cases.toArray(UUID[]::new));
        RoutingFixtures.poll(() -> rows("select count(*) from assignment where case_id = any($1) and released_at is null", ids)
                .get(0).getLong(0), n -> n == 2 * CAPACITY, "both agents full again after the resolution");

        List<Row> perCase = rows("select case_id, count(*) from assignment where case_id = any($1) group by case_id", ids);
        assertThat(perCase).as("cases ever assigned: six, then one more for the resolved case's slot").hasSize(2 * CAPACITY + 1);
        assertThat(perCase).as("no case assigned twice").allSatisfy(r -> assertThat(r.getLong(1)).isEqualTo(1));
        assertThat(RoutingFixtures.load(ann, "forum")).isEqualTo(CAPACITY);
        assertThat(RoutingFixtures.load(bob, "forum")).isEqualTo(CAPACITY);
        List<Row> states = rows("select status, count(*) from routing_task where case_id = any($1) group by status order by status", ids);
        assertThat(states).extracting(r -> r.getString(0) + "=" + r.getLong(1))
                .containsExactly("assigned=" + 2 * CAPACITY, "closed=1", "waiting=" + (CASES - 2 * CAPACITY - 1));
        // The replayed case.opened changed nothing: the second case kept its first priority.
        assertThat(awaitTask(cases.get(1), r -> r.statusCode() == 200).<Integer>path("priority")).isEqualTo(3);

        // One assignment.created per assignment, the first case's once although its record came twice.
        List<ConsumerRecord<String, String>> created = TestEvents.readUntil(Topics.ASSIGNMENTS,
                rs -> rs.stream().filter(RoutingFixtures::isCreated).filter(r -> cases.stream().anyMatch(c -> r.value().contains(c.toString()))).count()
                        >= 2 * CAPACITY + 1, RoutingFixtures.TIMEOUT).stream().filter(RoutingFixtures::isCreated).toList();
        List<UUID> announced = created.stream().map(r -> TestEvents.payload(r, AssignmentCreated.class).caseId())
                .filter(cases::contains).toList();
        assertThat(announced).hasSize(2 * CAPACITY + 1).doesNotHaveDuplicates();

        // The poison record went to the dead-letter topic; its neighbours were routed (above).
        List<ConsumerRecord<String, String>> dead = TestEvents.readUntil(Topics.CASES + ".dlq",
                rs -> rs.stream().anyMatch(r -> r.value().contains("not a uuid")), RoutingFixtures.TIMEOUT);
        assertThat(dead.stream().filter(r -> r.value().contains("not a uuid"))).hasSize(1);

        // And they were read together: some transaction carried several events.
        DistributionSummary together = meters.find("outpost.inbox.events.together").summary();
        assertThat(together).isNotNull();
        assertThat(together.max()).as("events in the largest transaction").isGreaterThan(1);
    }
}
