package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.TIMEOUT;
import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitDetail;
import static io.outpost.cases.CaseFixtures.awaitEvents;
import static io.outpost.cases.CaseFixtures.caseOpenedBy;
import static io.outpost.cases.CaseFixtures.detail;
import static io.outpost.cases.CaseFixtures.patch;
import static io.outpost.cases.CaseFixtures.publish;
import static io.outpost.cases.CaseFixtures.timeline;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.PostEdited;
import io.outpost.contracts.events.PostIngested;
import io.outpost.contracts.events.SurveySent;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.Poll;
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

/**
 * Issue 17, item 6: hidden posts inside a conversation stay on the timeline, marked, but do not
 * reopen, start SLA turns or become the post a reply answers until a person un-hides them; a survey
 * answer by DM is the survey's, not a new message for the case.
 */
@QuarkusTest
class NoiseDoesNotDriveCasesTest {

    private static final String BOT = "bot: repeated text";
    /** How long the relay (it polls every second) is given to publish what it should not. */
    private static final Duration RELAY = Duration.ofSeconds(2);

    private static PostIngested.Author customer() {
        return new PostIngested.Author("u-" + UUID.randomUUID(), "dana", "Dana K");
    }

    private static PostIngested post(Channel channel, String conversationKey, PostIngested.Author author, String text,
            Instant at, String inReplyTo, Visibility visibility, String hiddenReason) {
        PostIngested.Enrichment enrichment = hiddenReason == null ? null
                : new PostIngested.Enrichment(null, null, null, null, hiddenReason);
        return new PostIngested(UUID.randomUUID(), channel, "t-" + UUID.randomUUID(), conversationKey, author, text, at,
                Instant.now(), inReplyTo, visibility, false, enrichment);
    }

    /** A bot's reply inside the customer's public conversation. */
    private static PostIngested hiddenReplyTo(PostIngested parent, Instant at) {
        return post(parent.channel(), parent.conversationKey(), new PostIngested.Author("bot-" + UUID.randomUUID(),
                "deals4u", "Deals"), "Best deals here!!! https://spam.example", at, parent.externalId(),
                Visibility.PUBLIC, BOT);
    }

    /**
     * Publishes an edit of {@code post} under its conversation key (same partition, so processed after
     * everything published before it) and waits until it is in: the barrier after which the earlier
     * records' effects are committed.
     */
    private static void barrier(PostIngested post, String caseId) {
        String marker = "barrier " + UUID.randomUUID();
        TestEvents.publish(Topics.POSTS, post.conversationKey(), EventTypes.POST_EDITED, new PostEdited(post.postId(),
                post.channel(), post.externalId(), post.conversationKey(), marker, Instant.now()));
        awaitDetail(caseId, "barrier edit in case " + caseId, d -> d.getList("posts.text", String.class).contains(marker));
    }

    /** The post in a case's detail, or null while it is not there. */
    private static Map<String, Object> postOf(JsonPath detail, PostIngested post) {
        return detail.get("posts.find { it.externalId == '" + post.externalId() + "' }");
    }

    private static io.restassured.response.ValidatableResponse unhide(String token, String caseId, Object postId) {
        var request = token == null ? given() : given().auth().oauth2(token);
        return request.when().post("/api/v1/cases/" + caseId + "/posts/" + postId + "/unhide").then();
    }

