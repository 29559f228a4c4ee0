package io.outpost.routing.messaging;

import static io.outpost.routing.RoutingFixtures.agentBody;
import static io.outpost.routing.RoutingFixtures.awaitAssignments;
import static io.outpost.routing.RoutingFixtures.awaitTask;
import static io.outpost.routing.RoutingFixtures.caseOpened;
import static io.outpost.routing.RoutingFixtures.createAgent;
import static io.outpost.routing.RoutingFixtures.openCase;
import static io.outpost.routing.RoutingFixtures.status;
import static io.outpost.routing.RoutingFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.OfferMade;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.routing.RoutingFixtures;
import io.outpost.routing.store.AgentIndex;
import io.outpost.routing.store.Backstop;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RoutingFlowTest {

    @Inject
    Backstop backstop;

    @Inject
    AgentIndex agentIndex;

    @Inject
    Pool pool;

    @Test
    void anOpenedCaseIsAssignedToTheAvailableAgentWhoFitsAndTheEventFollowsTheContract() {
        String skill = unique("billing");
        String danaUsername = unique("dana");
        UUID dana = createAgent(danaUsername, skill, Channel.X, 2, "available");
        // Same skill, but German only: the English case is not for them.
        createAgent(agentBody(unique("jurgen"), Map.of(skill, 5), List.of("de"), Map.of("x", 4), "available"));
        // Fits, but busy.
        createAgent(agentBody(unique("busy"), Map.of(skill, 5), List.of("en"), Map.of("x", 4), "busy"));

        UUID caseId = openCase(Channel.X, skill);

        List<ConsumerRecord<String, String>> records = awaitAssignments(caseId);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, String> record = records.get(0);
        ContractCheck.assertConforms(record);
        assertThat(record.key()).isEqualTo(caseId.toString());
        assertThat(TestEvents.header(record, "ce_type")).contains(EventTypes.ASSIGNMENT_CREATED);
        assertThat(TestEvents.header(record, "ce_source")).contains("/outpost/routing-service");
        AssignmentCreated event = TestEvents.payload(record, AssignmentCreated.class);
        assertThat(event.caseId()).isEqualTo(caseId);
        assertThat(event.agentId()).isEqualTo(dana);
        assertThat(event.agentName()).startsWith("Agent dana-");
        assertThat(event.agentUsername()).as("the agent's login, for case-service's own-cases scope").isEqualTo(danaUsername);
        assertThat(event.reason()).contains("free capacity on x (0 of 2 in use)").contains(skill + " (3)").contains("speaks en")
                .contains("best of 1 eligible agent(s)");
        // Auto-accepted: offer.made says so (the console opens the case directly), with no countdown and no end.
        ConsumerRecord<String, String> made = RoutingFixtures.awaitOfferEvents(dana, rs -> !rs.isEmpty()).get(0);
        ContractCheck.assertConforms(made);
        OfferMade offer = TestEvents.payload(made, OfferMade.class);
        assertThat(offer.offerId()).isEqualTo(event.assignmentId());
        assertThat(offer.autoAccept()).isTrue();
        assertThat(offer.expiresAt()).isNull();
        assertThat(offer.agentUsername()).isEqualTo(danaUsername);

        Response task = awaitTask(caseId, status("assigned"));
        assertThat(task.<String>path("assignment.agentId")).isEqualTo(dana.toString());
        assertThat(task.<String>path("assignment.assignmentId")).isEqualTo(event.assignmentId().toString());
        Response agent = RoutingFixtures.agent(dana);
        assertThat(agent.<Integer>path("load.x")).isEqualTo(1);
        assertThat(agent.<String>path("lastAssignedAt")).isNotNull();
    }

    @Test
    void aCaseWaitsWhileNobodyIsAvailableAndGoesToTheFirstAgentWhoBecomesAvailable() {
        String skill = unique("router");
        String username = unique("fox");
        UUID fox = createAgent(username, skill, Channel.FACEBOOK, 1, null); // offline by default

        UUID caseId = openCase(Channel.FACEBOOK, skill);
        Response waiting = awaitTask(caseId, status("waiting"));
        assertThat(waiting.<Object>path("assignment")).isNull();

        // The agent comes in by themselves.
        given().auth().oauth2(TestTokens.forUser(username, "agent"))
                .contentType(ContentType.JSON).body("{\"presence\":\"available\"}")
                .when().put("/api/v1/agents/" + fox + "/presence")
                .then().statusCode(200)
                .body("presence", equalTo("available"))
                .body("load.facebook", equalTo(1));

        ConsumerRecord<String, String> record = awaitAssignments(caseId).get(0);
        ContractCheck.assertConforms(record);
        AssignmentCreated event = TestEvents.payload(record, AssignmentCreated.class);
        assertThat(event.agentId()).isEqualTo(fox);
        assertThat(event.agentUsername()).isEqualTo(username);
        assertThat(event.reason()).contains("had waited since");
        awaitTask(caseId, status("assigned"));
        Response agent = RoutingFixtures.agent(fox);
        assertThat(agent.<String>path("presence")).isEqualTo("available");
        assertThat(agent.<String>path("lastAssignedAt")).isNotNull();
        assertThat(agent.<Integer>path("load.facebook")).isEqualTo(1);
    }

    @Test
    void anAgentNeverHoldsMoreCasesThanTheirCapacityTheRestWaitsForTheNextAgent() {
        String skill = unique("5g");
        UUID first = createAgent(unique("cap-one"), skill, Channel.INSTAGRAM, 1, "available");

        UUID a = openCase(Channel.INSTAGRAM, skill);
        UUID b = openCase(Channel.INSTAGRAM, skill);
        Response taskA = awaitTask(a, r -> r.statusCode() == 200);
        Response taskB = awaitTask(b, r -> r.statusCode() == 200);

        List<String> states = List.of(taskA.path("status"), taskB.path("status"));
        assertThat(states).containsExactlyInAnyOrder("assigned", "waiting");
        UUID assigned = "assigned".equals(taskA.path("status")) ? a : b;
        UUID waiting = assigned.equals(a) ? b : a;
        assertThat(TestEvents.payload(awaitAssignments(assigned).get(0), AssignmentCreated.class).agentId()).isEqualTo(first);
        assertThat(RoutingFixtures.agent(first).<Integer>path("load.instagram")).isEqualTo(1);

        // A second agent created available takes the waiting case at once.
        Response second = createAgent(agentBody(unique("cap-two"), Map.of(skill, 3), List.of("en"),
                Map.of("instagram", 1), "available"));
        assertThat(second.<Integer>path("load.instagram")).isEqualTo(1);
        AssignmentCreated event = TestEvents.payload(awaitAssignments(waiting).get(0), AssignmentCreated.class);
        assertThat(event.agentId()).hasToString(second.path("id"));
        assertThat(RoutingFixtures.agent(first).<Integer>path("load.instagram")).isEqualTo(1);
    }

    @Test
    void aRedeliveredOrRepeatedCaseOpenedDoesNotAssignTwice() {
        String skill = unique("refunds");
        UUID agentId = createAgent(unique("repeat"), skill, Channel.MESSENGER, 3, "available");
        UUID caseId = UUID.randomUUID();
        String key = caseId.toString();
        String ceId = UUID.randomUUID().toString();
        String json = TestEvents.json(caseOpened(caseId, Channel.MESSENGER, 3, List.of(skill), "en"));

        TestEvents.publishRaw(Topics.CASES, key, ceId, EventTypes.CASE_OPENED, json);
        TestEvents.publishRaw(Topics.CASES, key, ceId, EventTypes.CASE_OPENED, json);
        // Another event for the same case (a new event id), e.g. replayed by the producer.
        TestEvents.publish(Topics.CASES, key, EventTypes.CASE_OPENED, caseOpened(caseId, Channel.MESSENGER, 1, List.of(skill), "en"));
        // A sentinel with the same key lands on the same partition, so it is processed after the repeats.
        UUID sentinel = UUID.randomUUID();
        TestEvents.publish(Topics.CASES, key, EventTypes.CASE_OPENED, caseOpened(sentinel, Channel.MESSENGER, 3, List.of(skill), "en"));

        awaitTask(sentinel, status("assigned"));
        List<ConsumerRecord<String, String>> records = TestEvents.readUntil(Topics.ASSIGNMENTS,
                rs -> rs.stream().anyMatch(r -> r.value().contains(sentinel.toString())), RoutingFixtures.TIMEOUT);
        assertThat(records.stream().filter(RoutingFixtures.created(caseId))).hasSize(1);
        assertThat(RoutingFixtures.agent(agentId).<Integer>path("load.messenger")).isEqualTo(2);
        assertThat(awaitTask(caseId, status("assigned")).<Integer>path("priority")).isEqualTo(3);
    }

    @Test
    void theSweepAssignsACaseWhoseAgentBecameAvailableUnnoticed() throws Throwable {
        String skill = unique("warranty");
        UUID agentId = createAgent(unique("sweep"), skill, Channel.FORUM, 1, "offline");
        UUID caseId = openCase(Channel.FORUM, skill);
        awaitTask(caseId, status("waiting"));

        // What a presence change committed concurrently with the case's arrival looks like: the
        // agent is available, the case waits, and neither transaction saw the other.
        pool.preparedQuery("update agent set presence = 'available', presence_since = now() where id = $1").execute(Tuple.of(agentId))
                .await().atMost(RoutingFixtures.TIMEOUT);
        // The agent index learns it from the database, as its periodic poll does (off in tests).
        assertThat(agentIndex.get(agentId)).as("not indexed while offline").isNull();
        VertxContextSupport.subscribeAndAwait(() -> agentIndex.pollChanges());
        assertThat(agentIndex.get(agentId)).as("indexed by the poll").isNotNull();

        Integer assigned = VertxContextSupport.subscribeAndAwait(() -> backstop.sweep());
        assertThat(assigned).isPositive();
        AssignmentCreated event = TestEvents.payload(awaitAssignments(caseId).get(0), AssignmentCreated.class);
        assertThat(event.agentId()).isEqualTo(agentId);
    }
}
