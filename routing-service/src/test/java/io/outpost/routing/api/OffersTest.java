package io.outpost.routing.api;

import static io.outpost.routing.RoutingFixtures.awaitAssignments;
import static io.outpost.routing.RoutingFixtures.awaitTask;
import static io.outpost.routing.RoutingFixtures.createAgent;
import static io.outpost.routing.RoutingFixtures.load;
import static io.outpost.routing.RoutingFixtures.openCase;
import static io.outpost.routing.RoutingFixtures.poll;
import static io.outpost.routing.RoutingFixtures.putRules;
import static io.outpost.routing.RoutingFixtures.setPresence;
import static io.outpost.routing.RoutingFixtures.status;
import static io.outpost.routing.RoutingFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.OfferEnded;
import io.outpost.contracts.events.OfferMade;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.routing.RoutingFixtures;
import io.outpost.routing.store.Backstop;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Offers: offered, accepted, declined, lapsed, released when the agent leaves; the preferred agent. */
@QuarkusTest
class OffersTest {

    static final String PROBLEM = "application/problem+json";

    @Inject
    Backstop backstop;

    @Inject
    Pool pool;

    @AfterEach
    void defaultRules() {
        pool.query("delete from routing_rules").execute().await().atMost(RoutingFixtures.TIMEOUT);
    }

    static List<Map<String, Object>> offersOf(String username) {
        return given().auth().oauth2(TestTokens.forUser(username, "agent")).when().get("/api/v1/offers")
                .then().statusCode(200).extract().path("");
    }

    static Response answer(String username, String offerId, String verb) {
        return given().auth().oauth2(TestTokens.forUser(username, "agent")).when().post("/api/v1/offers/" + offerId + "/" + verb)
                .then().extract().response();
    }

    static Response offered(UUID caseId, UUID agentId) {
        return poll(() -> awaitTask(caseId, status("offered")), r -> agentId.toString().equals(r.path("assignment.agentId")),
                "an offer of case " + caseId + " to agent " + agentId);
    }

