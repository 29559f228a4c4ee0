package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.TIMEOUT;
import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitDetail;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.detail;
import static io.outpost.cases.CaseFixtures.echoOf;
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
 * Echoes are confirmations, not responses, with echoes flowing as X and Meta send them: customer post,
 * agent reply, delivery report, echo (our own post whose external id is the reply's platform message id),
 * resolution; the echo before the report too; and a reply the platform refused. The cases open on a day
 * of their own (1990, random), so the service-level report over that day holds only them.
 */
@QuarkusTest
class EchoesConfirmRepliesTest {

    private static String replyPublicly(String caseId, String text) {
        return given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON)
                .body(Map.of("text", text, "visibility", "public"))
                .when().post("/api/v1/cases/" + caseId + "/replies").then().statusCode(201).extract().path("id");
    }

    private static JsonPath awaitReply(String caseId, String replyId, String what, String condition) {
        return Poll.until(what, TIMEOUT, () -> timeline(caseId),
                t -> t.get("entries.find { it.type == 'reply' && it.reply.id == '" + replyId + "' && "
                        + condition + " }") != null);
    }

    private static Map<String, Object> replyOf(JsonPath timeline, String replyId) {
        return timeline.get("entries.find { it.type == 'reply' && it.reply.id == '" + replyId + "' }.reply");
    }

    private static Optional<Map<String, Object>> missedRow(String caseId) {
        return missedAll().stream().filter(m -> caseId.equals(m.get("caseId"))).findFirst();
    }

    private static JsonPath report(Instant day) {
        return given().auth().oauth2(TestTokens.supervisor()).queryParam("from", day.toString())
                .queryParam("to", day.plusSeconds(86_400).toString()).queryParam("groupBy", "channel")
                .when().get("/api/v1/metrics/service-level").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void echoesConfirmRepliesFailedRepliesReturnToTheMissedQueueAndTheFiguresCountDeliveredResponsesOnly() {
        Instant day = Instant.parse("1990-01-01T00:00:00Z").plus((long) (Math.random() * 3000), ChronoUnit.DAYS);
        Instant p = day.plusSeconds(3600);

        // c1: the report, then the echo.
        PostIngested q1 = customerPost(Channel.X, p);
        publish(q1);
        String c1 = awaitCaseOpenedBy(q1);
        String r1 = replyPublicly(c1, "Restart the router once; the light should turn green.");
        assertThat(detail(c1).getString("firstResponseAt")).as("sending is not answering").isNull();
        assertThat(missedRow(c1)).as("a reply still sending has not reached the customer: still missed").isPresent();
        String x1 = "x-" + UUID.randomUUID();
        reportDelivered(c1, r1, Channel.X, x1, p.plusSeconds(180));
        awaitReply(c1, r1, "r1 delivered", "it.reply.status == 'delivered'");
        assertThat(replyOf(timeline(c1), r1).get("delivery")).isEqualTo("delivered, not yet confirmed by the platform");
        publish(echoOf(q1, x1, p.plusSeconds(120)));
        JsonPath t1 = awaitReply(c1, r1, "r1 confirmed", "it.reply.confirmedAt != null");
        Map<String, Object> reply1 = replyOf(t1, r1);
        assertThat(reply1.get("delivery")).isEqualTo("confirmed by the platform");
        assertThat(reply1.get("confirmedAt")).isEqualTo(p.plusSeconds(120).toString());
        assertThat(reply1.get("deliveredAt")).as("the platform's time on the echo is the earlier evidence")
                .isEqualTo(p.plusSeconds(120).toString());
        assertThat(t1.getList("entries.findAll { it.type == 'post' }.post.externalId", String.class))
                .as("the echo is the reply's confirmation, not a post").containsExactly(q1.externalId());
        JsonPath d1 = detail(c1);
        assertThat(d1.getList("posts.externalId", String.class)).containsExactly(q1.externalId());
        assertThat(d1.getString("firstResponseAt")).isEqualTo(p.plusSeconds(120).toString());
        assertThat(missedRow(c1)).as("answered: out of the missed view").isEmpty();
        patch(TestTokens.agent(), c1, Map.of("status", "resolved"), 200);

        // c2: the echo comes before the report; until then it is our account's post, a response by the brand.
        PostIngested q2 = customerPost(Channel.X, p.plusSeconds(10));
        publish(q2);
        String c2 = awaitCaseOpenedBy(q2);
        String r2 = replyPublicly(c2, "Your refund went out today; it shows within three days.");
        String x2 = "x-" + UUID.randomUUID();
        publish(echoOf(q2, x2, p.plusSeconds(70)));
        awaitDetail(c2, "early echo filed as our post", d -> d.getList("posts").size() == 2);
        reportDelivered(c2, r2, Channel.X, x2, p.plusSeconds(100));
        JsonPath t2 = awaitReply(c2, r2, "r2 confirmed by the early echo", "it.reply.confirmedAt != null");
        assertThat(replyOf(t2, r2).get("deliveredAt")).isEqualTo(p.plusSeconds(70).toString());
        assertThat(t2.getList("entries.findAll { it.type == 'post' }.post.externalId", String.class))
                .containsExactly(q2.externalId());
        JsonPath d2 = detail(c2);
        assertThat(d2.getList("posts.externalId", String.class)).containsExactly(q2.externalId());
        assertThat(d2.getString("firstResponseAt")).isEqualTo(p.plusSeconds(70).toString());
        patch(TestTokens.agent(), c2, Map.of("status", "resolved"), 200);

        // c3: replied and resolved, then the platform refuses the reply: open again, back in the missed
        // queue with the platform's reason, and no response.
        PostIngested q3 = customerPost(Channel.X, p.plusSeconds(20));
        publish(q3);
        String c3 = awaitCaseOpenedBy(q3);
        String r3 = replyPublicly(c3, "We have reset your line; try again in five minutes.");
        patch(TestTokens.agent(), c3, Map.of("status", "resolved"), 200);
        String reason = "403 You are not allowed to reply to this Post (X error 433)";
        reportFailed(c3, r3, Channel.X, reason, Instant.now());
        awaitDetail(c3, "reopened by the failed delivery", d -> "open".equals(d.getString("status")));
        Map<String, Object> reply3 = replyOf(timeline(c3), r3);
        assertThat(reply3.get("status")).isEqualTo("failed");
        assertThat(reply3.get("failureReason")).isEqualTo(reason);
        assertThat(reply3.get("delivery")).isEqualTo("failed: " + reason);
        assertThat(detail(c3).getString("firstResponseAt")).isNull();
        assertThat(timeline(c3).getList("entries.findAll { it.type == 'status' }.activity.detail", String.class))
                .anyMatch(why -> why != null && why.contains(reason));
        Map<String, Object> missed = Poll.until("c3 back in the missed view", TIMEOUT, () -> missedRow(c3),
                Optional::isPresent).orElseThrow();
        assertThat(missed.get("target")).isEqualTo("first-response");
        assertThat(((Map<?, ?>) missed.get("failedReply")).get("failureReason")).isEqualTo(reason);
        assertThat(((Map<?, ?>) missed.get("post")).get("externalId")).isEqualTo(q3.externalId());

        JsonPath x = new JsonPath(report(day).prettify()).setRoot("groups.find { it.group == 'x' }");
        assertFigures(x);

        // Redeliveries of c1's echo (a new post id, as a second webhook call gives) and of its report (a new
        // event): nothing changes. Barriers on the same keys: an edit of the customer's post (posts, by
        // conversation) and a later reply's failure (delivery, by case), neither a response.
        publish(echoOf(q1, x1, p.plusSeconds(120)));
        reportDelivered(c1, r1, Channel.X, x1, p.plusSeconds(900));
        String late = replyPublicly(c1, "One more thing: the new router firmware is out.");
        reportFailed(c1, late, Channel.X, "429 Too Many Requests", Instant.now());
        TestEvents.publish(Topics.POSTS, q1.conversationKey(), EventTypes.POST_EDITED, new PostEdited(q1.postId(),
                Channel.X, q1.externalId(), q1.conversationKey(), "edited after the echoes", p.plusSeconds(1000)));
        awaitReply(c1, late, "the delivery barrier", "it.reply.status == 'failed'");
        awaitDetail(c1, "the posts barrier", d -> "edited after the echoes".equals(d.getString("posts[0].text")));
        JsonPath after = timeline(c1);
        assertThat(replyOf(after, r1)).containsEntry("confirmedAt", p.plusSeconds(120).toString())
                .containsEntry("deliveredAt", p.plusSeconds(120).toString());
        assertThat(after.getList("entries.findAll { it.type == 'post' }.post.externalId", String.class))
                .containsExactly(q1.externalId());
        assertThat(detail(c1).getString("status")).as("the customer was answered: a failed follow-up reopens nothing")
                .isEqualTo("resolved");
        assertFigures(new JsonPath(report(day).prettify()).setRoot("groups.find { it.group == 'x' }"));
    }

    /** c1 answered after 120 s, c2 after 60 s, each with one response and resolved; c3 not answered. */
    private static void assertFigures(JsonPath x) {
        assertThat(x.getInt("cases")).isEqualTo(3);
        // First responses 60 and 120 s: p50 90, p90 60 + 0.9 * 60 = 114.
        assertThat(x.getLong("firstResponse.p50Seconds")).isEqualTo(90);
        assertThat(x.getLong("firstResponse.p90Seconds")).isEqualTo(114);
        assertThat(x.getDouble("responseRatePercent")).isEqualTo(66.7);
        // Finished: c1 and c2, each with exactly one response (the echo is none), never reopened.
        assertThat(x.getDouble("firstContactResolutionPercent")).isEqualTo(100.0);
    }
}
