package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.T0;
import static io.outpost.cases.CaseFixtures.TIMEOUT;
import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitDetail;
import static io.outpost.cases.CaseFixtures.awaitEvents;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.detail;
import static io.outpost.cases.CaseFixtures.publish;
import static io.outpost.cases.CaseFixtures.reply;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The right account, always (issue 17, item 2): a case keeps the account the customer wrote to, and
 * every message case-service sends for it names that account in {@code outbound.requested.accountId}.
 */
@QuarkusTest
class CaseAccountFlowTest {

    private static JsonPath postReply(String caseId, String text, String visibility) {
        return given().auth().oauth2(TestTokens.forUser("jane.kowalski", "agent")).contentType(ContentType.JSON)
                .body(Map.of("text", text, "visibility", visibility))
                .when().post("/api/v1/cases/" + caseId + "/replies")
                .then().statusCode(201).extract().jsonPath();
    }

    /** The one outbound.requested of the reply, checked against its schema. */
    private static OutboundRequested outboundOf(String replyId) {
        List<ConsumerRecord<String, String>> records = awaitEvents(Topics.OUTBOUND, EventTypes.OUTBOUND_REQUESTED,
                replyId, 1, TIMEOUT);
        assertThat(records).hasSize(1);
        ContractCheck.assertConforms(records.get(0));
        return TestEvents.payload(records.get(0), OutboundRequested.class);
    }

    private static <T> T caseEvent(String type, String caseId, Class<T> payload) {
        List<ConsumerRecord<String, String>> records = awaitEvents(Topics.CASES, type, caseId, 1, TIMEOUT);
        assertThat(records).as(type + " of " + caseId).isNotEmpty();
        ContractCheck.assertConforms(records.get(0));
        return TestEvents.payload(records.get(0), payload);
    }

    @Test
    void aCaseAnswersFromTheAccountTheCustomerWroteToAndKeepsIt() {
        String b = "acct-b-" + UUID.randomUUID();
        String c = "acct-c-" + UUID.randomUUID();
        PostIngested opening = customerPost(Channel.X, T0).toAccount(b);
        publish(opening);
        String caseId = awaitCaseOpenedBy(opening);

        assertThat(detail(caseId).getString("accountId")).isEqualTo(b);
        assertThat(caseEvent(EventTypes.CASE_OPENED, caseId, CaseOpened.class).accountId()).isEqualTo(b);

        OutboundRequested publicReply = outboundOf(postReply(caseId, "Sorry, we are checking your order now.", "public")
                .getString("id"));
        assertThat(publicReply.kind()).isEqualTo(OutboundRequested.Kind.PUBLIC_REPLY);
        assertThat(publicReply.accountId()).isEqualTo(b);
        OutboundRequested dm = outboundOf(postReply(caseId, "Sent you the tracking link by DM.", "private").getString("id"));
        assertThat(dm.kind()).isEqualTo(OutboundRequested.Kind.PRIVATE_MESSAGE);
        assertThat(dm.accountId()).isEqualTo(b);

        // The customer copies in another of our handles: the post joins the case, the case keeps its account.
        PostIngested toAnother = reply(opening, T0.plusSeconds(120), false).toAccount(c);
        publish(toAnother);
        JsonPath after = awaitDetail(caseId, "second post filed", d -> d.getList("posts").size() == 2);
        assertThat(after.getString("accountId")).isEqualTo(b);
        assertThat(after.getString("posts.find { it.externalId == '" + toAnother.externalId() + "' }.accountId"))
                .as("the post keeps the account it was addressed to").isEqualTo(c);
        assertThat(outboundOf(postReply(caseId, "Your parcel is at the depot and goes out today.", "public")
                .getString("id")).accountId()).isEqualTo(b);

        CaseFixtures.patch(TestTokens.supervisor(), caseId, Map.of("status", "resolved"), 200);
        assertThat(caseEvent(EventTypes.CASE_RESOLVED, caseId, CaseResolved.class).accountId())
                .as("the survey invitation goes out from it").isEqualTo(b);
    }

