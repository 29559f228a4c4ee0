package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.awaitEvents;
import static io.outpost.cases.CaseFixtures.openCase;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.IncidentSuggested;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Incidents: suggestions from Kafka, by hand, attach, proactive post, bulk reply, close; the role matrix. */
@QuarkusTest
class IncidentsResourceTest {

    @Test
    void aSuggestionIsStoredOnceAndConfirmedOrDismissedBySupervisors() {
        UUID suggestionId = UUID.randomUUID();
        String subject = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        IncidentSuggested suggested = new IncidentSuggested(suggestionId, subject, "de", Instant.now().minusSeconds(600),
                Instant.now(), 42, 3.5, List.of(UUID.randomUUID()), Instant.now());
        // The same surge twice under two event ids: one suggested incident.
        TestEvents.publish(Topics.POSTS, "incident:" + subject + ":de", EventTypes.INCIDENT_SUGGESTED, suggested);
        TestEvents.publish(Topics.POSTS, "incident:" + subject + ":de", EventTypes.INCIDENT_SUGGESTED, suggested);
        List<Map<String, Object>> found = Poll.until("suggested incident " + subject, CaseFixtures.TIMEOUT,
                () -> suggestions(suggestionId), l -> !l.isEmpty());
        // A later record on the same key shows both were processed.
        UUID later = UUID.randomUUID();
        TestEvents.publish(Topics.POSTS, "incident:" + subject + ":de", EventTypes.INCIDENT_SUGGESTED,
                new IncidentSuggested(later, subject, "de", Instant.now(), Instant.now(), 50, 3.5, List.of(), Instant.now()));
        Poll.until("second suggestion", CaseFixtures.TIMEOUT, () -> suggestions(later), l -> !l.isEmpty());
        assertThat(suggestions(suggestionId)).hasSize(1);
        String id = (String) found.get(0).get("id");
        assertThat(found.get(0).get("status")).isEqualTo("suggested");

        // Agents read, and may not decide.
        given().auth().oauth2(TestTokens.agent()).when().get("/api/v1/incidents/" + id).then().statusCode(200)
                .body("suggestion.posts", is(42)).body("region", is("de"));
        given().auth().oauth2(TestTokens.agent()).when().post("/api/v1/incidents/" + id + "/confirm")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.supervisor()).when().post("/api/v1/incidents/" + id + "/confirm")
                .then().statusCode(200).body("status", is("open"));
        given().auth().oauth2(TestTokens.supervisor()).when().post("/api/v1/incidents/" + id + "/dismiss")
                .then().statusCode(409).contentType("application/problem+json");
        String other = suggestions(later).get(0).get("id").toString();
        given().auth().oauth2(TestTokens.admin()).when().post("/api/v1/incidents/" + other + "/dismiss")
                .then().statusCode(200).body("status", is("dismissed"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("caseId", CaseFixtures.openCase(Channel.X, CaseFixtures.T0)))
                .when().post("/api/v1/incidents/" + other + "/cases")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void anIncidentAttachesCasesPostsOnceAnswersInBulkAndClosesResolvingItsCases() {
        String incident = create("Checkout down in DE");
        String a = openCase(Channel.X, CaseFixtures.T0);
        String b = openCase(Channel.FORUM, CaseFixtures.T0);
        attach(incident, a, 200);
        attach(incident, b, 200);
        attach(incident, a, 200); // again: no change
        // A case is in at most one open incident.
        String second = create("Another one");
        attach(second, a, 409);
        given().auth().oauth2(TestTokens.supervisor()).when().delete("/api/v1/incidents/" + second + "/cases/" + a)
                .then().statusCode(404).contentType("application/problem+json");
        assertThat(get(incident).getList("caseIds", String.class)).containsExactlyInAnyOrder(a, b);
        given().auth().oauth2(TestTokens.agent()).when().get("/api/v1/cases/" + a).then().statusCode(200)
                .body("incidentId", is(incident));

        // One proactive post, through the outbox.
        String text = "We know checkout is down in Germany and are on it. Updates here. " + UUID.randomUUID();
        JsonPath posted = given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("channel", "x", "accountId", "acme-de", "text", text))
                .when().post("/api/v1/incidents/" + incident + "/proactive-post")
                .then().statusCode(201).extract().jsonPath();
        assertThat(posted.getString("proactivePost.channel")).isEqualTo("x");
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("channel", "x", "text", "again"))
                .when().post("/api/v1/incidents/" + incident + "/proactive-post")
                .then().statusCode(409).contentType("application/problem+json");
        var outbound = awaitEvents(Topics.OUTBOUND, EventTypes.OUTBOUND_REQUESTED, text, 1, CaseFixtures.TIMEOUT);
        assertThat(outbound).hasSize(1);
        ContractCheck.assertConforms(outbound.get(0));
        OutboundRequested post = TestEvents.payload(outbound.get(0), OutboundRequested.class);
        assertThat(post.kind()).isEqualTo(OutboundRequested.Kind.PUBLIC_POST);
        assertThat(post.recipientPlatformId()).isNull();
        assertThat(post.caseId()).isNull();
        assertThat(post.accountId()).isEqualTo("acme-de");

