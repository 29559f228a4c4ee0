package io.outpost.routing.messaging;

import static io.outpost.routing.RoutingFixtures.agentBody;
import static io.outpost.routing.RoutingFixtures.awaitAssignments;
import static io.outpost.routing.RoutingFixtures.awaitTask;
import static io.outpost.routing.RoutingFixtures.caseOpened;
import static io.outpost.routing.RoutingFixtures.caseUpdated;
import static io.outpost.routing.RoutingFixtures.createAgent;
import static io.outpost.routing.RoutingFixtures.load;
import static io.outpost.routing.RoutingFixtures.openCase;
import static io.outpost.routing.RoutingFixtures.poll;
import static io.outpost.routing.RoutingFixtures.publishUpdate;
import static io.outpost.routing.RoutingFixtures.status;
import static io.outpost.routing.RoutingFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.routing.RoutingFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** case.updated and case.resolved: routing follows the case through its life in case-service. */
@QuarkusTest
class CaseLifecycleTest {

    static CaseResolved resolved(UUID caseId, Channel channel, UUID agentId) {
        return new CaseResolved(caseId, channel, Visibility.PUBLIC, null, agentId, "Agent", "tier-1", "en", null, false, null,
                Instant.parse("2026-11-01T08:00:00Z"), null, Instant.now());
    }

    static UUID agentOf(UUID caseId) {
        return UUID.fromString(awaitTask(caseId, status("assigned")).path("assignment.agentId"));
    }

    @Test
    void aResolvedCaseReturnsTheAgentsCapacityAndTheAgentTakesTheNextWaitingCase() {
        String skill = unique("resolve");
        UUID agent = createAgent(unique("res"), skill, Channel.X, 1, "available");
        UUID first = openCase(Channel.X, skill);
        awaitTask(first, status("assigned"));
        UUID second = openCase(Channel.X, skill);
        awaitTask(second, status("waiting"));

        TestEvents.publish(Topics.CASES, first.toString(), EventTypes.CASE_RESOLVED, resolved(first, Channel.X, agent));

        awaitTask(first, status("closed"));
        ConsumerRecord<String, String> record = awaitAssignments(second).get(0);
        ContractCheck.assertConforms(record);
        assertThat(TestEvents.payload(record, AssignmentCreated.class).agentId()).isEqualTo(agent);
        assertThat(load(agent, "x")).isEqualTo(1);
    }

    @Test
    void aCaseClosedThroughCaseUpdatedReleasesTheAgentAndAReopenedCaseGoesBackToTheQueue() {
        String skill = unique("close");
        UUID agent = createAgent(unique("close"), skill, Channel.FACEBOOK, 2, "available");
        UUID caseId = openCase(Channel.FACEBOOK, skill);
        awaitTask(caseId, status("assigned"));
        assertThat(load(agent, "facebook")).isEqualTo(1);

        publishUpdate(caseUpdated(caseId, Channel.FACEBOOK, "closed", 3, List.of(skill), agent, List.of("status"), null));
        awaitTask(caseId, status("closed"));
        assertThat(load(agent, "facebook")).isZero();

        // Reopened without an assignee: back in the queue, and the available agent takes it again.
        publishUpdate(caseUpdated(caseId, Channel.FACEBOOK, "open", 3, List.of(skill), null, List.of("status"), null));
        List<ConsumerRecord<String, String>> records = poll(() -> TestEvents.awaitContaining(Topics.ASSIGNMENTS,
                caseId.toString(), RoutingFixtures.TIMEOUT).stream().filter(RoutingFixtures::isCreated).toList(), rs -> rs.size() == 2, "a second assignment.created for " + caseId);
        records.forEach(ContractCheck::assertConforms);
        assertThat(awaitTask(caseId, status("assigned")).<String>path("assignment.agentId")).isEqualTo(agent.toString());
        assertThat(load(agent, "facebook")).isEqualTo(1);
    }

    @Test
    void aSupervisorsOverrideMovesTheCapacityOnceEvenWhenTheEventIsRedelivered() {
        String skill = unique("override");
        UUID routed = createAgent(unique("routed"), skill, Channel.INSTAGRAM, 2, "available");
        UUID chosen = createAgent(unique("chosen"), unique("other-skill"), Channel.INSTAGRAM, 1, "offline");
        UUID caseId = openCase(Channel.INSTAGRAM, skill);
        assertThat(agentOf(caseId)).isEqualTo(routed);

        String ceId = UUID.randomUUID().toString();
        String json = TestEvents.json(caseUpdated(caseId, Channel.INSTAGRAM, "open", 3, List.of(skill), chosen,
                List.of("assignee"), null));
        TestEvents.publishRaw(Topics.CASES, caseId.toString(), ceId, EventTypes.CASE_UPDATED, json);
        TestEvents.publishRaw(Topics.CASES, caseId.toString(), ceId, EventTypes.CASE_UPDATED, json);

        Response task = poll(() -> awaitTask(caseId, status("assigned")), r -> chosen.toString().equals(r.path("assignment.agentId")),
                "the override of " + caseId);
        assertThat(task.<String>path("assignment.explanation.how")).isEqualTo("case-service");
        assertThat(task.<String>path("assignment.state")).isEqualTo("accepted");
        // A later event of the same case (same key, same partition) is processed after both copies.
        publishUpdate(caseUpdated(caseId, Channel.INSTAGRAM, "open", 2, List.of(skill), chosen, List.of("priority"), null));
        poll(() -> awaitTask(caseId, status("assigned")), r -> Integer.valueOf(2).equals(r.path("priority")), "the sentinel");
        // The chosen agent holds it (even offline: that is where the work is), the routed agent is free; no new event.
        assertThat(load(chosen, "instagram")).isEqualTo(1);
        assertThat(load(routed, "instagram")).isZero();
        assertThat(TestEvents.awaitContaining(Topics.ASSIGNMENTS, caseId.toString(), RoutingFixtures.TIMEOUT).stream()
                .filter(RoutingFixtures::isCreated)).hasSize(1);
    }