    /**
     * case-service gives an offered case to an agent (an agent's claim from the inbox, or a supervisor's
     * override): case.updated with the assignee. The case stops being offered: an offer to someone else is
     * withdrawn (reassigned) and the named agent holds the case; an offer to the named agent is settled.
     */
    @Test
    void anAssigneeSetInCaseServiceEndsTheOpenOffer() {
        putRules(Map.of("autoAccept", false));
        String skill = unique("claimed");
        UUID offeree = createAgent(unique("offeree"), skill, Channel.X, 1, "available");
        UUID claimant = createAgent(unique("claimant"), unique("other-skill"), Channel.X, 1, "offline");
        UUID taken = openCase(Channel.X, skill);
        offered(taken, offeree);

        RoutingFixtures.publishUpdate(RoutingFixtures.caseUpdated(taken, Channel.X, "open", 3, List.of(skill), claimant,
                List.of("assignee", "status"), null));
        Response task = poll(() -> awaitTask(taken, status("assigned")),
                r -> claimant.toString().equals(r.path("assignment.agentId")), "case " + taken + " held by the claimant");
        assertThat(task.<String>path("assignment.state")).isEqualTo("accepted");
        assertThat(load(claimant, "x")).isEqualTo(1);
        List<OfferEnded> ended = RoutingFixtures.awaitOfferEvents(offeree, rs -> rs.stream().anyMatch(OffersTest::isEnded))
                .stream().filter(OffersTest::isEnded).map(r -> TestEvents.payload(r, OfferEnded.class))
                .filter(e -> taken.equals(e.caseId())).toList();
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(OfferEnded.Outcome.WITHDRAWN);
            assertThat(e.reason()).isEqualTo("reassigned");
        });

        // The offeree claims the next case offered to them: that settles their offer.
        UUID mine = openCase(Channel.X, skill);
        offered(mine, offeree);
        RoutingFixtures.publishUpdate(RoutingFixtures.caseUpdated(mine, Channel.X, "open", 3, List.of(skill), offeree,
                List.of("assignee", "status"), null));
        poll(() -> awaitTask(mine, status("assigned")), r -> "accepted".equals(r.path("assignment.state"))
                && offeree.toString().equals(r.path("assignment.agentId")), "case " + mine + " settled with the offeree");
        assertThat(load(offeree, "x")).isEqualTo(1);
    }

    private static boolean isEnded(ConsumerRecord<String, String> record) {
        return EventTypes.OFFER_ENDED.equals(TestEvents.header(record, "ce_type").orElse(null));
    }

    @Test
    void anAcceptedOfferBecomesTheAssignmentAndOnlyThenIsPublishedWithTheAgentsTeam() {
        putRules(Map.of("autoAccept", false));
        String skill = unique("offer");
        String username = unique("offeree");
        UUID agent = createAgent(username, skill, Channel.X, 1, "available");
        UUID caseId = openCase(Channel.X, skill);

        Response task = offered(caseId, agent);
        assertThat(task.<String>path("assignment.state")).isEqualTo("offered");
        assertThat(Instant.parse(task.path("assignment.offerExpiresAt")))
                .isCloseTo(Instant.parse(task.path("assignment.assignedAt")).plusSeconds(60), org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.SECONDS));
        assertThat(load(agent, "x")).as("an offer counts against capacity").isEqualTo(1);
        List<Map<String, Object>> mine = offersOf(username);
        assertThat(mine).singleElement().satisfies(o -> assertThat(o).containsEntry("caseId", caseId.toString())
                .containsEntry("state", "offered"));
        String offerId = (String) mine.get(0).get("offerId");
        assertThat(TestEvents.readUntil(Topics.ASSIGNMENTS, rs -> false, Duration.ofSeconds(1)))
                .as("nothing is published for an open offer")
                .noneMatch(RoutingFixtures.created(caseId));

        answer(username, offerId, "accept").then().statusCode(200).body("state", equalTo("accepted"));

        ConsumerRecord<String, String> record = awaitAssignments(caseId).get(0);
        ContractCheck.assertConforms(record);
        AssignmentCreated event = TestEvents.payload(record, AssignmentCreated.class);
        assertThat(event.assignmentId()).hasToString(offerId);
        assertThat(event.agentId()).isEqualTo(agent);
        assertThat(event.agentUsername()).isEqualTo(username);
        assertThat(event.team()).isEqualTo("tier-1");
        awaitTask(caseId, status("assigned"));
        assertThat(offersOf(username)).isEmpty();
        // Accepting again changes nothing; declining an accepted offer is refused.
        answer(username, offerId, "accept").then().statusCode(200).body("state", equalTo("accepted"));
        answer(username, offerId, "decline").then().statusCode(409).contentType(containsString(PROBLEM));
        assertThat(load(agent, "x")).isEqualTo(1);

        // The console's feed, keyed by the agent: the offer with its countdown, then its acceptance, once
        // although it was accepted twice (the events of the three answers above were written by now).
        RoutingFixtures.awaitOfferEvents(agent, rs -> rs.size() >= 2);
        // Then a real interval for a second offer.ended of the repeated accept to show up (the relay polls every few ms).
        List<ConsumerRecord<String, String>> feed = TestEvents.readUntil(Topics.ASSIGNMENTS, rs -> false, Duration.ofSeconds(1))
                .stream().filter(r -> agent.toString().equals(r.key())).toList();
        feed.forEach(ContractCheck::assertConforms);
        assertThat(feed).extracting(r -> TestEvents.header(r, "ce_type").orElseThrow())
                .containsExactly(EventTypes.OFFER_MADE, EventTypes.OFFER_ENDED);
        OfferMade made = TestEvents.payload(feed.get(0), OfferMade.class);
        assertThat(made.offerId()).hasToString(offerId);
        assertThat(made.caseId()).isEqualTo(caseId);
        assertThat(made.agentUsername()).isEqualTo(username);
        assertThat(made.channel()).isEqualTo(Channel.X);
        assertThat(made.autoAccept()).isFalse();
        assertThat(made.expiresAt()).isEqualTo(Instant.parse(task.path("assignment.offerExpiresAt")));
        OfferEnded ended = TestEvents.payload(feed.get(1), OfferEnded.class);
        assertThat(ended.offerId()).hasToString(offerId);
        assertThat(ended.outcome()).isEqualTo(OfferEnded.Outcome.ACCEPTED);
        assertThat(ended.reason()).isNull();
    }

    @Test
    void aDeclinedOfferGoesToTheNextAgentAndTheCaseKeepsItsPlaceInLine() {
        putRules(Map.of("autoAccept", false));
        String skill = unique("decline");
        String first = unique("decliner");
        String second = unique("taker");
        UUID firstId = createAgent(first, skill, Channel.FACEBOOK, 1, "available");
        UUID secondId = createAgent(second, skill, Channel.FACEBOOK, 1, "available");
        UUID caseId = openCase(Channel.FACEBOOK, skill);
        // Equal skills and load: the longer idle (created first) is offered the case first.
        Response task = offered(caseId, firstId);
        String enqueuedAt = task.path("enqueuedAt");
        String offerId = task.path("assignment.assignmentId");

        given().auth().oauth2(TestTokens.forUser(first, "agent")).queryParam("reason", "x".repeat(OfferEnded.MAX_REASON + 1))
                .when().post("/api/v1/offers/" + offerId + "/decline")
                .then().statusCode(400).contentType(containsString(PROBLEM));
        given().auth().oauth2(TestTokens.forUser(first, "agent")).queryParam("reason", "  not my language  ")
                .when().post("/api/v1/offers/" + offerId + "/decline").then().statusCode(200)
                .body("releaseReason", equalTo("declined"))
                .body("releasedAt", org.hamcrest.Matchers.notNullValue());

        Response reoffered = offered(caseId, secondId);
        assertThat(reoffered.<String>path("enqueuedAt")).isEqualTo(enqueuedAt);
        assertThat(reoffered.<List<String>>path("excludedAgents")).containsExactly(firstId.toString());
        assertThat(load(firstId, "facebook")).isZero();
        answer(first, offerId, "accept").then().statusCode(409).contentType(containsString(PROBLEM))
                .body("detail", containsString("declined"));

        answer(second, reoffered.path("assignment.assignmentId"), "accept").then().statusCode(200);
        assertThat(TestEvents.payload(awaitAssignments(caseId).get(0), AssignmentCreated.class).agentId()).isEqualTo(secondId);
        List<ConsumerRecord<String, String>> firstFeed = RoutingFixtures.awaitOfferEvents(firstId, rs -> rs.size() >= 2);
        firstFeed.forEach(ContractCheck::assertConforms);
        OfferEnded declined = TestEvents.payload(firstFeed.get(1), OfferEnded.class);
        assertThat(declined.outcome()).isEqualTo(OfferEnded.Outcome.DECLINED);
        assertThat(declined.reason()).as("the agent's words, trimmed").isEqualTo("not my language");
        assertThat(RoutingFixtures.awaitOfferEvents(secondId, rs -> rs.size() >= 2))
                .extracting(r -> TestEvents.header(r, "ce_type").orElseThrow())
                .containsExactly(EventTypes.OFFER_MADE, EventTypes.OFFER_ENDED);
    }

    @Test
    void aLapsedOfferIsOfferedToTheNextAgentAndAnAgentWhoLeavesLosesTheirOffers() throws Throwable {
        putRules(Map.of("autoAccept", false, "offerTimeoutSeconds", 1));
        String skill = unique("lapse");
        UUID silent = createAgent(unique("silent"), skill, Channel.INSTAGRAM, 1, "available");
        UUID leaver = createAgent(unique("leaver"), skill, Channel.INSTAGRAM, 1, "available");
        UUID caseId = openCase(Channel.INSTAGRAM, skill);
        offered(caseId, silent);

        Thread.sleep(1_200);
        VertxContextSupport.subscribeAndAwait(() -> backstop.sweep());
        Response lapsed = offered(caseId, leaver);
        assertThat(lapsed.<List<String>>path("excludedAgents")).containsExactly(silent.toString());
        assertThat(load(silent, "instagram")).isZero();

        // The second agent goes away before answering: the offer is released at once; nobody else fits.
        Response away = setPresence(leaver, "away");
        assertThat(away.<Object>path("load.instagram")).isNull();
        Response waiting = awaitTask(caseId, status("waiting"));
        assertThat(waiting.<Object>path("assignment")).isNull();
        assertThat(waiting.<List<String>>path("excludedAgents")).as("leaving is not declining").containsExactly(silent.toString());

        // Back again, they are offered it anew.
        setPresence(leaver, "available");
        offered(caseId, leaver);

        OfferEnded timedOut = TestEvents.payload(RoutingFixtures.awaitOfferEvents(silent, rs -> rs.size() >= 2).get(1), OfferEnded.class);
        assertThat(timedOut.outcome()).isEqualTo(OfferEnded.Outcome.LAPSED);
        List<ConsumerRecord<String, String>> leaverFeed = RoutingFixtures.awaitOfferEvents(leaver, rs -> rs.size() >= 3);
        leaverFeed.forEach(ContractCheck::assertConforms);
        assertThat(leaverFeed).extracting(r -> TestEvents.header(r, "ce_type").orElseThrow())
                .containsExactly(EventTypes.OFFER_MADE, EventTypes.OFFER_ENDED, EventTypes.OFFER_MADE);
        OfferEnded withdrawn = TestEvents.payload(leaverFeed.get(1), OfferEnded.class);
        assertThat(withdrawn.outcome()).isEqualTo(OfferEnded.Outcome.WITHDRAWN);
        assertThat(withdrawn.reason()).isEqualTo("agent-unavailable");
    }

    @Test
    void anOfferWithdrawnBecauseItsCaseClosedEndsOnceThoughTheCloseCameTwice() {
        putRules(Map.of("autoAccept", false));
        String skill = unique("withdraw");
        UUID agent = createAgent(unique("withdrawn"), skill, Channel.X, 1, "available");
        UUID caseId = openCase(Channel.X, skill);
        offered(caseId, agent);

        RoutingFixtures.publishUpdate(RoutingFixtures.caseUpdated(caseId, Channel.X, "closed", 3, List.of(skill), null,
                List.of("status"), null));
        // The same close again (a second case.updated, as case-service may send); its priority shows it was handled.
        RoutingFixtures.publishUpdate(RoutingFixtures.caseUpdated(caseId, Channel.X, "closed", 2, List.of(skill), null,
                List.of("status", "priority"), null));
        poll(() -> awaitTask(caseId, status("closed")), r -> Integer.valueOf(2).equals(r.path("priority")), "the second close");
        // Marker on the agent's key: the next offer to them comes after anything the two closes published.
        UUID next = openCase(Channel.X, skill);
        offered(next, agent);

        List<ConsumerRecord<String, String>> feed = RoutingFixtures.awaitOfferEvents(agent,
                rs -> rs.stream().anyMatch(r -> r.value().contains(next.toString())));
        feed.forEach(ContractCheck::assertConforms);
        assertThat(feed).extracting(r -> TestEvents.header(r, "ce_type").orElseThrow())
                .containsExactly(EventTypes.OFFER_MADE, EventTypes.OFFER_ENDED, EventTypes.OFFER_MADE);
        OfferEnded withdrawn = TestEvents.payload(feed.get(1), OfferEnded.class);
        assertThat(withdrawn.caseId()).isEqualTo(caseId);
        assertThat(withdrawn.outcome()).isEqualTo(OfferEnded.Outcome.WITHDRAWN);
        assertThat(withdrawn.reason()).isEqualTo("closed");
    }

    @Test
    void offersAreAnsweredOnlyByTheirAgent() {
        putRules(Map.of("autoAccept", false));
        String skill = unique("mine");
        String owner = unique("owner");
        String other = unique("other");
        UUID ownerId = createAgent(owner, skill, Channel.MESSENGER, 1, "available");
        createAgent(other, unique("unrelated"), Channel.MESSENGER, 1, "available");
        UUID caseId = openCase(Channel.MESSENGER, skill);
        String offerId = offered(caseId, ownerId).path("assignment.assignmentId");

        answer(other, offerId, "accept").then().statusCode(403).contentType(containsString(PROBLEM));
        answer(other, offerId, "decline").then().statusCode(403).contentType(containsString(PROBLEM));
        assertThat(offersOf(other)).isEmpty();
        for (String role : List.of("supervisor", "admin", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().post("/api/v1/offers/" + offerId + "/accept")
                    .then().statusCode(403).contentType(containsString(PROBLEM));
        }
        given().when().post("/api/v1/offers/" + offerId + "/accept").then().statusCode(401);
        given().when().post("/api/v1/offers/" + offerId + "/decline").then().statusCode(401);
        given().when().get("/api/v1/offers").then().statusCode(401);
        given().auth().oauth2(TestTokens.integration()).when().get("/api/v1/offers").then().statusCode(403);
        answer(owner, UUID.randomUUID().toString(), "accept").then().statusCode(404).contentType(containsString(PROBLEM));
        answer(owner, "not-a-uuid", "accept").then().statusCode(org.hamcrest.Matchers.both(
                org.hamcrest.Matchers.greaterThanOrEqualTo(400)).and(org.hamcrest.Matchers.lessThan(500)));
        List<Map<String, Object>> all = given().auth().oauth2(TestTokens.supervisor()).queryParam("limit", 500)
                .when().get("/api/v1/offers").then().statusCode(200).extract().path("");
        assertThat(all).anySatisfy(o -> assertThat(o).containsEntry("offerId", offerId));
        given().auth().oauth2(TestTokens.supervisor()).queryParam("limit", 0).when().get("/api/v1/offers")
                .then().statusCode(400).contentType(containsString(PROBLEM));

        answer(owner, offerId, "accept").then().statusCode(200);
        assertThat(load(ownerId, "messenger")).isEqualTo(1);
    }

    static UUID openCaseFrom(String customer, Channel channel, String skill) {
        UUID caseId = UUID.randomUUID();
        TestEvents.publish(Topics.CASES, caseId.toString(), EventTypes.CASE_OPENED, new CaseOpened(caseId, channel,
                Visibility.PUBLIC, new PostIngested.Author(customer, "returning", null), UUID.randomUUID(),
                Instant.parse("2026-11-01T08:00:00Z"), 3, List.of(skill), "en"));
        return caseId;
    }

    @Test
    void aReturningCustomersPreviousAgentGetsTheCaseFirstAndItWaitsForThemBriefly() {
        String skill = unique("returning");
        String customer = unique("customer");
        UUID previous = createAgent(unique("previous"), skill, Channel.CHAT, 3, "available");
        UUID first = openCaseFrom(customer, Channel.CHAT, skill);
        assertThat(TestEvents.payload(awaitAssignments(first).get(0), AssignmentCreated.class).agentId()).isEqualTo(previous);

        // A colleague who would win on load and idle time.
        UUID colleague = createAgent(unique("colleague"), skill, Channel.CHAT, 3, "available");
        UUID second = openCaseFrom(customer, Channel.CHAT, skill);
        Response task = awaitTask(second, status("assigned"));
        assertThat(task.<String>path("assignment.agentId")).isEqualTo(previous.toString());
        assertThat(task.<String>path("preferredAgentId")).isEqualTo(previous.toString());
        assertThat(task.<String>path("assignment.explanation.how")).isEqualTo("preferred-agent");
        assertThat(task.<String>path("assignment.reason")).contains("the returning customer's previous agent");

        // Someone else's case goes to the colleague as usual.
        UUID stranger = openCaseFrom(unique("stranger"), Channel.CHAT, skill);
        assertThat(awaitTask(stranger, status("assigned")).<String>path("assignment.agentId")).isEqualTo(colleague.toString());

        // The previous agent is away: the customer's next case waits for them (within the window).
        setPresence(previous, "away");
        UUID third = openCaseFrom(customer, Channel.CHAT, skill);
        assertThat(awaitTask(third, status("waiting")).<String>path("preferredAgentId")).isEqualTo(previous.toString());
        setPresence(previous, "available");
        assertThat(awaitTask(third, status("assigned")).<String>path("assignment.agentId")).isEqualTo(previous.toString());
    }

    @Test
    void afterThePreferredWaitTheCaseGoesToAnyoneEligible() throws Throwable {
        putRules(Map.of("preferredAgentWaitSeconds", 1));
        String skill = unique("impatient");
        String customer = unique("customer");
        UUID previous = createAgent(unique("prev"), skill, Channel.FORUM, 2, "available");
        UUID first = openCaseFrom(customer, Channel.FORUM, skill);
        awaitTask(first, status("assigned"));
        setPresence(previous, "offline");
        UUID colleague = createAgent(unique("colleague"), skill, Channel.FORUM, 2, "available");

        UUID second = openCaseFrom(customer, Channel.FORUM, skill);
        awaitTask(second, status("waiting"));
        Thread.sleep(1_100);
        VertxContextSupport.subscribeAndAwait(() -> backstop.sweep());
        assertThat(awaitTask(second, status("assigned")).<String>path("assignment.agentId")).isEqualTo(colleague.toString());
    }
}