        // Bulk reply: the forum case refuses a private reply (no private path), the x case takes it.
        String reply = "Sorry for the trouble, we are fixing it " + UUID.randomUUID();
        JsonPath bulk = given().auth().oauth2(TestTokens.forUser("sue", "supervisor")).contentType(ContentType.JSON)
                .body(Map.of("text", reply, "visibility", "private"))
                .when().post("/api/v1/incidents/" + incident + "/bulk-reply")
                .then().statusCode(200).extract().jsonPath();
        assertThat(bulk.getInt("replied")).isEqualTo(1);
        assertThat(bulk.getInt("refused")).isEqualTo(1);
        assertThat(bulk.getString("results.find { it.caseId == '" + b + "' }.status")).isEqualTo("422");
        var bulkReplies = awaitEvents(Topics.OUTBOUND, EventTypes.OUTBOUND_REQUESTED, reply, 1, CaseFixtures.TIMEOUT);
        assertThat(bulkReplies).hasSize(1);
        ContractCheck.assertConforms(bulkReplies.get(0));
        assertThat(TestEvents.payload(bulkReplies.get(0), OutboundRequested.class).lane())
                .as("an incident's replies go in the bulk lane").isEqualTo(OutboundRequested.Lane.BULK);
        assertThat(post.lane()).as("the one proactive post is not bulk: it goes first").isNull();