    /** A public reply through the API; returns its id. */
    private static String replyPublicly(String caseId) {
        return given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON)
                .body(Map.of("text", "We're on it: restart the router once and tell us the light's colour.",
                        "visibility", "public"))
                .when().post("/api/v1/cases/" + caseId + "/replies").then().statusCode(201).extract().path("id");
    }

    /** A public reply the platform then reports delivered: from then it is a response. */
    private static void replyDelivered(String caseId, Channel channel) {
        String replyId = replyPublicly(caseId);
        CaseFixtures.reportDelivered(caseId, replyId, channel, "p-" + UUID.randomUUID(), Instant.now());
        awaitDetail(caseId, "reply " + replyId + " delivered", d -> d.getString("firstResponseAt") != null);
    }

    private static List<ConsumerRecord<String, String>> caseUpdates(String caseId, int atLeast, Duration wait) {
        return awaitEvents(Topics.CASES, EventTypes.CASE_UPDATED, caseId, atLeast, wait);
    }

    @Test
    void aHiddenPostDoesNotReopenAResolvedCaseUntilAnAgentUnhidesIt() {
        PostIngested first = post(Channel.X, "x:c-" + UUID.randomUUID(), customer(), "my router keeps dropping",
                Instant.now().minus(1, ChronoUnit.HOURS), null, Visibility.PUBLIC, null);
        publish(first);
        String caseId = awaitCaseOpenedBy(first);
        replyDelivered(caseId, Channel.X);
        patch(TestTokens.agent(), caseId, Map.of("status", "resolved"), 200);
        assertThat(caseUpdates(caseId, 1, TIMEOUT)).hasSize(1);

        PostIngested bot = hiddenReplyTo(first, Instant.now());
        publish(bot);
        barrier(first, caseId);

        JsonPath after = detail(caseId);
        assertThat(after.getString("status")).as("a hidden post does not reopen").isEqualTo("resolved");
        assertThat(after.getString("resolvedAt")).isNotNull();
        Map<String, Object> hidden = postOf(after, bot);
        assertThat(hidden).as("the hidden post is on the case").isNotNull();
        assertThat(hidden.get("hiddenReason")).isEqualTo(BOT);
        assertThat(hidden.get("counts")).isEqualTo(false);
        assertThat(hidden.get("unhiddenAt")).isNull();
        JsonPath t = timeline(caseId);
        assertThat(t.getString("entries.find { it.type == 'post' && it.post.externalId == '" + bot.externalId()
                + "' }.post.hiddenReason")).isEqualTo(BOT);
        assertThat(t.getList("entries.findAll { it.type == 'status' }.activity.toStatus", String.class))
                .containsExactly("resolved");
        assertThat(caseUpdates(caseId, 2, RELAY)).as("no case.updated for a hidden post").hasSize(1);
        assertThat(caseOpenedBy(bot.postId())).as("a hidden post inside a conversation opens no case").isEmpty();

        // An agent finds a real customer behind it: from now it counts, as a customer post arriving now.
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        JsonPath reopened = unhide(TestTokens.forUser("kim", "agent"), caseId, bot.postId())
                .statusCode(200).extract().jsonPath();
        Instant afterUnhide = Instant.now();
        assertThat(reopened.getString("status")).isEqualTo("open");
        assertThat(reopened.getString("resolvedAt")).isNull();
        Map<String, Object> unhidden = postOf(reopened, bot);
        assertThat(unhidden.get("unhiddenBy")).isEqualTo("kim");
        assertThat(unhidden.get("counts")).isEqualTo(true);
        assertThat(unhidden.get("hiddenReason")).as("the reason stays, for the record").isEqualTo(BOT);
        // Its turn starts at the un-hide time: next response due 30 min later (public x), not 30 min after the post.
        Instant due = Instant.parse(reopened.getString("sla.find { it.target == 'next-response' }.dueAt"));
        assertThat(due).isBetween(before.plus(Duration.ofMinutes(30)), afterUnhide.plus(Duration.ofMinutes(30)));
        assertThat(reopened.getString("sla.find { it.target == 'next-response' }.state")).isEqualTo("running");

        JsonPath history = timeline(caseId);
        assertThat(history.getString("entries.find { it.type == 'post-unhidden' }.activity.actor")).isEqualTo("kim");
        assertThat(history.getString("entries.find { it.type == 'post-unhidden' }.activity.detail"))
                .contains(bot.externalId()).contains(BOT);
        assertThat(history.getString("entries.findAll { it.type == 'status' }[-1].activity.detail"))
                .contains("un-hidden");
        List<ConsumerRecord<String, String>> updates = caseUpdates(caseId, 2, TIMEOUT);
        assertThat(updates).hasSize(2);
        ContractCheck.assertConforms(updates.get(1));
        CaseUpdated reopen = TestEvents.payload(updates.get(1), CaseUpdated.class);
        assertThat(reopen.status()).isEqualTo("open");
        assertThat(reopen.previousStatus()).isEqualTo("resolved");
        assertThat(reopen.changes()).containsExactly("status");

        // Idempotent: again changes nothing, publishes nothing, records no second entry.
        JsonPath again = unhide(TestTokens.supervisor(), caseId, bot.postId()).statusCode(200).extract().jsonPath();
        assertThat(postOf(again, bot).get("unhiddenBy")).isEqualTo("kim");
        assertThat(timeline(caseId).getList("entries.findAll { it.type == 'post-unhidden' }")).hasSize(1);
        assertThat(caseUpdates(caseId, 3, RELAY)).hasSize(2);
    }

    @Test
    void aHiddenPostStartsNoTurnAndIsNotWhatThePublicReplyAnswersUntilUnhidden() {
        PostIngested question = post(Channel.FACEBOOK, "facebook:c-" + UUID.randomUUID(), customer(),
                "is the outage in Leeds fixed?", Instant.now().minus(10, ChronoUnit.MINUTES), null, Visibility.PUBLIC, null);
        publish(question);
        String caseId = awaitCaseOpenedBy(question);
        replyDelivered(caseId, Channel.FACEBOOK);

        PostIngested bot = hiddenReplyTo(question, Instant.now());
        publish(bot);
        JsonPath withBot = awaitDetail(caseId, "hidden post in case " + caseId, d -> postOf(d, bot) != null);
        assertThat(withBot.getList("sla.target", String.class)).as("no customer turn for a hidden post")
                .doesNotContain("next-response");
        assertThat(withBot.getString("status")).isEqualTo("new");

        // The default target of a public reply is the customer's latest post that counts: not the bot's.
        replyPublicly(caseId);
        List<ConsumerRecord<String, String>> outbound = awaitEvents(Topics.OUTBOUND, EventTypes.OUTBOUND_REQUESTED,
                caseId, 2, TIMEOUT);
        assertThat(outbound).hasSize(2);
        assertThat(TestEvents.payload(outbound.get(1), OutboundRequested.class).inReplyToExternalId())
                .isEqualTo(question.externalId());

        JsonPath unhidden = unhide(TestTokens.supervisor(), caseId, bot.postId()).statusCode(200).extract().jsonPath();
        assertThat(unhidden.getString("status")).as("a new case stays new").isEqualTo("new");
        assertThat(unhidden.getString("sla.find { it.target == 'next-response' }.state")).isEqualTo("running");
        replyPublicly(caseId);
        outbound = awaitEvents(Topics.OUTBOUND, EventTypes.OUTBOUND_REQUESTED, caseId, 3, TIMEOUT);
        assertThat(outbound).hasSize(3);
        assertThat(TestEvents.payload(outbound.get(2), OutboundRequested.class).inReplyToExternalId())
                .as("un-hidden, it counts").isEqualTo(bot.externalId());
    }

    @Test
    void unhidingStatesItsRolesAndRefusesWhatItCannotDo() {
        PostIngested question = post(Channel.INSTAGRAM, "instagram:c-" + UUID.randomUUID(), customer(),
                "where is my parcel?", Instant.now(), null, Visibility.PUBLIC, null);
        publish(question);
        String caseId = awaitCaseOpenedBy(question);
        PostIngested bot = hiddenReplyTo(question, Instant.now().plusSeconds(1));
        publish(bot);
        awaitDetail(caseId, "hidden post in case " + caseId, d -> postOf(d, bot) != null);

        unhide(null, caseId, bot.postId()).statusCode(401).contentType("application/problem+json");
        for (String role : new String[] { "admin", "integration", "customer" }) {
            unhide(TestTokens.forRole(role), caseId, bot.postId()).statusCode(403).contentType("application/problem+json");
        }
        unhide(TestTokens.agent(), caseId, "not-a-uuid").statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("postId"));
        unhide(TestTokens.agent(), "nope", bot.postId()).statusCode(400).contentType("application/problem+json");
        unhide(TestTokens.agent(), caseId, UUID.randomUUID()).statusCode(404).contentType("application/problem+json");
        unhide(TestTokens.agent(), UUID.randomUUID().toString(), bot.postId()).statusCode(404)
                .contentType("application/problem+json");
        unhide(TestTokens.agent(), caseId, question.postId()).statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("not hidden"));
        // Nothing above changed it.
        assertThat(postOf(detail(caseId), bot).get("unhiddenAt")).isNull();

        // A post of another case is not found through this one.
        PostIngested other = post(Channel.INSTAGRAM, "instagram:c-" + UUID.randomUUID(), customer(), "hello",
                Instant.now(), null, Visibility.PUBLIC, null);
        publish(other);
        String otherCase = awaitCaseOpenedBy(other);
        unhide(TestTokens.agent(), otherCase, bot.postId()).statusCode(404).contentType("application/problem+json");

        // A bot post that opened a case of its own: the case is hidden as a whole (agents get 404, as
        // for every hidden case; supervisors a conflict).
        PostIngested lonelyBot = post(Channel.INSTAGRAM, "instagram:c-" + UUID.randomUUID(), customer(), "buy now",
                Instant.now(), null, Visibility.PUBLIC, BOT);
        publish(lonelyBot);
        String hiddenCase = Poll.until("hidden case of " + lonelyBot.externalId(), TIMEOUT,
                () -> given().auth().oauth2(TestTokens.supervisor()).queryParam("hidden", "true")
                        .queryParam("postExternalId", lonelyBot.externalId()).when().get("/api/v1/cases")
                        .then().statusCode(200).extract().jsonPath().getList("items.id", String.class),
                ids -> !ids.isEmpty()).get(0);
        unhide(TestTokens.agent(), hiddenCase, lonelyBot.postId()).statusCode(404);
        unhide(TestTokens.supervisor(), hiddenCase, lonelyBot.postId()).statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("hidden as a whole"));

        // A closed case is final.
        patch(TestTokens.supervisor(), caseId, Map.of("status", "closed", "closePubliclyOverride", true), 200);
        unhide(TestTokens.agent(), caseId, bot.postId()).statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("closed"));
    }

    @Test
    void aScoreByDmAfterASurveyIsTheSurveysAnswerAndTheCaseStaysResolved() {
        PostIngested.Author dana = customer();
        String dmThread = "messenger:dm-" + UUID.randomUUID();
        PostIngested first = post(Channel.MESSENGER, dmThread, dana, "my router is broken",
                Instant.now().minus(2, ChronoUnit.HOURS), null, Visibility.PRIVATE, null);
        publish(first);
        String caseId = awaitCaseOpenedBy(first);
        patch(TestTokens.agent(), caseId, Map.of("status", "resolved"), 200);
        UUID surveyId = UUID.randomUUID();
        Instant sentAt = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);
        TestEvents.publish(Topics.SURVEYS, caseId, EventTypes.SURVEY_SENT, new SurveySent(surveyId,
                UUID.fromString(caseId), "nps", Channel.MESSENGER, sentAt, sentAt.plus(Duration.ofDays(7))));
        Poll.until("survey sent on the timeline", TIMEOUT, () -> timeline(caseId),
                t -> !t.getList("entries.findAll { it.type == 'survey-sent' }").isEmpty());

        PostIngested score = post(Channel.MESSENGER, dmThread, dana, "9", Instant.now(), null, Visibility.PRIVATE, null);
        publish(score);
        // The post and any reopening commit in one transaction: once the post is in, the case is as it stays.
        JsonPath withAnswer = awaitDetail(caseId, "survey answer in case " + caseId, d -> postOf(d, score) != null);
        assertThat(withAnswer.getString("status")).as("a survey answer does not reopen").isEqualTo("resolved");
        Map<String, Object> answer = postOf(withAnswer, score);
        assertThat(answer.get("surveyId")).isEqualTo(surveyId.toString());
        assertThat(answer.get("counts")).isEqualTo(false);
        assertThat(timeline(caseId).getString("entries.find { it.type == 'post' && it.post.surveyId != null }"
                + ".post.externalId")).isEqualTo(score.externalId());
        assertThat(caseUpdates(caseId, 2, RELAY)).as("only the resolution's case.updated").hasSize(1);

        // Words that are not a score are a message for the case: it reopens as before.
        PostIngested complaint = post(Channel.MESSENGER, dmThread, dana, "my router is still broken", Instant.now(),
                null, Visibility.PRIVATE, null);
        publish(complaint);
        JsonPath reopened = awaitDetail(caseId, "reopened by " + complaint.externalId(),
                d -> "open".equals(d.getString("status")));
        assertThat(postOf(reopened, complaint).get("counts")).isEqualTo(true);
        assertThat(postOf(reopened, complaint).get("surveyId")).isNull();
    }

    @Test
    void aScoreByDmAboutACaseThatBeganInPublicOpensNoNewCase() {
        PostIngested.Author dana = customer();
        PostIngested tweet = post(Channel.X, "x:c-" + UUID.randomUUID(), dana, "billing charged me twice",
                Instant.now().minus(2, ChronoUnit.HOURS), null, Visibility.PUBLIC, null);
        publish(tweet);
        String caseId = awaitCaseOpenedBy(tweet);
        replyPublicly(caseId);
        patch(TestTokens.agent(), caseId, Map.of("status", "resolved"), 200);
        UUID surveyId = UUID.randomUUID();
        Instant sentAt = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);
        TestEvents.publish(Topics.SURVEYS, caseId, EventTypes.SURVEY_SENT, new SurveySent(surveyId,
                UUID.fromString(caseId), "nps", Channel.X, sentAt, sentAt.plus(Duration.ofDays(7))));
        Poll.until("survey sent on the timeline", TIMEOUT, () -> timeline(caseId),
                t -> !t.getList("entries.findAll { it.type == 'survey-sent' }").isEmpty());

        // The DM thread is another conversation than the tweet's: without the survey it would open a case.
        PostIngested score = post(Channel.X, "x:dm-" + UUID.randomUUID(), dana, "10 - quick and kind", Instant.now(),
                null, Visibility.PRIVATE, null);
        publish(score);
        JsonPath withAnswer = awaitDetail(caseId, "survey answer in case " + caseId, d -> postOf(d, score) != null);
        assertThat(withAnswer.getString("status")).isEqualTo("resolved");
        assertThat(postOf(withAnswer, score).get("surveyId")).isEqualTo(surveyId.toString());
        assertThat(caseOpenedBy(score.postId())).isEmpty();
        // (case.post-added does name the answer: it is in the conversation, which a console shows.)
        assertThat(TestEvents.readUntil(Topics.CASES, rs -> false, RELAY))
                .as("no case.opened for the answer").noneMatch(r -> r.value().contains(score.postId().toString())
                        && TestEvents.header(r, "ce_type").filter(EventTypes.CASE_OPENED::equals).isPresent());
    }
}
