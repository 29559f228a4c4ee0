package io.outpost.routing.api;

import static io.outpost.routing.RoutingFixtures.agentBody;
import static io.outpost.routing.RoutingFixtures.awaitAssignments;
import static io.outpost.routing.RoutingFixtures.awaitTask;
import static io.outpost.routing.RoutingFixtures.createAgent;
import static io.outpost.routing.RoutingFixtures.putRules;
import static io.outpost.routing.RoutingFixtures.status;
import static io.outpost.routing.RoutingFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.routing.RoutingFixtures;
import io.outpost.routing.domain.RoutingRules;
import io.outpost.routing.store.Backstop;
import io.outpost.routing.store.RulesStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RoutingRulesResourceTest {

    static final String PROBLEM = "application/problem+json";

    @Inject
    Backstop backstop;

    @Inject
    RulesStore rules;

    @Inject
    Pool pool;

    @AfterEach
    void defaultRules() {
        pool.query("delete from routing_rules").execute().await().atMost(RoutingFixtures.TIMEOUT);
    }

    @Test
    void theDefaultsApplyUntilAnAdminStoresRules() {
        given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/routing-rules")
                .then().statusCode(200)
                .body("initialProficiency", equalTo(3))
                .body("lowerProficiencyAfterSeconds", equalTo(60))
                .body("autoAccept", equalTo(true))
                .body("offerTimeoutSeconds", equalTo(60))
                .body("preferredAgentWaitSeconds", equalTo(30));

        putRules(Map.of("queues", List.of(Map.of("name", "billing", "team", "care", "skills", List.of("Billing"))),
                "optionalSkills", List.of("Upsell"), "teamAfterSeconds", 200));
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/routing-rules")
                .then().statusCode(200)
                .body("queues[0].skills", equalTo(List.of("billing")))
                .body("optionalSkills", equalTo(List.of("upsell")))
                .body("teamAfterSeconds", equalTo(200));
    }

    @Test
    void theStoredRulesAreParsedAgainOnlyWhenTheirTextChanges() throws Throwable {
        putRules(Map.of("offerTimeoutSeconds", 45));
        RoutingRules first = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(rules::current));
        RoutingRules again = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(rules::current));
        assertThat(again).as("the same document: the rules parsed before").isSameAs(first);
        assertThat(first.offerTimeout()).isEqualTo(Duration.ofSeconds(45));

        // Written as another replica would: the next read has it, nothing to expire.
        pool.query("update routing_rules set document = replace(document, '\"offerTimeoutSeconds\":45', '\"offerTimeoutSeconds\":46')").execute().await()
                .atMost(RoutingFixtures.TIMEOUT);
        RoutingRules changed = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(rules::current));
        assertThat(changed.offerTimeout()).isEqualTo(Duration.ofSeconds(46));
    }

    @Test
    void onlyAdminsChangeRulesAndSupervisorsReadThem() {
        String body = TestEvents.json(Map.of("initialProficiency", 3, "loweredProficiency", 1, "autoAccept", true,
                "offerTimeoutSeconds", 60, "preferredAgentWaitSeconds", 30));
        for (String role : List.of("supervisor", "agent", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(body)
                    .when().put("/api/v1/routing-rules").then().statusCode(403).contentType(containsString(PROBLEM));
        }
        for (String role : List.of("agent", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get("/api/v1/routing-rules").then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(body).when().put("/api/v1/routing-rules").then().statusCode(401);
        given().when().get("/api/v1/routing-rules").then().statusCode(401);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/routing-rules").then().statusCode(200).body("lowerProficiencyAfterSeconds", equalTo(null));
    }

    @Test
    void invalidRulesAreRefusedAndNothingChanges() {
        putRules(Map.of("offerTimeoutSeconds", 45));
        Map<String, String> bad = Map.of(
                "{\"initialProficiency\": 3}", "autoAccept",
                "{\"initialProficiency\": 9, \"loweredProficiency\": 1, \"autoAccept\": true, \"offerTimeoutSeconds\": 60, \"preferredAgentWaitSeconds\": 0}", "initialProficiency",
                "{\"initialProficiency\": 3, \"loweredProficiency\": 1, \"autoAccept\": true, \"offerTimeoutSeconds\": 60, \"preferredAgentWaitSeconds\": 0, \"lowerProficiencyAfterSeconds\": 100, \"dropOptionalSkillsAfterSeconds\": 50}", "rings open outwards",
                "{\"initialProficiency\": 3, \"loweredProficiency\": 1, \"autoAccept\": true, \"offerTimeoutSeconds\": 60, \"preferredAgentWaitSeconds\": 0, \"queues\": [{\"name\": \"q\", \"skills\": []}]}", "skills",
                "{\"initialProficiency\": 2, \"loweredProficiency\": 3, \"autoAccept\": true, \"offerTimeoutSeconds\": 60, \"preferredAgentWaitSeconds\": 0}", "loweredProficiency",
                "{not json", "");
        bad.forEach((json, field) -> given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(json)
                .when().put("/api/v1/routing-rules")
                .then().statusCode(400).contentType(containsString(PROBLEM)).body(containsString(field)));
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/routing-rules")
                .then().statusCode(200).body("offerTimeoutSeconds", equalTo(45));
    }

    static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    @Test
    void aWaitingCaseMovesOutwardThroughTheRingsAndTheAssignmentShowsRingCandidatesAndScores() throws Throwable {
        String skill = unique("ring");
        String optional = unique("optional");
        putRules(Map.of("initialProficiency", 4, "loweredProficiency", 2, "lowerProficiencyAfterSeconds", 1,
                "dropOptionalSkillsAfterSeconds", 5, "optionalSkills", List.of(optional),
                "teamAfterSeconds", 3600, "supervisorsAfterSeconds", 7200));
        // Proficiency 2 and without the optional skill: eligible only once both are relaxed (ring 2).
        UUID novice = UUID.fromString(createAgent(agentBody(unique("novice"), Map.of(skill, 2), List.of("en"),
                Map.of("email", 2), "available")).path("id"));
        createAgent(agentBody(unique("away"), Map.of(skill, 5, optional, 5), List.of("en"), Map.of("email", 2), "away"));
        UUID caseId = UUID.randomUUID();
        TestEvents.publish(Topics.CASES, caseId.toString(), EventTypes.CASE_OPENED,
                RoutingFixtures.caseOpened(caseId, Channel.EMAIL, 3, List.of(skill, optional), "en"));
        Instant enqueuedAt = Instant.parse(awaitTask(caseId, status("waiting")).path("enqueuedAt"));

        // Ring 1 (from 1 s): proficiency 2 will do, but the optional skill is still needed.
        sleepUntil(enqueuedAt.plusMillis(1_200));
        VertxContextSupport.subscribeAndAwait(() -> backstop.sweep());
        assertThat(Duration.between(enqueuedAt, Instant.now())).as("still within ring 1").isLessThan(Duration.ofSeconds(5));
        assertThat(awaitTask(caseId, r -> r.statusCode() == 200).<String>path("status")).as("ring 1 still needs %s", optional)
                .isEqualTo("waiting");

        // Ring 2 (from 5 s): the optional skill is dropped.
        sleepUntil(enqueuedAt.plusMillis(5_200));
        VertxContextSupport.subscribeAndAwait(() -> backstop.sweep());
        Response task = awaitTask(caseId, status("assigned"));
        assertThat(task.<String>path("assignment.agentId")).isEqualTo(novice.toString());
        assertThat(task.<Integer>path("assignment.explanation.ring")).isEqualTo(2);
        assertThat(task.<String>path("assignment.explanation.ringRule")).contains("proficiency 2+").contains("optional skills dropped");
        assertThat(task.<Integer>path("assignment.explanation.eligible")).isEqualTo(1);
        List<Map<String, Object>> candidates = task.path("assignment.explanation.candidates");
        assertThat(candidates).anySatisfy(c -> assertThat(c).containsEntry("agentId", novice.toString())
                .containsEntry("chosen", true).containsEntry("rank", 1).containsEntry("proficiency", 2)
                .containsEntry("basis", "skills"));
        assertThat(task.<String>path("assignment.reason")).contains("ring 2");
        ContractCheck.assertConforms(awaitAssignments(caseId).get(0));
    }
}