        // Close: closing post and both cases resolved, case.resolved naming the incident.
        String closing = "Checkout works again. Thanks for your patience. " + UUID.randomUUID();
        JsonPath closed = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("text", closing))
                .when().post("/api/v1/incidents/" + incident + "/close")
                .then().statusCode(200).extract().jsonPath();
        assertThat(closed.getString("status")).isEqualTo("closed");
        for (String caseId : List.of(a, b)) {
            assertThat(CaseFixtures.detail(caseId).getString("status")).isEqualTo("resolved");
            var resolved = awaitEvents(Topics.CASES, EventTypes.CASE_RESOLVED, caseId, 1, CaseFixtures.TIMEOUT);
            assertThat(TestEvents.payload(resolved.get(0), CaseResolved.class).incidentId()).hasToString(incident);
        }
        var closingPost = awaitEvents(Topics.OUTBOUND, EventTypes.OUTBOUND_REQUESTED, closing, 1, CaseFixtures.TIMEOUT);
        assertThat(TestEvents.payload(closingPost.get(0), OutboundRequested.class).channel()).isEqualTo(Channel.X);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("text", "again"))
                .when().post("/api/v1/incidents/" + incident + "/close")
                .then().statusCode(409).contentType("application/problem+json");
        // Its incident closed, a case may join another.
        attach(second, a, 200);
    }

    @Test
    void badInputIsAProblemAndNothingIsWritten() {
        String incident = create("Bad input");
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body(Map.of("title", " "))
                .when().post("/api/v1/incidents").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("channel", "x", "text", "https://status.example.com"))
                .when().post("/api/v1/incidents/" + incident + "/proactive-post")
                .then().statusCode(422).contentType("application/problem+json").body("detail", containsString("link"));
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("channel", "myspace", "text", "hello"))
                .when().post("/api/v1/incidents/" + incident + "/proactive-post")
                .then().statusCode(400).contentType("application/problem+json");
        // Closing without any channel: there is no proactive post to take it from.
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body(Map.of("text", "over"))
                .when().post("/api/v1/incidents/" + incident + "/close")
                .then().statusCode(400).contentType("application/problem+json");
        attach(incident, UUID.randomUUID().toString(), 404);
        attach(incident, "not-a-uuid", 400);
        given().auth().oauth2(TestTokens.supervisor()).queryParam("status", "bogus").when().get("/api/v1/incidents")
                .then().statusCode(400).contentType("application/problem+json");
        JsonPath after = get(incident);
        assertThat(after.getString("status")).isEqualTo("open");
        assertThat(after.getString("proactivePost")).isNull();
    }

    @Test
    void roleMatrix() {
        String incident = create("Roles");
        String base = "/api/v1/incidents";
        for (String path : List.of(base, base + "/" + incident)) {
            given().when().get(path).then().statusCode(401);
            for (String role : List.of("agent", "supervisor", "admin")) {
                given().auth().oauth2(TestTokens.forRole(role)).when().get(path).then().statusCode(200);
            }
            given().auth().oauth2(TestTokens.integration()).when().get(path).then().statusCode(403)
                    .contentType("application/problem+json");
        }
        Map<String, Object> body = Map.of("title", "x", "text", "hello", "channel", "x", "visibility", "public",
                "caseId", UUID.randomUUID().toString());
        for (String action : List.of("", "/" + incident + "/confirm", "/" + incident + "/dismiss",
                "/" + incident + "/cases", "/" + incident + "/proactive-post", "/" + incident + "/bulk-reply",
                "/" + incident + "/close")) {
            given().contentType(ContentType.JSON).body(body).when().post(base + action).then().statusCode(401);
            for (String role : List.of("agent", "integration")) {
                given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(body)
                        .when().post(base + action).then().statusCode(403).contentType("application/problem+json");
            }
        }
        given().auth().oauth2(TestTokens.agent()).when().delete(base + "/" + incident + "/cases/" + UUID.randomUUID())
                .then().statusCode(403);
        // Admins do not reply to customers, in bulk neither.
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post(base + "/" + incident + "/bulk-reply").then().statusCode(403);
        // Allowed for supervisors and admins: shown by the other tests (create, confirm, dismiss, attach, post, close).
    }

    private static String create(String title) {
        return given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body(Map.of("title", title))
                .when().post("/api/v1/incidents").then().statusCode(201).body("status", is("open"))
                .extract().jsonPath().getString("id");
    }

    private static void attach(String incident, String caseId, int status) {
        given().auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON).body(Map.of("caseId", caseId))
                .when().post("/api/v1/incidents/" + incident + "/cases").then().statusCode(status);
    }

    private static JsonPath get(String incident) {
        return given().auth().oauth2(TestTokens.agent()).when().get("/api/v1/incidents/" + incident)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Incidents with this suggestion id, scanning the suggested and dismissed ones. */
    private static List<Map<String, Object>> suggestions(UUID suggestionId) {
        return given().auth().oauth2(TestTokens.supervisor()).queryParam("limit", 200).when().get("/api/v1/incidents")
                .then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("items").stream()
                .filter(i -> i.get("suggestion") != null
                        && suggestionId.toString().equals(((Map<?, ?>) i.get("suggestion")).get("suggestionId")))
                .toList();
    }
}
