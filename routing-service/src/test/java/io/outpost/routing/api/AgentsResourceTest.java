package io.outpost.routing.api;

import io.outpost.devstack.LocalTokens;
import static io.outpost.routing.RoutingFixtures.agentBody;
import static io.outpost.routing.RoutingFixtures.awaitTask;
import static io.outpost.routing.RoutingFixtures.createAgent;
import static io.outpost.routing.RoutingFixtures.openCase;
import static io.outpost.routing.RoutingFixtures.status;
import static io.outpost.routing.RoutingFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import io.outpost.contracts.Channel;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class AgentsResourceTest {

    static final String PROBLEM = "application/problem+json";

    static String newAgentJson(String username) {
        return TestEvents.json(agentBody(username, Map.of("Billing", 4), List.of("EN", "de"), Map.of("x", 4, "Facebook", 2), null));
    }

    @Test
    void anAgentIsCreatedReadAndListed() {
        String username = unique("dana");
        Response created = given().auth().oauth2(TestTokens.admin())
                .contentType(ContentType.JSON).body(newAgentJson(username))
                .when().post("/api/v1/agents")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/agents/"))
                .body("id", notNullValue())
                .body("username", equalTo(username))
                .body("skills.billing", equalTo(4))
                .body("languages", equalTo(List.of("en", "de")))
                .body("channels.x", equalTo(4))
                .body("channels.facebook", equalTo(2))
                .body("presence", equalTo("offline"))
                .body("supervisor", equalTo(false))
                .body("presenceSince", notNullValue())
                .extract().response();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/v1/agents/" + id);

        given().auth().oauth2(TestTokens.agent()).when().get(created.header("Location"))
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("team", equalTo("tier-1"))
                .body("load", equalTo(Map.of()));

        given().auth().oauth2(TestTokens.agent()).queryParam("presence", "offline").queryParam("limit", 200)
                .when().get("/api/v1/agents")
                .then().statusCode(200)
                .body("items.presence", everyItem(equalTo("offline")))
                .body("items.username", hasItem(username));
        given().auth().oauth2(TestTokens.agent()).queryParam("presence", "available").queryParam("limit", 200)
                .when().get("/api/v1/agents")
                .then().statusCode(200)
                .body("items.presence", everyItem(equalTo("available")));
    }

    @Test
    void theListIsPagedByUsername() {
        for (int i = 0; i < 3; i++) {
            createAgent(agentBody(unique("page"), Map.of(), List.of(), Map.of(), null));
        }
        Response all = given().auth().oauth2(TestTokens.supervisor()).queryParam("limit", 200)
                .when().get("/api/v1/agents").then().statusCode(200).extract().response();
        int total = all.path("total");
        assertThat(total).isGreaterThanOrEqualTo(3);
        List<String> usernames = all.path("items.username");
        assertThat(usernames).isSorted();

        given().auth().oauth2(TestTokens.supervisor()).queryParam("limit", 2).queryParam("offset", 1)
                .when().get("/api/v1/agents")
                .then().statusCode(200)
                .body("items", hasSize(lessThanOrEqualTo(2)))
                .body("items[0].username", equalTo(usernames.get(1)))
                .body("offset", is(1))
                .body("limit", is(2));
        given().auth().oauth2(TestTokens.supervisor()).queryParam("offset", 1_000_000)
                .when().get("/api/v1/agents")
                .then().statusCode(200).body("items", hasSize(0)).body("total", is(total));
    }

    @Test
    void aTakenUsernameIsAConflict() {
        String username = unique("twice");
        createAgent(agentBody(username, Map.of(), List.of(), Map.of(), null));
        given().auth().oauth2(TestTokens.supervisor())
                .contentType(ContentType.JSON).body(newAgentJson(username))
                .when().post("/api/v1/agents")
                .then().statusCode(409).contentType(PROBLEM)
                .body("status", is(409))
                .body("detail", containsString(username));
    }

    @Test
    void invalidAgentsAreRejectedWithProblemDetails() {
        String username = unique("bad");
        Map<String, Object> good = agentBody(username, Map.of("billing", 3), List.of("en"), Map.of("x", 2), null);

        reject(given().body("{\"username\": \"" + username + "\", "), 400);
        reject(given().body("{}"), 400)
                .body("errors.field", hasItem("username"))
                .body("errors.field", hasItem("displayName"));
        reject(given().body(with(good, "skills", Map.of("billing", 6))), 400)
                .body("errors.field", hasItem(containsString("skills")));
        reject(given().body(with(good, "skills", Map.of("billing", 0))), 400)
                .body("errors.field", hasItem(containsString("skills")));
        reject(given().body(with(good, "channels", Map.of("x", -1))), 400)
                .body("errors.field", hasItem(containsString("channels")));
        reject(given().body(with(good, "channels", Map.of("myspace", 1))), 400)
                .body("detail", containsString("myspace"));
        reject(given().body(with(good, "languages", List.of("english"))), 400)
                .body("errors.field", hasItem(containsString("languages")));
        reject(given().body(with(good, "presence", "asleep")), 400)
                .body("detail", containsString("presence"));
        reject(given().body(with(good, "skills", Map.of("billing", "expert"))), 400)
                .body("detail", containsString("expert"));
        // The team travels in assignment.created, whose schema allows 100 characters.
        reject(given().body(with(good, "team", "t".repeat(101))), 400)
                .body("errors.field", hasItem(containsString("team")));
        reject(given().body(with(good, "supervisor", "sometimes")), 400);

        // Nothing was written by the refusals.
        given().auth().oauth2(TestTokens.supervisor()).queryParam("limit", 200).when().get("/api/v1/agents")
                .then().statusCode(200).body("items.username", org.hamcrest.Matchers.not(hasItem(username)));
    }

    @Test
    void invalidPresenceChangesAndUnknownAgentsAreRejected() {
        UUID id = createAgent(unique("presence"), unique("skill"), Channel.CHAT, 1, null);
        String path = "/api/v1/agents/" + id + "/presence";
        for (String body : new String[] { "{\"presence\":\"sleeping\"}", "{\"presence\":42}" }) {
            given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body(body)
                    .when().put(path)
                    .then().log().ifValidationFails().statusCode(400).contentType(PROBLEM)
                    .body("detail", containsString("presence"));
        }
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body("{}")
                .when().put(path)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("presence"));
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body("{\"presence\":")
                .when().put(path)
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON)
                .body("{\"presence\":\"away\",\"reason\":\"" + "x".repeat(201) + "\"}")
                .when().put(path)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("reason"));
        given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/agents/" + id)
                .then().statusCode(200).body("presence", equalTo("offline"));
        // A reason is kept with the presence it came with, and the next change without one clears it.
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body("{\"presence\":\"away\",\"reason\":\" lunch \"}")
                .when().put(path).then().statusCode(200).body("presence", equalTo("away")).body("presenceReason", equalTo("lunch"));
        given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/agents/" + id)
                .then().statusCode(200).body("presenceReason", equalTo("lunch"));
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body("{\"presence\":\"offline\"}")
                .when().put(path).then().statusCode(200).body("presenceReason", org.hamcrest.Matchers.nullValue());

        UUID unknown = UUID.randomUUID();
        given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/agents/" + unknown)
                .then().statusCode(404).contentType(PROBLEM).body("status", is(404));
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body("{\"presence\":\"available\"}")
                .when().put("/api/v1/agents/" + unknown + "/presence")
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/agents/not-a-uuid")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.supervisor()).queryParam("presence", "asleep").when().get("/api/v1/agents")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.supervisor()).queryParam("limit", 0).when().get("/api/v1/agents")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/tasks/" + unknown)
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void creatingAgentsIsForSupervisorsAndAdmins() {
        Function<RequestSpecification, Response> call = spec -> spec.contentType(ContentType.JSON)
                .body(newAgentJson(unique("roles"))).when().post("/api/v1/agents").then().extract().response();
        assertRoles(call, List.of("supervisor", "admin"), List.of("agent", "integration"), 201);
    }

    @Test
    void readingAgentsIsForAgentsSupervisorsAndAdmins() {
        UUID id = createAgent(unique("read"), unique("skill"), Channel.EMAIL, 1, null);
        assertRoles(spec -> spec.when().get("/api/v1/agents").then().extract().response(),
                List.of("agent", "supervisor", "admin"), List.of("integration"), 200);
        assertRoles(spec -> spec.when().get("/api/v1/agents/" + id).then().extract().response(),
                List.of("agent", "supervisor", "admin"), List.of("integration"), 200);
    }

    @Test
    void presenceIsSetBySupervisorsAdminsAndTheAgentThemselves() {
        String username = unique("self");
        UUID id = createAgent(username, unique("skill"), Channel.EMAIL, 1, null);
        Function<RequestSpecification, Response> away = spec -> spec.contentType(ContentType.JSON)
                .body("{\"presence\":\"away\"}").when().put("/api/v1/agents/" + id + "/presence").then().extract().response();
        assertRoles(away, List.of("supervisor", "admin"), List.of("integration"), 200);

        // An agent may set their own presence, not a colleague's.
        Response own = away.apply(given().auth().oauth2(TestTokens.forUser(username, "agent")));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.<String>path("presence")).isEqualTo("away");
        Response colleague = away.apply(given().auth().oauth2(TestTokens.forUser(unique("colleague"), "agent")));
        assertThat(colleague.statusCode()).isEqualTo(403);
        assertThat(colleague.contentType()).startsWith(PROBLEM);
        assertThat(away.apply(given().auth().oauth2(TestTokens.agent())).statusCode()).isEqualTo(403);
    }

    @Test
    void routingStateIsForSupervisorsAndAdmins() {
        UUID caseId = openCase(Channel.CHAT, unique("nobody-has-this"));
        awaitTask(caseId, status("waiting"));
        assertRoles(spec -> spec.when().get("/api/v1/tasks/" + caseId).then().extract().response(),
                List.of("supervisor", "admin"), List.of("agent", "integration"), 200);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/tasks/" + caseId)
                .then().statusCode(200)
                .body("caseId", equalTo(caseId.toString()))
                .body("channel", equalTo("chat"))
                .body("status", equalTo("waiting"))
                .body("enqueuedAt", notNullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health/live", "/q/health/ready", "/q/openapi", "/q/metrics" })
    void operationalEndpointsAnswer(String path) {
        given().when().get(path).then().statusCode(200);
    }

    /** No token and a foreign token: 401; forbidden roles: 403; allowed roles: the expected status. All with problem bodies. */
    static void assertRoles(Function<RequestSpecification, Response> call, List<String> allowed, List<String> forbidden,
            int okStatus) {
        Response none = call.apply(given());
        assertThat(none.statusCode()).as("no token").isEqualTo(401);
        assertThat(none.contentType()).startsWith(PROBLEM);
        Response foreign = call.apply(given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")));
        assertThat(foreign.statusCode()).as("foreign token").isEqualTo(401);
        for (String role : forbidden) {
            Response r = call.apply(given().auth().oauth2(TestTokens.forRole(role)));
            assertThat(r.statusCode()).as("role %s", role).isEqualTo(403);
            assertThat(r.contentType()).as("role %s", role).startsWith(PROBLEM);
        }
        for (String role : allowed) {
            Response r = call.apply(given().auth().oauth2(TestTokens.forRole(role)));
            assertThat(r.statusCode()).as("role %s: %s", role, r.asString()).isEqualTo(okStatus);
        }
    }

    private static io.restassured.response.ValidatableResponse reject(RequestSpecification spec, int status) {
        return spec.auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON)
                .when().post("/api/v1/agents")
                .then().log().ifValidationFails().statusCode(status).contentType(PROBLEM).body("status", is(status));
    }

    private static String with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(field, value);
        return TestEvents.json(copy);
    }
}
