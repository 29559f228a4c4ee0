package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.TIMEOUT;
import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitDetail;
import static io.outpost.cases.CaseFixtures.detail;
import static io.outpost.cases.CaseFixtures.missedAll;
import static io.outpost.cases.CaseFixtures.patch;
import static io.outpost.cases.CaseFixtures.publish;
import static io.outpost.cases.CaseFixtures.reportDelivered;
import static io.outpost.cases.CaseFixtures.reportFailed;
import static io.outpost.cases.CaseFixtures.timeline;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.PostEdited;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Echoes of the messages Outpost sends that are no case replies (survey-service's invitations, crm-link's
 * consent requests) are never responses, whether they come after or before their delivery report: not the
 * first response, not a second one (first-contact resolution), not an answer that takes a case out of the
 * missed view. X DMs between the customer and our account, as ingest-service publishes them. The cases
 * open on a day of their own (1960s, random), so the service-level report over that day holds only them.
 */
@QuarkusTest
class OwnMessagesAreNoResponsesTest {

    private static final String OUR_ACCOUNT = "85741799";
    private static final PostIngested.Author US = new PostIngested.Author(OUR_ACCOUNT, "AcmeHelp", "Acme Help");

    /** A customer's DM in their thread with our account (ingest's key for X DMs: the pair). */
    private static PostIngested customerDm(Instant at) {
        PostIngested.Author customer = new PostIngested.Author("u-" + UUID.randomUUID(), "dana", "Dana K");
        return new PostIngested(UUID.randomUUID(), Channel.X, "dm-" + UUID.randomUUID(),
                "x:thread:" + OUR_ACCOUNT + "-" + customer.platformUserId(), customer, "my parcel never came", at,
                Instant.now(), null, Visibility.PRIVATE, false).toAccount(OUR_ACCOUNT);
    }

    /** X's echo of a DM our account sent in the customer's thread: our own DM with the platform's id. */
    private static PostIngested ourDmEcho(PostIngested thread, String platformMessageId, Instant at) {
        return new PostIngested(UUID.randomUUID(), Channel.X, platformMessageId, thread.conversationKey(), US,
                "a DM of ours", at, Instant.now(), null, Visibility.PRIVATE, true).toAccount(OUR_ACCOUNT);
    }

    /**
     * ingest-service's report that a message which is no case reply (a survey invitation: its id is the
     * survey's; a consent request) reached the platform, keyed as its request was.
     */
    private static void reportOwnMessageDelivered(String key, UUID messageId, String caseId, String platformMessageId,
            Instant at) {
        TestEvents.publish(Topics.DELIVERY, key, EventTypes.DELIVERY_REPORTED, new DeliveryReported(messageId,
                caseId == null ? null : UUID.fromString(caseId), Channel.X, DeliveryReported.Status.DELIVERED,
                platformMessageId, null, at));
    }

