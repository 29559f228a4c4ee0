package io.outpost.cases.messaging;

import static io.outpost.cases.CaseFixtures.TIMEOUT;
import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.echoOf;
import static io.outpost.cases.CaseFixtures.publish;
import static io.outpost.cases.CaseFixtures.reply;
import static io.outpost.cases.CaseFixtures.reportDelivered;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.CasePostAdded;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * case.post-added on outpost.cases: the opening post, a customer's next post, our reply, its delivery and its
 * echo each tell a console once, in order, with ids and kinds only; a repeated delivery report tells nothing.
 */
@QuarkusTest
class PostAddedEventsTest {

    @Test
    void everyPostReplyAndDeliveryChangeOfACaseIsPublishedOnceWithoutText() {
        Instant at = Instant.now().minusSeconds(120);
        PostIngested opening = customerPost(Channel.X, at);
        publish(opening);
        String kase = awaitCaseOpenedBy(opening);
        PostIngested next = reply(opening, at.plusSeconds(10), false);
        publish(next);
        CaseFixtures.awaitDetail(kase, "the second post", d -> CaseFixtures.postExternalIds(d).size() == 2);

        String replyId = given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON)
                .body(Map.of("text", "Sorry about that, we are on it", "visibility", "public"))
                .when().post("/api/v1/cases/" + kase + "/replies").then().statusCode(201).extract().path("id");
        String platformId = "t-" + UUID.randomUUID();
        reportDelivered(kase, replyId, Channel.X, platformId, Instant.now());
        // The same report again (a new event id): the reply is already delivered, nothing to tell.
        reportDelivered(kase, replyId, Channel.X, platformId, Instant.now());
        publish(echoOf(next, platformId, Instant.now()));
        // Marker: the customer answers; its event comes after everything above (same key, same partition).
        PostIngested marker = reply(opening, Instant.now(), false);
        publish(marker);

        List<ConsumerRecord<String, String>> records = CaseFixtures.awaitEvents(Topics.CASES, EventTypes.CASE_POST_ADDED,
                kase, 6, TIMEOUT);
        records.forEach(ContractCheck::assertConforms);
        List<CasePostAdded> events = records.stream().map(r -> TestEvents.payload(r, CasePostAdded.class)).toList();
        assertThat(events).extracting(e -> e.kind().wireName() + ":" + (e.postId() != null ? e.postId() : e.replyId())
                + (e.delivery() == null ? "" : ":" + e.delivery()))
                .containsExactly("customer-post:" + opening.postId(), "customer-post:" + next.postId(),
                        "reply:" + replyId + ":requested", "reply-delivery:" + replyId + ":delivered",
                        "reply-delivery:" + replyId + ":confirmed", "customer-post:" + marker.postId());
        assertThat(records).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(kase);
            assertThat(r.value()).doesNotContain("text of").doesNotContain("Sorry about").doesNotContain("dana");
        });
    }
}
