package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.T0;
import static io.outpost.cases.CaseFixtures.TIMEOUT;
import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitDetail;
import static io.outpost.cases.CaseFixtures.awaitEvents;
import static io.outpost.cases.CaseFixtures.missedAll;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.detail;
import static io.outpost.cases.CaseFixtures.patch;
import static io.outpost.cases.CaseFixtures.publish;
import static io.outpost.cases.CaseFixtures.reply;
import static io.outpost.cases.CaseFixtures.timeline;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.CaseFixtures;
import io.outpost.cases.store.CaseTimers;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.PostIngested;
import io.outpost.contracts.events.SlaBreached;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Triage from enrichment, hidden cases, SLA due times, breaches (exactly once) and the missed view. */
@QuarkusTest
class SlaAndTriageTest {

    @Inject
    CaseTimers timers;

    @Inject
    Vertx vertx;

    private static PostIngested enriched(Channel channel, Instant at, PostIngested.Enrichment enrichment) {
        PostIngested p = customerPost(channel, at);
        return new PostIngested(p.postId(), p.channel(), p.externalId(), p.conversationKey(), p.author(), p.text(),
                p.createdAt(), p.receivedAt(), null, Visibility.PUBLIC, false, enrichment);
    }

    /**
     * The case's breaches published so far: the topic read up to its end, so that a machine slow to
     * poll cannot make a short read window come back empty.
     */
    private static List<ConsumerRecord<String, String>> breaches(String caseId) {
        return TestEvents.readToEnd(Topics.CASES).stream()
                .filter(r -> r.value() != null && r.value().contains(caseId)
                        && TestEvents.header(r, "ce_type").map(EventTypes.CASE_SLA_BREACHED::equals).orElse(false))
                .toList();
    }

    /** The case's breaches once the checker (every second in tests) has had a few more runs to repeat one wrongly. */
    private static List<ConsumerRecord<String, String>> breachesAfterMoreCheckerRuns(String caseId) {
        try {
            Thread.sleep(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return breaches(caseId);
    }

    /** The case's breaches of one target, once there are at least {@code count}. */
    private static List<ConsumerRecord<String, String>> awaitBreaches(String caseId, String target, int count) {
        return Poll.until(count + " " + target + " breaches of " + caseId, TIMEOUT,
                () -> breaches(caseId).stream()
                        .filter(r -> TestEvents.payload(r, SlaBreached.class).target().equals(target)).toList(),
                l -> l.size() >= count);
    }


    @Test
    void enrichmentSetsPriorityAndSkillsAndCaseOpenedCarriesThemWithTheFirstResponseDueTime() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PostIngested post = enriched(Channel.X, at,
                new PostIngested.Enrichment("en", -0.8, "billing", List.of("charged twice"), null));
        publish(post);
        String caseId = awaitCaseOpenedBy(post);

        JsonPath d = detail(caseId);
        // billing 2, negative sentiment and an urgency hint: 1 (urgent).
        assertThat(d.getInt("priority")).isEqualTo(1);
        assertThat(d.getList("requiredSkills", String.class)).containsExactly("billing");
        assertThat(d.getString("language")).isEqualTo("en");
        assertThat(d.getString("intent")).isEqualTo("billing");
        // Urgent public post: 15 minutes on the 24x7 calendar.
        assertThat(d.getString("sla.find { it.target == 'first-response' }.dueAt"))
                .isEqualTo(at.plus(Duration.ofMinutes(15)).toString());
        assertThat(d.getString("sla.find { it.target == 'first-response' }.state")).isEqualTo("running");
        assertThat(d.getString("sla.find { it.target == 'resolution' }.dueAt"))
                .isEqualTo(at.plus(Duration.ofHours(8)).toString());

        ConsumerRecord<String, String> record = awaitEvents(Topics.CASES, EventTypes.CASE_OPENED,
                post.postId().toString(), 1, TIMEOUT).get(0);
        ContractCheck.assertConforms(record);
        CaseOpened opened = TestEvents.payload(record, CaseOpened.class);
        assertThat(opened.priority()).isEqualTo(1);
        assertThat(opened.requiredSkills()).containsExactly("billing");
        assertThat(opened.language()).isEqualTo("en");
        assertThat(opened.intent()).isEqualTo("billing");
        assertThat(opened.sentiment()).isEqualTo(-0.8);
        assertThat(opened.firstResponseDueAt()).isEqualTo(at.plus(Duration.ofMinutes(15)));
    }

    @Test
    void aForumPostWaitsForTheCommunityUnlessOnlyWeCanAnswer() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PostIngested community = enriched(Channel.FORUM, at, new PostIngested.Enrichment("en", 0.0, "question", null, null));
        PostIngested onlyUs = enriched(Channel.FORUM, at, new PostIngested.Enrichment("en", 0.0, "outage", null, null));
        publish(community);
        publish(onlyUs);
        assertThat(detail(awaitCaseOpenedBy(community)).getString("sla.find { it.target == 'first-response' }.dueAt"))
                .isEqualTo(at.plus(Duration.ofHours(12)).toString());
        JsonPath urgent = detail(awaitCaseOpenedBy(onlyUs));
        assertThat(urgent.getInt("priority")).as("outage").isEqualTo(1);
        assertThat(urgent.getString("sla.find { it.target == 'first-response' }.dueAt"))
                .isEqualTo(at.plus(Duration.ofHours(1)).toString());
    }

