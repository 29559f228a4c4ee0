package io.outpost.crmlink.consent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.crmlink.consent.ConsentFixtures.Identity;
import io.outpost.crmlink.config.ConsentLinkSigner;
import io.outpost.devstack.LocalTokens;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /api/v1/identities/lookup: what an agent may know of a case's customer to ask for consent. */
@QuarkusTest
class IdentityLookupTest {

    static final String PATH = "/api/v1/identities/lookup";
    static final String PROBLEM = "application/problem+json";

    @Inject
    Pool pool;

    @Inject
    ConsentLinkSigner signer;

    static JsonPath lookup(String token, Identity who) {
        return given().auth().oauth2(token).queryParam("channel", "x").queryParam("platformUserId", who.platformUserId())
                .when().get(PATH).then().statusCode(200).extract().jsonPath();
    }

    static Map<String, String> states(JsonPath view) {
        Map<String, String> states = new java.util.TreeMap<>();
        view.<Map<String, Object>>getList("consents").forEach(c -> states.put((String) c.get("purpose"), (String) c.get("status")));
        return states;
    }

    @Test
    void anAgentSeesTheIdAndWhereConsentStandsThroughARequestAndAGrant() {
        Identity who = ConsentFixtures.identity(pool);
        JsonPath fresh = lookup(TestTokens.agent(), who);
        assertThat(fresh.getString("identityId")).isEqualTo(who.id().toString());
        assertThat(fresh.getBoolean("consentedLink")).isFalse();
        assertThat(states(fresh)).containsExactlyEntriesOf(
                new java.util.TreeMap<>(Map.of("identity-link", "none", "personalization", "none", "surveys", "none")));
        assertThat(fresh.getMap("$")).containsEntry("pendingRequest", null);

        String customer = ConsentFixtures.customer();
        // The request over HTTP; the page's token signed here rather than read from the DM on Kafka
        // (ConsentRequestFlowTest covers the DM), which keeps this test short.
        JsonPath sent = given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON)
                .body(ConsentFixtures.body(who, customer, "identity-link")).when().post("/api/v1/consent-requests")
                .then().statusCode(201).extract().jsonPath();
        JsonPath pending = lookup(TestTokens.agent(), who);
        assertThat(pending.getString("pendingRequest.id")).isEqualTo(sent.getString("id"));
        assertThat(pending.getList("pendingRequest.purposes")).containsExactly("identity-link");
        assertThat(pending.getString("pendingRequest.requestedAt")).isEqualTo(sent.getString("requestedAt"));

        String token = signer.issue(UUID.fromString(sent.getString("id")), Instant.parse(sent.getString("linkExpiresAt")));
        ConsentRequestFlowTest.submit(token, Map.of("identity-link", "grant")).statusCode(303);
        JsonPath granted = lookup(TestTokens.agent(), who);
        assertThat(granted.getBoolean("consentedLink")).isTrue();
        assertThat(states(granted)).containsEntry("identity-link", "granted").containsEntry("surveys", "none");
        assertThat(granted.getMap("$")).containsEntry("pendingRequest", null);
        // Only what an agent may see: not whom the link is to, nor anything about the person.
        assertThat(granted.getMap("$")).containsOnlyKeys("identityId", "consentedLink", "consents", "pendingRequest");
        assertThat(given().auth().oauth2(TestTokens.agent()).queryParam("channel", "x")
                .queryParam("platformUserId", who.platformUserId()).when().get(PATH).asString())
                .doesNotContain(customer).doesNotContain(who.handle()).doesNotContain("Dana");
    }

    @Test
    void badOrUnknownInputIsAProblem() {
        Identity who = ConsentFixtures.identity(pool);
        String agent = TestTokens.agent();
        given().auth().oauth2(agent).queryParam("channel", "facebook").queryParam("platformUserId", who.platformUserId())
                .when().get(PATH).then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(agent).queryParam("platformUserId", who.platformUserId())
                .when().get(PATH).then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(agent).queryParam("channel", "fax").queryParam("platformUserId", who.platformUserId())
                .when().get(PATH).then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(agent).queryParam("channel", "x").queryParam("platformUserId", " ")
                .when().get(PATH).then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(agent).queryParam("channel", "x").queryParam("platformUserId", "u".repeat(201))
                .when().get(PATH).then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(agent).queryParam("channel", "x").queryParam("platformUserId", "u\u0000")
                .when().get(PATH).then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void rolesAdminAndAgentOnly() {
        Identity who = ConsentFixtures.identity(pool);
        for (String role : List.of("admin", "agent")) {
            lookup(TestTokens.forRole(role), who);
        }
        for (String role : List.of("supervisor", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).queryParam("channel", "x")
                    .queryParam("platformUserId", who.platformUserId()).when().get(PATH)
                    .then().statusCode(403).contentType(PROBLEM);
        }
        given().queryParam("channel", "x").queryParam("platformUserId", who.platformUserId()).when().get(PATH)
                .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "agent")).queryParam("channel", "x")
                .queryParam("platformUserId", who.platformUserId()).when().get(PATH).then().statusCode(401);
        // The admin-only identity routes stay admin-only next to it.
        given().auth().oauth2(TestTokens.agent()).when().get("/api/v1/identities/" + who.id()).then().statusCode(403);
        given().auth().oauth2(TestTokens.agent()).when().get("/api/v1/identities/" + who.id() + "/match-candidates")
                .then().statusCode(403);
    }
}