    private static String replyPrivately(String caseId, String text) {
        return given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON)
                .body(Map.of("text", text, "visibility", "private"))
                .when().post("/api/v1/cases/" + caseId + "/replies").then().statusCode(201).extract().path("id");
    }

    private static void awaitReply(String caseId, String replyId, String what, String condition) {
        Poll.until(what, TIMEOUT, () -> timeline(caseId),
                t -> t.get("entries.find { it.type == 'reply' && it.reply.id == '" + replyId + "' && "
                        + condition + " }") != null);
    }

    /** An edit of the thread's first post: a marker on the thread's partition, after the echoes before it. */
    private static void postsBarrier(String caseId, PostIngested first, String text) {
        TestEvents.publish(Topics.POSTS, first.conversationKey(), EventTypes.POST_EDITED, new PostEdited(first.postId(),
                Channel.X, first.externalId(), first.conversationKey(), text, Instant.now()));
        awaitDetail(caseId, "the posts barrier", d -> text.equals(d.getString("posts[0].text")));
    }

    private static List<String> shownPosts(String caseId) {
        return timeline(caseId).getList("entries.findAll { it.type == 'post' }.post.externalId", String.class);
    }

    private static Optional<Map<String, Object>> missedRow(String caseId) {
        return missedAll().stream().filter(m -> caseId.equals(m.get("caseId"))).findFirst();
    }

    @Test
    void echoesOfSurveyInvitationsAndConsentRequestsAreNeverResponsesBeforeOrAfterTheirReports() {
        Instant day = Instant.parse("1960-01-01T00:00:00Z").plus((long) (Math.random() * 3000), ChronoUnit.DAYS);
        Instant p = day.plusSeconds(3600);

        // c1: answered and resolved; the survey invitation's report, then its echo in the DM thread.
        PostIngested q1 = customerDm(p);
        publish(q1);
        String c1 = awaitCaseOpenedBy(q1);
        String r1 = replyPrivately(c1, "Sorry about that: a new parcel leaves today, tracking 4411.");
        patch(TestTokens.agent(), c1, Map.of("status", "resolved"), 200);
        String x1 = "dm-" + UUID.randomUUID();
        publish(ourDmEcho(q1, x1, p.plusSeconds(100)));
        String s1 = "dm-" + UUID.randomUUID();
        reportOwnMessageDelivered(c1, UUID.randomUUID(), c1, s1, p.plusSeconds(600));
        // The reply's report, on the same partition (key: the case), is the barrier for the survey's.
        reportDelivered(c1, r1, Channel.X, x1, p.plusSeconds(120));
        awaitReply(c1, r1, "r1 confirmed", "it.reply.confirmedAt != null");
        publish(ourDmEcho(q1, s1, p.plusSeconds(601)));
        postsBarrier(c1, q1, "edited after the survey's echo");
        JsonPath d1 = detail(c1);
        assertThat(d1.getList("posts.externalId", String.class)).as("the invitation's echo is no post of the case")
                .containsExactly(q1.externalId());
        assertThat(shownPosts(c1)).containsExactly(q1.externalId());
        assertThat(d1.getString("firstResponseAt")).isEqualTo(p.plusSeconds(100).toString());
        assertThat(d1.getString("status")).isEqualTo("resolved");

        // c2: answered and resolved; the invitation's echo comes before its report. Until the report it is our
        // account's post (nothing tells it apart from a DM typed in X's app); the report makes it an echo.
        PostIngested q2 = customerDm(p.plusSeconds(10));
        publish(q2);
        String c2 = awaitCaseOpenedBy(q2);
        String r2 = replyPrivately(c2, "Your refund went out today; it shows within three days.");
        String x2 = "dm-" + UUID.randomUUID();
        reportDelivered(c2, r2, Channel.X, x2, p.plusSeconds(200));
        publish(ourDmEcho(q2, x2, p.plusSeconds(150)));
        awaitReply(c2, r2, "r2 confirmed", "it.reply.confirmedAt != null");
        patch(TestTokens.agent(), c2, Map.of("status", "resolved"), 200);
        String s2 = "dm-" + UUID.randomUUID();
        PostIngested surveyEcho2 = ourDmEcho(q2, s2, p.plusSeconds(700));
        publish(surveyEcho2);
        awaitDetail(c2, "the early echo filed as our post", d -> d.getList("posts").size() == 2);
        reportOwnMessageDelivered(c2, UUID.randomUUID(), c2, s2, p.plusSeconds(701));
        JsonPath d2 = awaitDetail(c2, "the report turns it into the invitation's echo",
                d -> d.getList("posts").size() == 1);
        assertThat(d2.getList("posts.externalId", String.class)).containsExactly(q2.externalId());
        assertThat(shownPosts(c2)).containsExactly(q2.externalId());
        assertThat(d2.getString("firstResponseAt")).isEqualTo(p.plusSeconds(150).toString());
        // A redelivered echo (a new post id, as a second webhook call gives) changes nothing.
        publish(ourDmEcho(q2, s2, p.plusSeconds(700)));
        postsBarrier(c2, q2, "edited after the redelivered echo");
        assertThat(detail(c2).getList("posts.externalId", String.class)).containsExactly(q2.externalId());

        // c3: nobody answered; a consent request (crm-link: no case, keyed by the customer) comes back before
        // its report. The report puts the case back: no first response, in the missed view again.
        PostIngested q3 = customerDm(p.plusSeconds(20));
        publish(q3);
        String c3 = awaitCaseOpenedBy(q3);
        String cr3 = "dm-" + UUID.randomUUID();
        publish(ourDmEcho(q3, cr3, p.plusSeconds(300)));
        awaitDetail(c3, "the early echo counted as our post", d -> d.getString("firstResponseAt") != null);
        reportOwnMessageDelivered(q3.author().platformUserId(), UUID.randomUUID(), null, cr3, p.plusSeconds(301));
        JsonPath d3 = awaitDetail(c3, "the report takes the answer back", d -> d.getString("firstResponseAt") == null);
        assertThat(d3.getList("posts.externalId", String.class)).containsExactly(q3.externalId());
        Map<String, Object> missed3 = Poll.until("c3 back in the missed view", TIMEOUT, () -> missedRow(c3),
                Optional::isPresent).orElseThrow();
        assertThat(missed3.get("target")).isEqualTo("first-response");

        // c4: the reply failed, the survey went out anyway (report, then echo): the customer is still waiting.
        PostIngested q4 = customerDm(p.plusSeconds(30));
        publish(q4);
        String c4 = awaitCaseOpenedBy(q4);
        String r4 = replyPrivately(c4, "We have reset your line; try again in five minutes.");
        patch(TestTokens.agent(), c4, Map.of("status", "resolved"), 200);
        String s4 = "dm-" + UUID.randomUUID();
        reportOwnMessageDelivered(c4, UUID.randomUUID(), c4, s4, p.plusSeconds(800));
        reportFailed(c4, r4, Channel.X, "403 You cannot send messages to this user (X error 349)", Instant.now());
        awaitDetail(c4, "reopened by the failed delivery (the survey's report is before it)",
                d -> "open".equals(d.getString("status")));
        publish(ourDmEcho(q4, s4, p.plusSeconds(801)));
        postsBarrier(c4, q4, "edited after the survey's echo");
        JsonPath d4 = detail(c4);
        assertThat(d4.getString("firstResponseAt")).as("the invitation answered nothing").isNull();
        assertThat(d4.getList("posts.externalId", String.class)).containsExactly(q4.externalId());
        assertThat(missedRow(c4)).as("still waiting for an answer").isPresent();

        JsonPath x = new JsonPath(given().auth().oauth2(TestTokens.supervisor()).queryParam("from", day.toString())
                .queryParam("to", day.plusSeconds(86_400).toString()).queryParam("groupBy", "channel")
                .when().get("/api/v1/metrics/service-level").then().statusCode(200).extract().asString())
                .setRoot("groups.find { it.group == 'x' }");
        assertThat(x.getInt("cases")).isEqualTo(4);
        // First responses: c1 after 100 s, c2 after 140 s; p50 120, p90 100 + 0.9 * 40 = 136.
        assertThat(x.getLong("firstResponse.p50Seconds")).isEqualTo(120);
        assertThat(x.getLong("firstResponse.p90Seconds")).isEqualTo(136);
        assertThat(x.getDouble("responseRatePercent")).as("c3 and c4 were never answered").isEqualTo(50.0);
        // Finished: c1 and c2, each with exactly one response (the invitations' echoes are none).
        assertThat(x.getDouble("firstContactResolutionPercent")).isEqualTo(100.0);
    }
}