    @Test
    void aCaseWithoutAnAccountAnswersFromTheDefaultUntilACustomerPostNamesOne() {
        PostIngested imported = customerPost(Channel.X, T0);
        publish(imported);
        String caseId = awaitCaseOpenedBy(imported);

        assertThat(detail(caseId).getString("accountId")).isNull();
        assertThat(caseEvent(EventTypes.CASE_OPENED, caseId, CaseOpened.class).accountId()).isNull();
        String replyId = postReply(caseId, "We are looking into it right away.", "public").getString("id");
        OutboundRequested fromDefault = outboundOf(replyId);
        assertThat(fromDefault.accountId()).as("the channel's default account").isNull();
        assertThat(TestEvents.awaitContaining(Topics.OUTBOUND, replyId, TIMEOUT).get(0).value())
                .doesNotContain("accountId");

        // The customer answers on the platform, to our account C: the case takes it, and keeps it.
        String c = "acct-c-" + UUID.randomUUID();
        PostIngested named = reply(imported, T0.plusSeconds(60), false).toAccount(c);
        publish(named);
        awaitDetail(caseId, "the case takes the account", d -> c.equals(d.getString("accountId")));
        PostIngested another = reply(named, T0.plusSeconds(120), false).toAccount("acct-d-" + UUID.randomUUID());
        publish(another);
        assertThat(awaitDetail(caseId, "third post filed", d -> d.getList("posts").size() == 3).getString("accountId"))
                .isEqualTo(c);
        assertThat(outboundOf(postReply(caseId, "A replacement is on its way to you.", "private").getString("id"))
                .accountId()).isEqualTo(c);
    }

    @Test
    void anIncidentsBulkReplyGoesOutFromEachCasesAccount() {
        String b = "acct-b-" + UUID.randomUUID();
        PostIngested withAccount = customerPost(Channel.X, T0).toAccount(b);
        PostIngested without = customerPost(Channel.X, T0);
        publish(withAccount);
        publish(without);
        String caseB = awaitCaseOpenedBy(withAccount);
        String caseDefault = awaitCaseOpenedBy(without);

        String incident = given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("title", "Accounts " + UUID.randomUUID()))
                .when().post("/api/v1/incidents").then().statusCode(201).extract().jsonPath().getString("id");
        for (String caseId : List.of(caseB, caseDefault)) {
            given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body(Map.of("caseId", caseId))
                    .when().post("/api/v1/incidents/" + incident + "/cases").then().statusCode(200);
        }
        String text = "Sorry for the trouble, deliveries are running again " + UUID.randomUUID();
        JsonPath bulk = given().auth().oauth2(TestTokens.forUser("sue", "supervisor")).contentType(ContentType.JSON)
                .body(Map.of("text", text, "visibility", "private"))
                .when().post("/api/v1/incidents/" + incident + "/bulk-reply")
                .then().statusCode(200).extract().jsonPath();
        assertThat(bulk.getInt("replied")).isEqualTo(2);

        List<OutboundRequested> sent = awaitEvents(Topics.OUTBOUND, EventTypes.OUTBOUND_REQUESTED, text, 2, TIMEOUT)
                .stream().map(r -> {
                    ContractCheck.assertConforms(r);
                    return TestEvents.payload(r, OutboundRequested.class);
                }).toList();
        assertThat(sent).hasSize(2);
        assertThat(sent).allMatch(m -> m.lane() == OutboundRequested.Lane.BULK);
        assertThat(sent.stream().filter(m -> m.caseId().toString().equals(caseB)).findFirst().orElseThrow().accountId())
                .isEqualTo(b);
        assertThat(sent.stream().filter(m -> m.caseId().toString().equals(caseDefault)).findFirst().orElseThrow()
                .accountId()).isNull();
    }
}