    @Test
    void aBotPostGoesToAHiddenCaseThatOnlySupervisorsSeeAndRoutingNeverHearsOf() {
        PostIngested bot = enriched(Channel.X, T0, new PostIngested.Enrichment(null, null, null, null,
                "bot: repeated text"));
        publish(bot);
        String caseId = Poll.until("hidden case of " + bot.externalId(), TIMEOUT, () -> given()
                .auth().oauth2(TestTokens.supervisor()).queryParam("hidden", "true").queryParam("limit", 200)
                .queryParam("postExternalId", bot.externalId())
                .when().get("/api/v1/cases").then().statusCode(200).extract().jsonPath().getString("items[0].id"),
                id -> id != null);

        JsonPath seen = given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/cases/" + caseId)
                .then().statusCode(200).extract().jsonPath();
        assertThat(seen.getString("hiddenReason")).isEqualTo("bot: repeated text");
        assertThat(seen.getList("sla")).as("hidden cases have no targets").isEmpty();
        for (String path : List.of("", "/timeline")) {
            given().auth().oauth2(TestTokens.agent()).when().get("/api/v1/cases/" + caseId + path)
                    .then().statusCode(404).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON).body(Map.of("status", "open"))
                .when().patch("/api/v1/cases/" + caseId).then().statusCode(404);
        given().auth().oauth2(TestTokens.agent()).queryParam("hidden", "true").when().get("/api/v1/cases")
                .then().statusCode(403).contentType("application/problem+json");
        assertThat(given().auth().oauth2(TestTokens.supervisor()).queryParam("postExternalId", bot.externalId())
                .when().get("/api/v1/cases").then().statusCode(200).extract().jsonPath().getList("items"))
                .as("not in the default list").isEmpty();
        assertThat(missedAll()).noneMatch(m -> caseId.equals(m.get("caseId")));

        // A supervisor closes it without a public reply: hidden cases need no override.
        patch(TestTokens.supervisor(), caseId, Map.of("status", "closed"), 200);
        assertThat(TestEvents.readUntil(Topics.CASES, rs -> false, Duration.ofSeconds(1)).stream()
                .filter(r -> r.value() != null && r.value().contains(caseId)).toList())
                .as("no case.opened, case.updated or breach for a hidden case").isEmpty();
    }

