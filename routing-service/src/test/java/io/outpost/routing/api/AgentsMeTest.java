package io.outpost.routing.api;

import static io.outpost.routing.RoutingFixtures.createAgent;
import static io.outpost.routing.RoutingFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.outpost.contracts.Channel;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/agents/me}: how the console finds the signed-in person's agent record. */
@QuarkusTest
class AgentsMeTest {

    @Test
    void anAgentReadsTheirOwnRecordByTheirToken() {
        String username = unique("me");
        UUID id = createAgent(username, "billing", Channel.X, 3, "available");
        given().auth().oauth2(TestTokens.forUser(username, "agent"))
                .when().get("/api/v1/agents/me")
                .then().statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("username", equalTo(username))
                .body("channels.x", equalTo(3));
        // A supervisor who is also an agent reads theirs the same way.
        given().auth().oauth2(TestTokens.forUser(username, "supervisor"))
                .when().get("/api/v1/agents/me")
                .then().statusCode(200)
                .body("id", equalTo(id.toString()));
    }

    @Test
    void someoneWhoIsNoAgentGetsA404ThatSaysSo() {
        given().auth().oauth2(TestTokens.forUser(unique("nobody"), "agent"))
                .when().get("/api/v1/agents/me")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("not registered as an agent"));
    }

    @Test
    void theIntegrationRoleIsForbiddenAndNoTokenIsUnauthorized() {
        given().auth().oauth2(TestTokens.integration()).when().get("/api/v1/agents/me").then().statusCode(403);
        given().when().get("/api/v1/agents/me").then().statusCode(401);
    }
}
