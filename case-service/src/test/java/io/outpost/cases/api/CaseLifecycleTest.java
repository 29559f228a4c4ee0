package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.T0;
import static io.outpost.cases.CaseFixtures.TIMEOUT;
import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitDetail;
import static io.outpost.cases.CaseFixtures.awaitEvents;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.detail;
import static io.outpost.cases.CaseFixtures.openCase;
import static io.outpost.cases.CaseFixtures.patch;
import static io.outpost.cases.CaseFixtures.publish;
import static io.outpost.cases.CaseFixtures.reply;
import static io.outpost.cases.CaseFixtures.sql;
import static io.outpost.cases.CaseFixtures.timeline;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Status changes, priority, tags, assignee overrides, notes, close publicly, reopen and auto-close. */
@QuarkusTest
class CaseLifecycleTest {

    private static final Map<String, Object> PENDING = Map.of("status", "pending");

    /** A public reply through the API; returns its id. */
    private static String replyPublicly(String caseId) {
        return given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON)
                .body(Map.of("text", "Fixed, thanks for telling us.", "visibility", "public"))
                .when().post("/api/v1/cases/" + caseId + "/replies").then().statusCode(201).extract().path("id");
    }

    @Test
    void statusChangesFollowTheTransitionsAndAreOnTheTimelineAndInCaseUpdated() {
        String caseId = openCase(Channel.FACEBOOK, T0);

        JsonPath pending = patch(TestTokens.forUser("jo", "agent"), caseId, PENDING, 200);
        assertThat(pending.getString("status")).isEqualTo("pending");
        JsonPath onHold = patch(TestTokens.integration(), caseId, Map.of("status", "on-hold", "priority", 2), 200);
        assertThat(onHold.getString("status")).isEqualTo("on-hold");
        assertThat(onHold.getInt("priority")).isEqualTo(2);

        // new is only the first state; the problem names what is allowed.
        patch(TestTokens.agent(), caseId, Map.of("status", "new"), 409);
        given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON).body(Map.of("status", "new"))
                .when().patch("/api/v1/cases/" + caseId)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("can become: open, pending, resolved, closed"));

        List<ConsumerRecord<String, String>> updates = awaitEvents(Topics.CASES, EventTypes.CASE_UPDATED, caseId, 2, TIMEOUT);
        assertThat(updates).hasSize(2);
        updates.forEach(ContractCheck::assertConforms);
        CaseUpdated first = TestEvents.payload(updates.get(0), CaseUpdated.class);
        assertThat(first.status()).isEqualTo("pending");
        assertThat(first.previousStatus()).isEqualTo("new");
        assertThat(first.changes()).containsExactly("status");
        assertThat(first.channel()).isEqualTo(Channel.FACEBOOK);
        assertThat(updates.get(0).key()).isEqualTo(caseId);
        CaseUpdated second = TestEvents.payload(updates.get(1), CaseUpdated.class);
        assertThat(second.status()).isEqualTo("on-hold");
        assertThat(second.priority()).isEqualTo(2);
        assertThat(second.changes()).containsExactlyInAnyOrder("status", "priority");

        JsonPath t = timeline(caseId);
        assertThat(t.getList("entries.findAll { it.type == 'status' }.activity.toStatus", String.class))
                .containsExactly("pending", "on-hold");
        assertThat(t.getString("entries.find { it.type == 'status' }.activity.actor")).isEqualTo("jo");
        assertThat(t.getString("entries.find { it.type == 'update' }.activity.detail")).isEqualTo("priority 3 -> 2");
    }

    @Test
    void tagsAreReplacedAndAreNotARoutableChange() {
        String caseId = openCase(Channel.CHAT, T0);
        JsonPath tagged = patch(TestTokens.agent(), caseId, Map.of("tags", List.of(" vip ", "refund", "vip")), 200);
        assertThat(tagged.getList("tags", String.class)).containsExactly("refund", "vip");
        // A routable change after it: the only case.updated of the case is the priority one.
        patch(TestTokens.agent(), caseId, Map.of("priority", 4), 200);
        List<ConsumerRecord<String, String>> updates = awaitEvents(Topics.CASES, EventTypes.CASE_UPDATED, caseId, 1, TIMEOUT);
        assertThat(updates).hasSize(1);
        assertThat(TestEvents.payload(updates.get(0), CaseUpdated.class).changes()).containsExactly("priority");
        assertThat(TestEvents.payload(updates.get(0), CaseUpdated.class).previousStatus()).isNull();
    }

    @Test
    void onlySupervisorsAndAdminsChooseTheAssignee() {
        String caseId = openCase(Channel.EMAIL, T0);
        String agentId = UUID.randomUUID().toString();
        Map<String, Object> assign = Map.of("assignee", Map.of("id", agentId, "name", "Sam Lee", "team", "billing"));
        for (String role : new String[] { "agent", "integration" }) {
            given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(assign)
                    .when().patch("/api/v1/cases/" + caseId)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        JsonPath assigned = patch(TestTokens.supervisor(), caseId, assign, 200);
        assertThat(assigned.getString("assignee.id")).isEqualTo(agentId);
        assertThat(assigned.getString("assignee.name")).isEqualTo("Sam Lee");
        assertThat(assigned.getString("status")).as("an assignee opens a new case").isEqualTo("open");

        CaseUpdated update = TestEvents.payload(
                awaitEvents(Topics.CASES, EventTypes.CASE_UPDATED, caseId, 1, TIMEOUT).get(0), CaseUpdated.class);
        assertThat(update.assigneeAgentId()).hasToString(agentId);
        assertThat(update.changes()).containsExactlyInAnyOrder("assignee", "status");
    }

    @Test
    void resolvingACaseThatBeganInPublicNeedsAPublicReplyOrASupervisorsOverride() {
        String caseId = openCase(Channel.X, T0);
        UUID agentId = UUID.randomUUID();
        TestEvents.publish(Topics.ASSIGNMENTS, caseId, EventTypes.ASSIGNMENT_CREATED, new AssignmentCreated(
                UUID.randomUUID(), UUID.fromString(caseId), agentId, "Jo Kim", T0.plusSeconds(60), "skills", "care-emea"));
        awaitDetail(caseId, "assigned", d -> d.getString("assignee") != null);

        given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON).body(Map.of("status", "resolved"))
                .when().patch("/api/v1/cases/" + caseId)
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("close publicly"));
        // Closing straight away is the same decision.
        patch(TestTokens.agent(), caseId, Map.of("status", "closed"), 422);
        // An agent cannot override: the assignment names no login, so no agent is "the assigned one".
        patch(TestTokens.agent(), caseId, Map.of("status", "resolved", "closePubliclyOverride", true), 403);
        assertThat(detail(caseId).getString("status")).as("nothing written").isEqualTo("open");

        JsonPath resolved = patch(TestTokens.forUser("sup", "supervisor"), caseId,
                Map.of("status", "resolved", "closePubliclyOverride", true), 200);
        assertThat(resolved.getString("status")).isEqualTo("resolved");
        assertThat(resolved.getString("resolvedAt")).isNotNull();
        JsonPath t = timeline(caseId);
        assertThat(t.getString("entries.find { it.type == 'close-publicly-override' }.activity.actor")).isEqualTo("sup");

        List<ConsumerRecord<String, String>> records = awaitEvents(Topics.CASES, EventTypes.CASE_RESOLVED, caseId, 1,
                TIMEOUT);
        assertThat(records).hasSize(1);
        ContractCheck.assertConforms(records.get(0));
        CaseResolved event = TestEvents.payload(records.get(0), CaseResolved.class);
        assertThat(event.caseId()).hasToString(caseId);
        assertThat(event.assigneeAgentId()).isEqualTo(agentId);
        assertThat(event.assigneeName()).isEqualTo("Jo Kim");
        assertThat(event.team()).isEqualTo("care-emea");
        assertThat(event.hidden()).isFalse();
        assertThat(event.openedAt()).isEqualTo(T0);
        assertThat(event.firstResponseAt()).isNull();
        assertThat(event.resolvedAt()).isEqualTo(Instant.parse(resolved.getString("resolvedAt")));
    }

    @Test
    void aPublicReplyAllowsResolvingAndACustomerPostWithinTheWindowReopens() {
        PostIngested first = customerPost(Channel.INSTAGRAM, Instant.now().minus(1, ChronoUnit.HOURS));
        publish(first);
        String caseId = awaitCaseOpenedBy(first);
        String replyId = replyPublicly(caseId);
        // Delivered: a response from the report's time on, which case.resolved carries.
        Instant deliveredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        CaseFixtures.reportDelivered(caseId, replyId, Channel.INSTAGRAM, "ig-" + UUID.randomUUID(), deliveredAt);
        awaitDetail(caseId, "reply delivered", d -> d.getString("firstResponseAt") != null);
        patch(TestTokens.agent(), caseId, Map.of("status", "resolved"), 200);
        ConsumerRecord<String, String> resolved = awaitEvents(Topics.CASES, EventTypes.CASE_RESOLVED, caseId, 1, TIMEOUT)
                .get(0);
        assertThat(TestEvents.payload(resolved, CaseResolved.class).firstResponseAt()).isEqualTo(deliveredAt);

        publish(reply(first, Instant.now(), false));
        JsonPath reopened = awaitDetail(caseId, "reopened", d -> "open".equals(d.getString("status")));
        assertThat(reopened.getString("resolvedAt")).isNull();
        assertThat(reopened.getList("posts")).hasSize(2);
        List<ConsumerRecord<String, String>> updates = awaitEvents(Topics.CASES, EventTypes.CASE_UPDATED, caseId, 2, TIMEOUT);
        CaseUpdated reopen = TestEvents.payload(updates.get(updates.size() - 1), CaseUpdated.class);
        assertThat(reopen.status()).isEqualTo("open");
        assertThat(reopen.previousStatus()).isEqualTo("resolved");
        assertThat(timeline(caseId).getString("entries.findAll { it.type == 'status' }[-1].activity.detail"))
                .contains("reopened");
    }

    @Test
    void aCustomerPostAfterTheReopenWindowOpensANewCase() {
        PostIngested first = customerPost(Channel.MESSENGER, T0);
        publish(first);
        String caseId = awaitCaseOpenedBy(first);
        patch(TestTokens.supervisor(), caseId, Map.of("status", "resolved", "closePubliclyOverride", true), 200);
        // Resolved eight days before the customer writes again: outside the 7-day window.
        Instant later = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        sql("update customer_case set resolved_at = ? where id = ?",
                java.sql.Timestamp.from(later.minus(Duration.ofDays(8))), UUID.fromString(caseId));
        PostIngested again = reply(first, later, false);
        publish(again);
        String second = awaitCaseOpenedBy(again);
        assertThat(second).isNotEqualTo(caseId);
    }

    @Test
    void resolvedCasesCloseAutomaticallyAfterTheConfiguredTime() {
        String caseId = openCase(Channel.CHAT, T0);
        patch(TestTokens.supervisor(), caseId, Map.of("status", "resolved", "closePubliclyOverride", true), 200);
        sql("update customer_case set resolved_at = resolved_at - interval '8 days' where id = ?", UUID.fromString(caseId));

        JsonPath closed = awaitDetail(caseId, "auto-closed", d -> "closed".equals(d.getString("status")));
        assertThat(closed.getString("closedAt")).isNotNull();
        List<ConsumerRecord<String, String>> updates = awaitEvents(Topics.CASES, EventTypes.CASE_UPDATED, caseId, 2, TIMEOUT);
        CaseUpdated close = TestEvents.payload(updates.get(updates.size() - 1), CaseUpdated.class);
        ContractCheck.assertConforms(updates.get(updates.size() - 1));
        assertThat(close.status()).isEqualTo("closed");
        assertThat(close.previousStatus()).isEqualTo("resolved");
        assertThat(timeline(caseId).getString("entries.findAll { it.type == 'status' }[-1].activity.detail"))
                .contains("closed automatically");
        // Closed is final.
        patch(TestTokens.supervisor(), caseId, Map.of("status", "open"), 409);
    }

    @Test
    void notesAreInternalTimelineEntries() {
        String caseId = openCase(Channel.FORUM, T0);
        String notes = "/api/v1/cases/" + caseId + "/notes";
        JsonPath note = given().auth().oauth2(TestTokens.forUser("ana", "agent")).contentType(ContentType.JSON)
                .body(Map.of("text", "  Customer called the hotline too.  "))
                .when().post(notes).then().statusCode(201).extract().jsonPath();
        assertThat(note.getString("type")).isEqualTo("note");
        assertThat(note.getString("activity.detail")).isEqualTo("Customer called the hotline too.");
        JsonPath t = timeline(caseId);
        assertThat(t.getString("entries.find { it.type == 'note' }.activity.actor")).isEqualTo("ana");
        // A note wrongly sent would be in the outbox by now: the relay (polling every second) gets 2 s.
        assertThat(TestEvents.readUntil(Topics.OUTBOUND, rs -> false, Duration.ofSeconds(2)).stream()
                .noneMatch(r -> r.value() != null && r.value().contains("hotline too"))).as("never sent").isTrue();

        for (Object bad : new Object[] { Map.of("text", " "), Map.of(), Map.of("text", "x".repeat(10_001)) }) {
            given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON).body(bad).when().post(notes)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON).body(Map.of("text", "hi"))
                .when().post("/api/v1/cases/" + UUID.randomUUID() + "/notes")
                .then().statusCode(404).contentType("application/problem+json");
        assertThat(timeline(caseId).getList("entries.findAll { it.type == 'note' }")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{}", "{\"status\":\"done\"}", "{\"priority\":0}", "{\"priority\":5}",
            "{\"tags\":[\"\"]}", "{\"assignee\":{\"id\":\"not-a-uuid\"}}", "{\"priority\":\"high\"}", "[1]" })
    void badPatchesAreProblemsAndChangeNothing(String body) {
        String caseId = openCase(Channel.CHAT, T0);
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body(body)
                .when().patch("/api/v1/cases/" + caseId)
                .then().statusCode(400).contentType("application/problem+json");
        JsonPath d = detail(caseId);
        assertThat(d.getString("status")).isEqualTo("new");
        assertThat(d.getInt("priority")).isEqualTo(3);
    }

    @Test
    void roleMatrixOfPatchAndNotes() {
        String caseId = openCase(Channel.CHAT, T0);
        String path = "/api/v1/cases/" + caseId;
        given().contentType(ContentType.JSON).body(PENDING).when().patch(path)
                .then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("text", "n")).when().post(path + "/notes")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forRole("customer")).contentType(ContentType.JSON).body(PENDING)
                .when().patch(path).then().statusCode(403).contentType("application/problem+json");
        for (String role : new String[] { "customer", "admin" }) {
            given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(Map.of("text", "n"))
                    .when().post(path + "/notes").then().statusCode(403).contentType("application/problem+json");
        }
        for (String role : new String[] { "agent", "supervisor", "admin", "integration" }) {
            given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON)
                    .body(Map.of("tags", List.of(role))).when().patch(path)
                    .then().statusCode(200).body("tags", is(List.of(role)));
        }
        for (String role : new String[] { "agent", "supervisor", "integration" }) {
            given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(Map.of("text", role))
                    .when().post(path + "/notes").then().statusCode(201);
        }
        given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON).body(PENDING)
                .when().patch("/api/v1/cases/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static PostIngested byAuthor(PostIngested.Author author, Channel channel, Instant at) {
        PostIngested p = customerPost(channel, at);
        return new PostIngested(p.postId(), channel, p.externalId(), p.conversationKey(), author, p.text(), at,
                p.receivedAt(), null, p.visibility(), false);
    }

    private static io.restassured.response.ValidatableResponse merge(String token, String caseId, Object into) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("intoCaseId", into))
                .when().post("/api/v1/cases/" + caseId + "/merge").then();
    }

    @Test
    void aCaseMergedIntoAnotherMovesItsPostsAndRepliesAndCloses() {
        PostIngested.Author dana = new PostIngested.Author("u-" + UUID.randomUUID(), "dana", "Dana K");
        PostIngested older = byAuthor(dana, Channel.X, T0);
        PostIngested newer = byAuthor(dana, Channel.X, T0.plusSeconds(300));
        publish(older);
        publish(newer);
        String source = awaitCaseOpenedBy(older);
        String target = awaitCaseOpenedBy(newer);
        String sourceReply = replyPublicly(source);
        CaseFixtures.reportDelivered(source, sourceReply, Channel.X, "x-" + UUID.randomUUID(), T0.plusSeconds(600));
        awaitDetail(source, "reply delivered", d -> d.getString("firstResponseAt") != null);

        JsonPath merged = merge(TestTokens.forUser("mia", "agent"), source, target).statusCode(200).extract().jsonPath();
        assertThat(merged.getString("id")).isEqualTo(target);
        assertThat(merged.getList("posts.externalId", String.class))
                .containsExactly(older.externalId(), newer.externalId());
        assertThat(merged.getString("openedAt")).as("the earlier opening").isEqualTo(T0.toString());
        assertThat(merged.getString("firstResponseAt")).as("the source's delivered reply answered the target too")
                .isEqualTo(T0.plusSeconds(600).toString());
        JsonPath closed = detail(source);
        assertThat(closed.getString("status")).isEqualTo("closed");
        assertThat(closed.getString("mergedIntoCaseId")).isEqualTo(target);
        assertThat(closed.getList("posts")).isEmpty();
        assertThat(timeline(target).getList("entries.findAll { it.type == 'reply' }")).hasSize(1);
        assertThat(timeline(target).getString("entries.find { it.type == 'merged-from' }.activity.detail"))
                .isEqualTo(source);
        assertThat(timeline(source).getString("entries.find { it.type == 'merged-into' }.activity.actor"))
                .isEqualTo("mia");

        ConsumerRecord<String, String> record = awaitEvents(Topics.CASES, EventTypes.CASE_UPDATED, source, 1, TIMEOUT)
                .get(0);
        ContractCheck.assertConforms(record);
        CaseUpdated update = TestEvents.payload(record, CaseUpdated.class);
        assertThat(update.caseId()).hasToString(source);
        assertThat(update.status()).isEqualTo("closed");
        assertThat(update.mergedIntoCaseId()).hasToString(target);
        assertThat(update.changes()).containsExactly("status", "merged");

        // A later customer reply to the moved post joins the target.
        PostIngested followUp = reply(older, T0.plusSeconds(900), false);
        publish(followUp);
        awaitDetail(target, "follow-up in the target", d -> d.getList("posts").size() == 3);
        // Closed cases are not merged again.
        merge(TestTokens.agent(), source, target).statusCode(409).contentType("application/problem+json");
    }

    @Test
    void mergesAcrossCustomersOrChannelsAndBadRequestsAreRefused() {
        String a = openCase(Channel.X, T0);
        String b = openCase(Channel.X, T0);
        String chat = openCase(Channel.CHAT, T0);
        merge(TestTokens.agent(), a, b).statusCode(422).contentType("application/problem+json");
        merge(TestTokens.agent(), a, chat).statusCode(422);
        merge(TestTokens.agent(), a, a).statusCode(400).contentType("application/problem+json");
        merge(TestTokens.agent(), a, "nope").statusCode(400);
        merge(TestTokens.agent(), a, UUID.randomUUID().toString()).statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("intoCaseId", b)).when().post("/api/v1/cases/" + a + "/merge")
                .then().statusCode(401);
        merge(TestTokens.forRole("customer"), a, b).statusCode(403);
        assertThat(detail(a).getString("status")).as("nothing written").isEqualTo("new");
    }
}