    @Test
    void aMissedFirstResponseIsReportedOnceStaysInTheMissedViewUntilAnsweredAndIsOnTheTimeline() {
        PostIngested post = customerPost(Channel.INSTAGRAM, T0);
        publish(post);
        String caseId = awaitCaseOpenedBy(post);

        List<ConsumerRecord<String, String>> records = awaitBreaches(caseId, "first-response", 1);
        assertThat(records).hasSize(1);
        ContractCheck.assertConforms(records.get(0));
        SlaBreached breach = TestEvents.payload(records.get(0), SlaBreached.class);
        assertThat(breach.target()).isEqualTo("first-response");
        assertThat(breach.dueAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(breach.channel()).isEqualTo(Channel.INSTAGRAM);
        assertThat(records.get(0).key()).isEqualTo(caseId);

        JsonPath d = detail(caseId);
        assertThat(d.getString("sla.find { it.target == 'first-response' }.state")).isEqualTo("breached");
        assertThat(timeline(caseId).getList("entries.findAll { it.type == 'sla-breached' }.activity.detail",
                String.class)).containsExactlyInAnyOrder("first-response", "resolution");
        assertThat(given().auth().oauth2(TestTokens.supervisor()).queryParam("breached", "true")
                .queryParam("postExternalId", post.externalId()).when().get("/api/v1/cases")
                .then().statusCode(200).extract().jsonPath().getList("items.id", String.class)).containsExactly(caseId);
        // Counted for dashboards and alerts (other tests' breaches count too: at least this one).
        assertThat(given().when().get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("outpost_cases_sla_breaches_total\\{[^}]*target=\"first-response\"[^}]*} [1-9]");
        Map<String, Object> missed = missedAll().stream().filter(m -> caseId.equals(m.get("caseId"))).findFirst()
                .orElseThrow();
        assertThat(missed.get("target")).isEqualTo("first-response");
        assertThat(missed.get("waitingSince")).isEqualTo(T0.toString());
        assertThat(((Map<?, ?>) missed.get("post")).get("externalId")).isEqualTo(post.externalId());

        String replyId = given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON)
                .body(Map.of("text", "Sorry for the wait, we are on it.", "visibility", "public"))
                .when().post("/api/v1/cases/" + caseId + "/replies").then().statusCode(201).extract().path("id");
        assertThat(missedAll()).as("a reply still sending has not reached the customer: still missed")
                .anyMatch(m -> caseId.equals(m.get("caseId")));
        CaseFixtures.reportDelivered(caseId, replyId, Channel.X, "x-" + UUID.randomUUID(), Instant.now());
        Poll.until("answered late: no longer missed", TIMEOUT, CaseFixtures::missedAll,
                all -> all.stream().noneMatch(m -> caseId.equals(m.get("caseId"))));
        assertThat(detail(caseId).getString("sla.find { it.target == 'first-response' }.state")).isEqualTo("met-late");
        // Several checker runs later, still one breach for the target.
        assertThat(breachesAfterMoreCheckerRuns(caseId).stream()
                .filter(r -> r.value().contains("first-response")).toList()).hasSize(1);
    }

    @Test
    void aNextResponseTargetIsMissedOncePerCustomerTurn() {
        PostIngested first = customerPost(Channel.FACEBOOK, T0);
        publish(first);
        String caseId = awaitCaseOpenedBy(first);
        // We answer on the platform one minute later (an echo), then the customer writes twice.
        publish(reply(first, T0.plusSeconds(60), true));
        PostIngested turn1 = reply(first, T0.plusSeconds(120), false);
        publish(turn1);
        publish(reply(first, T0.plusSeconds(180), false));
        awaitDetail(caseId, "four posts", d -> d.getList("posts").size() == 4);

        List<ConsumerRecord<String, String>> next = awaitBreaches(caseId, "next-response", 1);
        assertThat(next).hasSize(1);
        assertThat(TestEvents.payload(next.get(0), SlaBreached.class).dueAt())
                .as("the turn started with the first unanswered post").isEqualTo(T0.plusSeconds(120 + 30 * 60));
        assertThat(missedAll().stream().filter(m -> caseId.equals(m.get("caseId"))).findFirst().orElseThrow()
                .get("waitingSince")).isEqualTo(T0.plusSeconds(120).toString());

        // A second turn: our echo answers, the customer writes again, that turn is missed too, once.
        publish(reply(first, T0.plusSeconds(240), true));
        publish(reply(first, T0.plusSeconds(300), false));
        awaitBreaches(caseId, "next-response", 2);
        assertThat(breachesAfterMoreCheckerRuns(caseId).stream()
                .filter(r -> r.value().contains("next-response")).toList()).hasSize(2);
    }

    @Test
    void twoCheckersRacingForTheSameBreachesPublishEachOnce() throws Exception {
        List<String> cases = new ArrayList<>();
        List<PostIngested> posts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            posts.add(customerPost(Channel.CHAT, T0));
        }
        posts.forEach(p -> publish(p));
        posts.forEach(p -> cases.add(awaitCaseOpenedBy(p)));

        // Two "replicas" (and the scheduled checker) at once.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CompletableFuture<Integer> run = new CompletableFuture<>();
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> timers.checkBreaches(now).subscribe().with(run::complete,
                    run::completeExceptionally));
            runs.add(run);
        }
        for (CompletableFuture<Integer> run : runs) {
            assertThat(run.get(30, TimeUnit.SECONDS)).isNotNegative();
        }
        for (String caseId : cases) {
            awaitBreaches(caseId, "resolution", 1);
            awaitBreaches(caseId, "first-response", 1);
            List<ConsumerRecord<String, String>> records = breaches(caseId);
            // first-response and resolution (24 h) are both long past: one event each.
            assertThat(records.stream().map(r -> TestEvents.payload(r, SlaBreached.class).target()).toList())
                    .containsExactlyInAnyOrder("first-response", "resolution");
        }
    }

    @Test
    void pendingStopsTheClocks() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PostIngested post = customerPost(Channel.X, at);
        publish(post);
        String caseId = awaitCaseOpenedBy(post);
        String due = detail(caseId).getString("sla.find { it.target == 'first-response' }.dueAt");
        assertThat(due).isEqualTo(at.plus(Duration.ofMinutes(30)).toString());

        JsonPath pending = patch(TestTokens.agent(), caseId, Map.of("status", "pending"), 200);
        assertThat(pending.getString("sla.find { it.target == 'first-response' }.state")).isEqualTo("paused");
        assertThat(pending.getString("sla.find { it.target == 'first-response' }.dueAt")).isNull();

        JsonPath open = patch(TestTokens.agent(), caseId, Map.of("status", "open"), 200);
        Instant resumed = Instant.parse(open.getString("sla.find { it.target == 'first-response' }.dueAt"));
        assertThat(resumed).as("postponed by the pause").isAfter(Instant.parse(due));
        assertThat(open.getString("sla.find { it.target == 'first-response' }.state")).isEqualTo("running");
    }

    @Test
    void theMissedViewIsOldestFirstAndPaged() {
        List<Map<String, Object>> all = missedAll();
        List<Instant> since = all.stream().map(m -> Instant.parse((String) m.get("waitingSince"))).toList();
        assertThat(since).isSorted();
        assertThat(all.stream().map(m -> m.get("caseId")).distinct().count()).isEqualTo(all.size());
        given().auth().oauth2(TestTokens.agent()).queryParam("cursor", "nope").when().get("/api/v1/missed")
                .then().statusCode(400).contentType("application/problem+json");
        given().when().get("/api/v1/missed").then().statusCode(401);
        given().auth().oauth2(TestTokens.forRole("customer")).when().get("/api/v1/missed").then().statusCode(403);
        for (String role : new String[] { "agent", "supervisor", "admin", "integration" }) {
            given().auth().oauth2(TestTokens.forRole(role)).queryParam("limit", 1).when().get("/api/v1/missed")
                    .then().statusCode(200);
        }
    }

    @Test
    void smallPagesOfTheMissedViewAddUpToTheWholeView() {
        PostIngested post = customerPost(Channel.CHAT, T0.minusSeconds(7));
        publish(post);
        awaitCaseOpenedBy(post);
        List<Object> whole = missedAll(200).stream().map(m -> m.get("caseId")).toList();
        assertThat(whole).isNotEmpty();
        assertThat(missedAll(3).stream().map(m -> m.get("caseId")).toList()).isEqualTo(whole);
    }
}
