package io.outpost.cases.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Canned responses (issue 18): kept by supervisors, found and rendered for a case by agents; the role matrix. */
@QuarkusTest
class CannedResponsesResourceTest {

    private static final String BASE = "/api/v1/canned-responses";

    @Test
    void supervisorsSaveAndAgentsFindThemByTeamChannelLanguageAndText() {
        String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
        String billing = create(TestTokens.supervisor(), body("billing", "Reset " + marker, "You can reset it under "
                + "Settings, {{customer.name}}. " + marker, null, "en"), 201).getString("id");
        String global = create(TestTokens.admin(), body(null, "Thanks " + marker, "Thanks {{customer.handle}}! " + marker,
                null, "en"), 201).getString("id");
        String social = create(TestTokens.supervisor(), body("social", "Social " + marker, "Social " + marker, null, "de"),
                201).getString("id");
        JsonPath forum = create(TestTokens.supervisor(), body("billing", "Forum " + marker, "On the forum " + marker,
                "forum", "en"), 201);
        assertThat(forum.getString("channel")).isEqualTo("forum");
        assertThat(forum.getLong("version")).isZero();
        assertThat(forum.getString("createdBy")).isEqualTo("test-supervisor");

        // team: that team's and the global ones.
        assertThat(ids(Map.of("team", "billing", "text", marker))).containsExactlyInAnyOrder(billing, global,
                forum.getString("id"));
        // channel: for that channel and for any.
        assertThat(ids(Map.of("team", "billing", "channel", "x", "text", marker))).containsExactlyInAnyOrder(billing, global);
        assertThat(ids(Map.of("language", "DE", "text", marker))).containsExactly(social);
        // text: the title or the text, case-insensitive; % is literal.
        assertThat(ids(Map.of("text", "thanks " + marker.toUpperCase()))).containsExactly(global);
        assertThat(ids(Map.of("text", "%" + marker))).isEmpty();

        // Paginated, newest first, like the other lists.
        JsonPath first = list(TestTokens.agent(), Map.of("text", marker, "limit", "3"));
        assertThat(first.getList("items.id", String.class)).hasSize(3).first().isEqualTo(forum.getString("id"));
        JsonPath second = list(TestTokens.agent(), Map.of("text", marker, "limit", "3", "cursor", first.getString("nextCursor")));
        assertThat(second.getList("items.id", String.class)).containsExactly(billing);
        assertThat(second.getString("nextCursor")).isNull();

        // Bad filters: 400 naming them.
        for (Map<String, String> bad : List.of(Map.of("channel", "fax"), Map.of("language", "english"),
                Map.of("limit", "0"), Map.of("cursor", "nope"), Map.of("team", " "))) {
            given().auth().oauth2(TestTokens.agent()).queryParams(bad).when().get(BASE)
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void aBadTextIsRefusedNamingTheProblemAndStaleVersionsConflict() {
        String sup = TestTokens.supervisor();
        given().auth().oauth2(sup).contentType(ContentType.JSON).body(body(null, "Bad", "Hi {{customer.email}}", null, null))
                .when().post(BASE).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("unknown placeholder {{customer.email}}"));
        given().auth().oauth2(sup).contentType(ContentType.JSON).body(body(null, "Bad", "Hi {{customer.handle", null, null))
                .when().post(BASE).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("unbalanced braces"));
        for (Map<String, Object> bad : List.of(body(null, "", "text", null, null), body(null, "t", " ", null, null),
                body(null, "t", "x".repeat(10_001), null, null), body(null, "t", "text", "fax", null),
                body("", "t", "text", null, null), body(null, "t", "text", null, "eng"))) {
            create(sup, bad, 400);
        }

        String id = create(sup, body("billing", "Original", "Hello {{customer.handle}}", null, "en"), 201).getString("id");
        Map<String, Object> change = body("billing", "Changed", "Hello again {{customer.handle}}", null, "en");
        change.put("version", 0);
        JsonPath changed = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(change)
                .when().put(BASE + "/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(changed.getLong("version")).isEqualTo(1);
        assertThat(changed.getString("title")).isEqualTo("Changed");
        assertThat(changed.getString("updatedBy")).isEqualTo("test-admin");
        // Somebody else's change came first: the same version again is a conflict, nothing written.
        change.put("title", "Lost update");
        given().auth().oauth2(sup).contentType(ContentType.JSON).body(change).when().put(BASE + "/" + id)
                .then().statusCode(409).contentType("application/problem+json");
        change.remove("version");
        given().auth().oauth2(sup).contentType(ContentType.JSON).body(change).when().put(BASE + "/" + id)
                .then().statusCode(400).contentType("application/problem+json");
        change.put("text", "{{agent}}");
        change.put("version", 1);
        given().auth().oauth2(sup).contentType(ContentType.JSON).body(change).when().put(BASE + "/" + id)
                .then().statusCode(400).body("detail", containsString("{{agent}}"));
        given().auth().oauth2(TestTokens.agent()).when().get(BASE + "/" + id).then().statusCode(200)
                .body("title", org.hamcrest.Matchers.is("Changed"));

        given().auth().oauth2(sup).when().delete(BASE + "/" + id).then().statusCode(204);
        given().auth().oauth2(TestTokens.agent()).when().get(BASE + "/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(sup).when().delete(BASE + "/" + id).then().statusCode(404);
        Map<String, Object> valid = body(null, "t", "text", null, null);
        valid.put("version", 0);
        given().auth().oauth2(sup).contentType(ContentType.JSON).body(valid).when().put(BASE + "/" + id)
                .then().statusCode(404);
        given().auth().oauth2(sup).when().get(BASE + "/not-a-uuid").then().statusCode(400);
    }

    @Test
    void anAgentRendersOneForACaseCheckedAsTheReplyWouldBe() {
        String caseId = CaseFixtures.openCase(Channel.X, CaseFixtures.T0); // customer @dana, "Dana K", public
        String agent = TestTokens.forUser("jane.kowalski", "agent"); // signature ^JK
        String sup = TestTokens.supervisor();
        String answer = create(sup, body(null, "Reset", "Hi @{{customer.handle}}, {{agent.name}} here: you can reset "
                + "it under Settings. Ref {{case.id}}{{brand.account}}", null, null), 201).getString("id");
        JsonPath rendered = render(agent, caseId, answer, null, 200);
        assertThat(rendered.getString("text")).isEqualTo("Hi @dana, jane.kowalski here: you can reset it under "
                + "Settings. Ref " + caseId);
        // The case was written to the channel's default account: no brand.account, rendered empty and named.
        assertThat(rendered.getList("missing")).containsExactly("brand.account");
        assertThat(rendered.getString("visibility")).isEqualTo("public");
        assertThat(rendered.getString("check.sentText")).isEqualTo(rendered.getString("text") + " ^JK");
        assertThat(rendered.getInt("check.limit")).isEqualTo(280);
        assertThat(rendered.getString("check.lengthUnit")).isEqualTo("x-weighted-characters");
        assertThat(rendered.getMap("check")).containsKey("refusal");
        assertThat(rendered.getString("check.refusal")).isNull();

        // A link instead of an answer: refused exactly as the reply check refuses it.
        String linkOnly = create(sup, body(null, "Link", "Hi @{{customer.handle}} https://x.co/help", null, null), 201)
                .getString("id");
        JsonPath refused = render(agent, caseId, linkOnly, null, 200);
        JsonPath check = given().auth().oauth2(agent).contentType(ContentType.JSON)
                .body(Map.of("text", refused.getString("text"), "visibility", "public"))
                .when().post("/api/v1/cases/" + caseId + "/replies/check").then().statusCode(200).extract().jsonPath();
        assertThat(refused.getString("check.refusal")).contains("answer first").isEqualTo(check.getString("refusal"));
        assertThat(refused.getInt("check.length")).isEqualTo(check.getInt("length"));

        // Too long as X counts it once filled in: reported, not refused outright.
        String longOne = create(sup, body(null, "Long", "a".repeat(280) + " {{customer.handle}}", null, null), 201)
                .getString("id");
        assertThat(render(agent, caseId, longOne, null, 200).getString("check.refusal")).startsWith("text is 289 characters, X allows 280");
        // Only placeholders without values: empty text, reported.
        String empty = create(sup, body(null, "Empty", "{{brand.account}}", null, null), 201).getString("id");
        assertThat(render(agent, caseId, empty, null, 200).getString("check.refusal")).isEqualTo("text must not be empty");

        // A private message on x (DM): 10,000 characters.
        assertThat(render(agent, caseId, answer, "private", 200).getInt("check.limit")).isEqualTo(10_000);
        render(agent, caseId, answer, "loud", 400);
        // For another channel: refused.
        String forumOnly = create(sup, body(null, "Forum", "On the forum", "forum", null), 201).getString("id");
        render(agent, caseId, forumOnly, null, 422);
        render(agent, caseId, UUID.randomUUID().toString(), null, 404);
        render(agent, UUID.randomUUID().toString(), answer, null, 404);
        render(agent, "nope", answer, null, 400);
        // Not for a case assigned to another agent: it does not exist for them.
        CaseFixtures.patch(sup, caseId, Map.of("assignee", Map.of("id", UUID.randomUUID().toString(),
                "username", "someone.else")), 200);
        render(agent, caseId, answer, null, 404);
        render(sup, caseId, answer, null, 200);
    }

    @Test
    void roleMatrix() {
        String id = create(TestTokens.supervisor(), body(null, "Roles", "Roles", null, null), 201).getString("id");
        String caseId = CaseFixtures.openCase(Channel.FORUM, CaseFixtures.T0);
        String rendered = "/api/v1/cases/" + caseId + "/canned-responses/" + id + "/rendered";
        for (String path : List.of(BASE, BASE + "/" + id)) {
            given().when().get(path).then().statusCode(401);
            for (String role : List.of("agent", "supervisor", "admin")) {
                given().auth().oauth2(TestTokens.forRole(role)).when().get(path).then().statusCode(200);
            }
            given().auth().oauth2(TestTokens.integration()).when().get(path).then().statusCode(403)
                    .contentType("application/problem+json");
        }
        given().when().get(rendered).then().statusCode(401);
        for (String role : List.of("agent", "supervisor")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(rendered).then().statusCode(200);
        }
        for (String role : List.of("admin", "integration")) { // those who do not reply to customers
            given().auth().oauth2(TestTokens.forRole(role)).when().get(rendered).then().statusCode(403)
                    .contentType("application/problem+json");
        }
        Map<String, Object> body = body(null, "t", "text", null, null);
        Map<String, Object> update = new HashMap<>(body);
        update.put("version", 0);
        given().contentType(ContentType.JSON).body(body).when().post(BASE).then().statusCode(401);
        given().contentType(ContentType.JSON).body(update).when().put(BASE + "/" + id).then().statusCode(401);
        given().when().delete(BASE + "/" + id).then().statusCode(401);
        for (String role : List.of("agent", "integration")) {
            String token = TestTokens.forRole(role);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(BASE)
                    .then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token).contentType(ContentType.JSON).body(update).when().put(BASE + "/" + id)
                    .then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token).when().delete(BASE + "/" + id).then().statusCode(403)
                    .contentType("application/problem+json");
        }
        // Allowed: supervisors and admins create, update (other tests) and delete.
        given().auth().oauth2(TestTokens.admin()).when().delete(BASE + "/" + id).then().statusCode(204);
    }

    private static Map<String, Object> body(String team, String title, String text, String channel, String language) {
        Map<String, Object> body = new HashMap<>();
        if (team != null) {
            body.put("team", team);
        }
        body.put("title", title);
        body.put("text", text);
        if (channel != null) {
            body.put("channel", channel);
        }
        if (language != null) {
            body.put("language", language);
        }
        body.put("tags", List.of("how-to"));
        return body;
    }

    private static JsonPath create(String token, Map<String, Object> body, int status) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(BASE)
                .then().statusCode(status).extract().jsonPath();
    }

    private static JsonPath list(String token, Map<String, String> query) {
        return given().auth().oauth2(token).queryParams(query).when().get(BASE).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> ids(Map<String, String> query) {
        return list(TestTokens.agent(), query).getList("items.id", String.class);
    }

    private static JsonPath render(String token, String caseId, String cannedId, String visibility, int status) {
        var request = given().auth().oauth2(token);
        if (visibility != null) {
            request = request.queryParam("visibility", visibility);
        }
        return request.when().get("/api/v1/cases/" + caseId + "/canned-responses/" + cannedId + "/rendered")
                .then().statusCode(status).extract().jsonPath();
    }
}
