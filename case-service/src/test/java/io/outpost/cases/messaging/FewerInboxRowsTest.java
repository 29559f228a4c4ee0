package io.outpost.cases.messaging;

import static io.outpost.cases.CaseFixtures.T0;
import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitDetail;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.postExternalIds;
import static io.outpost.cases.CaseFixtures.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.OfferMade;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's fewer inbox rows in case-service: a customer's post is idempotent by its own (channel, external
 * id), so it gets no {@code processed_event} row, and a redelivery files nothing and publishes nothing again;
 * offer.made (a login's agent id, an upsert) gets none either; our own account's posts and assignment.created
 * keep theirs. Each check waits for a later record of the same key (one partition, so read after the ones under
 * test) before it asserts that nothing changed.
 */
@QuarkusTest
class FewerInboxRowsTest {

    @Inject
    Pool pool;

    private long inboxRows(String... ceIds) {
        return pool.preparedQuery("select count(*) from processed_event where event_id = any($1)")
                .execute(Tuple.of(ceIds)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(java.util.Arrays.asList(params))).await().atMost(Duration.ofSeconds(10)).iterator().next()
                .getLong(0);
    }

    private static JsonPath supervisorsView(String caseId) {
        return io.restassured.RestAssured.given().auth().oauth2(io.outpost.devstack.TestTokens.supervisor())
                .when().get("/api/v1/cases/" + caseId).then().statusCode(200).extract().jsonPath();
    }

    private static TestEvents.Raw raw(PostIngested post, String ceId) {
        return new TestEvents.Raw(post.conversationKey(), ceId, EventTypes.POST_INGESTED, TestEvents.json(post));
    }

    @Test
    void aRedeliveredCustomerPostFilesNothingAndPublishesNothingAgain() {
        PostIngested root = customerPost(Channel.FORUM, T0);
        PostIngested joining = reply(root, T0.plusSeconds(1), false);
        TestEvents.Raw opened = raw(root, UUID.randomUUID().toString());
        TestEvents.Raw joined = raw(joining, UUID.randomUUID().toString());
        TestEvents.publishAllRaw(Topics.POSTS, List.of(opened));
        String caseId = awaitCaseOpenedBy(root);
        TestEvents.publishAllRaw(Topics.POSTS, List.of(joined));
        awaitDetail(caseId, "the reply in " + caseId, d -> postExternalIds(d).contains(joining.externalId()));
        assertThat(inboxRows(opened.ceId(), joined.ceId())).as("inbox rows of customer posts").isZero();

        // Both delivered again (the opening post and the one that joined the case), then a new post behind them.
        PostIngested marker = reply(root, T0.plusSeconds(2), false);
        TestEvents.publishAllRaw(Topics.POSTS, List.of(opened, joined, raw(marker, UUID.randomUUID().toString())));
        JsonPath detail = awaitDetail(caseId, "the marker in " + caseId, d -> postExternalIds(d).contains(marker.externalId()));

        assertThat(postExternalIds(detail)).containsExactly(root.externalId(), joining.externalId(), marker.externalId());
        assertThat(CaseFixtures.caseOpenedBy(joining.postId())).as("the reply opened no case").isEmpty();
        assertThat(count("select count(*) from case_post where channel = $1 and external_id = any($2)", "forum",
                new String[] { root.externalId(), joining.externalId() })).as("each post filed once").isEqualTo(2);
        // The case's events share its key, so they arrive in the order written: every event a redelivery had
        // published would come before the marker's case.post-added.
        List<ConsumerRecord<String, String>> events = TestEvents.readUntil(Topics.CASES,
                rs -> rs.stream().anyMatch(r -> caseId.equals(r.key()) && r.value().contains(marker.postId().toString())),
                CaseFixtures.TIMEOUT).stream().filter(r -> caseId.equals(r.key())).toList();
        assertThat(events).extracting(r -> TestEvents.header(r, "ce_type").orElse(""))
                .filteredOn(type -> type.equals(EventTypes.CASE_OPENED) || type.equals(EventTypes.CASE_POST_ADDED))
                .as("case.opened once, case.post-added once per post")
                .containsExactly(EventTypes.CASE_OPENED, EventTypes.CASE_POST_ADDED, EventTypes.CASE_POST_ADDED,
                        EventTypes.CASE_POST_ADDED);
    }

    @Test
    void ourOwnAccountsPostKeepsItsInboxRow() {
        // Our own post outside any case is not recorded (Threading rule 9): only the inbox row remembers it.
        PostIngested root = customerPost(Channel.FORUM, T0);
        PostIngested own = reply(root, T0.plusSeconds(1), true);
        TestEvents.Raw ownRecord = new TestEvents.Raw(root.conversationKey(), UUID.randomUUID().toString(),
                EventTypes.POST_INGESTED, TestEvents.json(own));
        // Then a customer's post in the same conversation, which opens a case (the own post joined none).
        PostIngested customer = CaseFixtures.post(Channel.FORUM, "t-" + UUID.randomUUID(), root.conversationKey(), null,
                T0.plusSeconds(2), false);
        TestEvents.Raw customerRecord = raw(customer, UUID.randomUUID().toString());
        TestEvents.publishAllRaw(Topics.POSTS, List.of(ownRecord, customerRecord));
        awaitCaseOpenedBy(customer);

        assertThat(inboxRows(ownRecord.ceId())).as("our own post's inbox row").isEqualTo(1);
        assertThat(inboxRows(customerRecord.ceId())).as("a customer post's").isZero();
    }

    @Test
    void anOfferLeavesNoInboxRowAndAnAssignmentKeepsItsAndIsEchoedWithItsId() {
        PostIngested post = customerPost(Channel.EMAIL, T0);
        CaseFixtures.publish(post);
        String caseId = awaitCaseOpenedBy(post);
        UUID agent = UUID.randomUUID();
        String login = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        Instant at = Instant.now();
        OfferMade offer = new OfferMade(UUID.randomUUID(), UUID.fromString(caseId), agent, login, Channel.EMAIL, 3, "default",
                List.of(), null, null, at, null, true);
        AssignmentCreated assignment = new AssignmentCreated(UUID.randomUUID(), UUID.fromString(caseId), agent, "Jo Kim",
                at, "best candidate", "tier-1", login);
        String offerId = UUID.randomUUID().toString();
        String assignmentId = UUID.randomUUID().toString();
        // One key, so one poll in this order (routing keys offers by agent, assignments by case).
        TestEvents.Raw offerRecord = new TestEvents.Raw(caseId, offerId, EventTypes.OFFER_MADE, TestEvents.json(offer));
        TestEvents.Raw assignmentRecord = new TestEvents.Raw(caseId, assignmentId, EventTypes.ASSIGNMENT_CREATED,
                TestEvents.json(assignment));
        TestEvents.publishAllRaw(Topics.ASSIGNMENTS, List.of(offerRecord, assignmentRecord));
        // As a supervisor: an agent's token sees only their own and unassigned cases.
        Poll.until("assignee of " + caseId, CaseFixtures.TIMEOUT, () -> supervisorsView(caseId),
                d -> agent.toString().equals(d.getString("assignee.id")));

        assertThat(inboxRows(offerId)).as("offer.made's inbox row").isZero();
        assertThat(inboxRows(assignmentId)).as("assignment.created's").isEqualTo(1);
        assertThat(count("select count(*) from agent_directory where username = $1 and agent_id = $2",
                login, agent)).as("the login learnt").isEqualTo(1);

        // The case.updated it caused names the assignment: routing-service skips it as its own echo.
        CaseUpdated echo = TestEvents.payload(CaseFixtures.awaitEvents(Topics.CASES, EventTypes.CASE_UPDATED, caseId, 1,
                CaseFixtures.TIMEOUT).get(0), CaseUpdated.class);
        assertThat(echo.changes()).contains("assignee");
        assertThat(echo.assigneeAgentId()).isEqualTo(agent);
        assertThat(echo.assignmentId()).isEqualTo(assignment.assignmentId());

        // Both delivered again, then a new offer behind them: the offer's upsert changes nothing, the assignment
        // is a duplicate by its row.
        UUID laterAgent = UUID.randomUUID();
        String laterLogin = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        OfferMade later = new OfferMade(UUID.randomUUID(), UUID.fromString(caseId), laterAgent, laterLogin, Channel.EMAIL, 3,
                "default", List.of(), null, null, Instant.now(), null, true);
        TestEvents.publishAllRaw(Topics.ASSIGNMENTS, List.of(offerRecord, assignmentRecord,
                new TestEvents.Raw(caseId, UUID.randomUUID().toString(), EventTypes.OFFER_MADE, TestEvents.json(later))));
        Poll.until("the later login learnt", CaseFixtures.TIMEOUT,
                () -> count("select count(*) from agent_directory where username = $1", laterLogin), n -> n == 1);
        assertThat(count("select count(*) from agent_directory where username = $1 and agent_id = $2",
                login, agent)).isEqualTo(1);
        assertThat(inboxRows(offerId, assignmentId)).as("still only the assignment's row").isEqualTo(1);
        assertThat(supervisorsView(caseId).getString("assignee.id")).isEqualTo(agent.toString());
    }
}