    @Test
    void anUnassignedCaseGoesBackToTheQueueAndToTheNextAgent() {
        String skill = unique("unassign");
        UUID first = createAgent(unique("first"), skill, Channel.MESSENGER, 1, "available");
        UUID caseId = openCase(Channel.MESSENGER, skill);
        assertThat(agentOf(caseId)).isEqualTo(first);
        String firstEnqueuedAt = awaitTask(caseId, status("assigned")).path("enqueuedAt");
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body("{\"presence\":\"away\"}")
                .when().put("/api/v1/agents/" + first + "/presence").then().statusCode(200);
        UUID second = createAgent(unique("second"), skill, Channel.MESSENGER, 1, "available");

        publishUpdate(caseUpdated(caseId, Channel.MESSENGER, "open", 3, List.of(skill), null, List.of("assignee"), null));

        Response task = poll(() -> awaitTask(caseId, status("assigned")), r -> second.toString().equals(r.path("assignment.agentId")),
                "reassignment of " + caseId);
        assertThat(task.<String>path("enqueuedAt")).as("its place in line is kept").isEqualTo(firstEnqueuedAt);
        assertThat(load(first, "messenger")).isZero();
    }

    @Test
    void aPriorityRaiseReRanksAWaitingCaseAheadOfOlderOnes() {
        String skill = unique("rerank");
        String username = unique("rerank");
        UUID agent = createAgent(username, skill, Channel.FORUM, 1, "offline");
        UUID older = openCase(Channel.FORUM, skill);
        awaitTask(older, status("waiting"));
        UUID newer = openCase(Channel.FORUM, skill);
        awaitTask(newer, status("waiting"));

        publishUpdate(caseUpdated(newer, Channel.FORUM, "open", 1, List.of(skill), null, List.of("priority"), null));
        poll(() -> awaitTask(newer, status("waiting")), r -> Integer.valueOf(1).equals(r.path("priority")), "the priority raise");

        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body("{\"presence\":\"available\"}")
                .when().put("/api/v1/agents/" + agent + "/presence").then().statusCode(200);
        assertThat(agentOf(newer)).isEqualTo(agent);
        assertThat(awaitTask(older, r -> r.statusCode() == 200).<String>path("status")).isEqualTo("waiting");
    }

    @Test
    void aSkillsChangeMakesAWaitingCaseRoutableAndTheSlaDueTimeIsKept() {
        String needed = unique("nobody-has");
        String skill = unique("somebody-has");
        UUID agent = createAgent(unique("skills"), skill, Channel.CHAT, 2, "available");
        UUID caseId = UUID.randomUUID();
        TestEvents.publish(Topics.CASES, caseId.toString(), EventTypes.CASE_OPENED,
                caseOpened(caseId, Channel.CHAT, 3, List.of(needed), "en"));
        awaitTask(caseId, status("waiting"));

        Instant due = Instant.parse("2026-11-01T09:00:00Z");
        publishUpdate(caseUpdated(caseId, Channel.CHAT, "open", 3, List.of(skill), null, List.of("skills"), due));

        assertThat(agentOf(caseId)).isEqualTo(agent);
        Response task = awaitTask(caseId, status("assigned"));
        assertThat(task.<List<String>>path("requiredSkills")).containsExactly(skill);
        assertThat(Instant.parse(task.path("dueAt"))).isEqualTo(due);
        ContractCheck.assertConforms(awaitAssignments(caseId).get(0));
    }

    @Test
    void aCaseRoutingNeverSawIsTakenUpFromCaseUpdated() {
        String skill = unique("late");
        UUID agent = UUID.fromString(createAgent(agentBody(unique("late"), Map.of(skill, 3), List.of("en"), Map.of("email", 1),
                "available")).path("id"));
        UUID caseId = UUID.randomUUID();
        publishUpdate(caseUpdated(caseId, Channel.EMAIL, "open", 2, List.of(skill), null, List.of("priority"), null));
        Response task = awaitTask(caseId, status("assigned"));
        assertThat(task.<Integer>path("priority")).isEqualTo(2);
        ConsumerRecord<String, String> record = awaitAssignments(caseId).get(0);
        ContractCheck.assertConforms(record);
        assertThat(TestEvents.payload(record, AssignmentCreated.class).agentId()).isEqualTo(agent);
    }
}
