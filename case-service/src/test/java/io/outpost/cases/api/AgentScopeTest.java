package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.patch;
import static io.outpost.cases.CaseFixtures.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Agents see their own cases and their queue (unassigned cases); a case assigned to another agent
 * does not exist for them (404). Supervisors, admins and integrations see every case. Two agents'
 * tokens, with logins unique to this run so other tests' cases do not interfere.
 */
@QuarkusTest
class AgentScopeTest {

    private final String ann = "ann-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    /** A platform-time window of this test's own, so the list can be filtered to its cases. */
    private final Instant at = Instant.parse("1999-01-01T00:00:00Z").plusSeconds((long) (Math.random() * 10_000_000));

    @Test
    void agentsSeeTheirOwnCasesAndTheQueueButNotAnotherAgentsCases() {
        String annsCase = openCase(at);
        String queued = openCase(at.plusSeconds(1));
        String legacy = openCase(at.plusSeconds(2));
        assign(annsCase, ann);
        // An assignment from a producer that does not send the login yet: not narrowed to anyone.
        assign(legacy, null);

        String annToken = TestTokens.forUser(ann, "agent");
        String bobToken = TestTokens.forUser(bob, "agent");
        assertThat(listIds(annToken)).containsExactlyInAnyOrder(annsCase, queued, legacy);
        assertThat(listIds(bobToken)).containsExactlyInAnyOrder(queued, legacy);
        for (String role : new String[] { "supervisor", "admin", "integration" }) {
            assertThat(listIds(TestTokens.forRole(role))).containsExactlyInAnyOrder(annsCase, queued, legacy);
        }

        // Ann reads her case; for Bob it does not exist, whatever he tries.
        given().auth().oauth2(annToken).when().get("/api/v1/cases/" + annsCase).then().statusCode(200)
                .body("assignee.username", is(ann));
        given().auth().oauth2(annToken).when().get("/api/v1/cases/" + annsCase + "/timeline").then().statusCode(200);
        for (String path : List.of("", "/timeline")) {
            given().auth().oauth2(bobToken).when().get("/api/v1/cases/" + annsCase + path)
                    .then().statusCode(404).contentType("application/problem+json");
        }
        given().auth().oauth2(bobToken).contentType(ContentType.JSON).body(Map.of("text", "psst"))
                .when().post("/api/v1/cases/" + annsCase + "/notes")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                .body(Map.of("text", "Hello there", "visibility", "public"))
                .when().post("/api/v1/cases/" + annsCase + "/replies")
                .then().statusCode(404).contentType("application/problem+json");
        patch(bobToken, annsCase, Map.of("priority", 1), 404);
        given().auth().oauth2(bobToken).contentType(ContentType.JSON).body(Map.of("intoCaseId", queued))
                .when().post("/api/v1/cases/" + annsCase + "/merge")
                .then().statusCode(404).contentType("application/problem+json");
        assertThat(timelineTypes(annsCase)).as("nothing written by Bob's attempts")
                .noneMatch(type -> type.equals("note") || type.equals("reply") || type.equals("update"));

        // Ann works her own case; both work the queue.
        given().auth().oauth2(annToken).contentType(ContentType.JSON).body(Map.of("text", "mine"))
                .when().post("/api/v1/cases/" + annsCase + "/notes").then().statusCode(201);
        given().auth().oauth2(bobToken).contentType(ContentType.JSON).body(Map.of("text", "queue"))
                .when().post("/api/v1/cases/" + queued + "/notes").then().statusCode(201);
    }

    @Test
    void theAssignedAgentMayClosePubliclyWithTheOverrideOtherAgentsMayNot() {
        String annsCase = openCase(at.plusSeconds(10));
        String queued = openCase(at.plusSeconds(11));
        assign(annsCase, ann);
        String annToken = TestTokens.forUser(ann, "agent");
        String bobToken = TestTokens.forUser(bob, "agent");

        patch(annToken, annsCase, Map.of("status", "resolved"), 422);
        patch(bobToken, annsCase, Map.of("status", "resolved", "closePubliclyOverride", true), 404);
        // An unassigned case has no assigned agent: the override stays with supervisors.
        patch(bobToken, queued, Map.of("status", "resolved", "closePubliclyOverride", true), 403);
        assertThat(patch(annToken, annsCase, Map.of("status", "resolved", "closePubliclyOverride", true), 200)
                .getString("status")).isEqualTo("resolved");
        assertThat(timelineTypes(annsCase)).contains("close-publicly-override");
    }

    @Test
    void aSupervisorsAssigneeOverrideWithALoginNarrowsTheCaseToThatAgent() {
        String kase = openCase(at.plusSeconds(20));
        patch(TestTokens.supervisor(), kase, Map.of("assignee",
                Map.of("id", UUID.randomUUID().toString(), "name", "Bob B", "username", bob)), 200);
        given().auth().oauth2(TestTokens.forUser(bob, "agent")).when().get("/api/v1/cases/" + kase).then().statusCode(200);
        given().auth().oauth2(TestTokens.forUser(ann, "agent")).when().get("/api/v1/cases/" + kase).then().statusCode(404);
    }

    private static String openCase(Instant platformTime) {
        PostIngested post = customerPost(Channel.X, platformTime);
        publish(post);
        return awaitCaseOpenedBy(post);
    }

    private static void assign(String caseId, String username) {
        TestEvents.publish(Topics.ASSIGNMENTS, caseId, EventTypes.ASSIGNMENT_CREATED, new AssignmentCreated(
                UUID.randomUUID(), UUID.fromString(caseId), UUID.randomUUID(), "Agent " + username, Instant.now(),
                "test", "care", username));
        io.outpost.devstack.Poll.until("assignment of " + caseId, io.outpost.cases.CaseFixtures.TIMEOUT,
                () -> given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/cases/" + caseId)
                        .then().statusCode(200).extract().jsonPath(),
                d -> d.getString("assignee.id") != null);
    }

    private List<String> listIds(String token) {
        return given().auth().oauth2(token).queryParam("limit", 200)
                .queryParam("createdFrom", at.toString()).queryParam("createdTo", at.plusSeconds(100).toString())
                .when().get("/api/v1/cases").then().statusCode(200).extract().jsonPath().getList("items.id", String.class);
    }

    /** The types of a case's timeline entries, read as a supervisor. */
    private static List<String> timelineTypes(String caseId) {
        return io.outpost.cases.CaseFixtures.timeline(caseId).getList("entries.type", String.class);
    }
}
