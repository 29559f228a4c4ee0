package io.outpost.crmlink.api;

import io.outpost.devstack.LocalTokens;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.LinkConfirmed;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.crmlink.OwnerDatabase;
import io.outpost.crmlink.Posts;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Consents with evidence, links only under a granted identity-link consent, and the append-only audit log. */
@QuarkusTest
@SuppressWarnings("unchecked")
class ConsentLinkAuditTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PROBLEM = "application/problem+json";

    @Inject
    Pool pool;

    /** A social identity as learned from posts, written directly: these tests are about consent, not learning. */
    record Identity(UUID id, String platformUserId) {
    }

    Identity identity() {
        UUID id = UUID.randomUUID();
        String user = Posts.unique("u");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        pool.preparedQuery("insert into social_identity (id, channel, platform_user_id, handle, display_name, first_seen_at, "
                + "last_seen_at, post_count, learned_at) values ($1, 'x', $2, $3, 'Dana', $4, $4, 1, $4)")
                .execute(Tuple.of(id, user, "h" + user, now)).await().atMost(WAIT);
        return new Identity(id, user);
    }

    static String customer() {
        String id = Posts.unique("crm-");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("givenName", "Dana", "familyName", "Krause"))
                .when().put("/api/v1/customers/" + id).then().statusCode(200);
        return id;
    }

    static Map<String, Object> grantBody() {
        Map<String, Object> evidence = new HashMap<>();
        evidence.put("source", "channel-message");
        evidence.put("messageId", Posts.unique("dm-"));
        evidence.put("textVersion", "identity-link-2026-11");
        Map<String, Object> body = new HashMap<>();
        body.put("decision", "grant");
        body.put("evidence", evidence);
        return body;
    }

    static Map<String, Object> adminBody(String decision) {
        Map<String, Object> evidence = new HashMap<>();
        evidence.put("source", "admin-action");
        evidence.put("note", "customer phoned the hotline, ticket 4711");
        evidence.put("textVersion", "identity-link-2026-11");
        return new HashMap<>(Map.of("decision", decision, "evidence", evidence, "reason", "customer asked"));
    }

    static ValidatableResponse consent(String token, UUID identity, String purpose, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/subjects/" + identity + "/consents/" + purpose).then();
    }

    static ValidatableResponse link(String token, UUID identity, String customer, String status) {
        Map<String, Object> body = new HashMap<>(Map.of("identityId", identity.toString(), "customerId", customer,
                "note", "matched on email and account number"));
        if (status != null) {
            body.put("status", status);
        }
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/v1/links").then();
    }

    static List<Map<String, Object>> links(String token, UUID identity) {
        return given().auth().oauth2(token).queryParam("identityId", identity.toString())
                .when().get("/api/v1/links").then().statusCode(200).extract().jsonPath().getList("$");
    }

    static List<Map<String, Object>> audit(String query) {
        return given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/audit?" + query)
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    static ConsumerRecord<String, String> event(String linkId, String type) {
        List<ConsumerRecord<String, String>> found = TestEvents.readUntil(Topics.IDENTITY,
                rs -> rs.stream().anyMatch(r -> matches(r, linkId, type)), WAIT)
                .stream().filter(r -> matches(r, linkId, type)).toList();
        assertThat(found).as("%s for link %s on %s", type, linkId, Topics.IDENTITY).hasSize(1);
        ContractCheck.assertConforms(found.get(0));
        return found.get(0);
    }

    static boolean matches(ConsumerRecord<String, String> r, String linkId, String type) {
        return r.value() != null && r.value().contains(linkId) && TestEvents.header(r, "ce_type").orElse("").equals(type);
    }

    @Test
    void confirmingWithoutGrantedConsentIsRefusedWithAClearProblem() {
        Identity who = identity();
        String customer = customer();
        link(TestTokens.admin(), who.id(), customer, null)
                .statusCode(422).contentType(PROBLEM)
                .body("detail", containsString("no granted identity-link consent"));

        consent(TestTokens.agent(), who.id(), "identity-link", new HashMap<>(Map.of("decision", "deny",
                "evidence", Map.of("source", "channel-message", "messageId", "dm-no", "textVersion", "v1"))))
                .statusCode(200);
        link(TestTokens.admin(), who.id(), customer, "confirmed")
                .statusCode(422).contentType(PROBLEM).body("detail", containsString("denied"));
        // Another purpose granted does not help.
        consent(TestTokens.agent(), who.id(), "personalization", grantBody()).statusCode(200);
        link(TestTokens.admin(), who.id(), customer, null).statusCode(422);

        assertThat(links(TestTokens.admin(), who.id())).isEmpty();
        assertThat(audit("subject=" + who.id())).extracting(e -> e.get("action"))
                .containsExactlyInAnyOrder("consent.denied", "consent.granted");
    }

    @Test
    void grantConfirmAndRevokeRemovesTheLinkAtOnceAndTellsEveryService() {
        Identity who = identity();
        String customer = customer();
        JsonPath granted = consent(TestTokens.agent(), who.id(), "identity-link", grantBody())
                .statusCode(200).extract().jsonPath();
        assertThat(granted.getString("status")).isEqualTo("granted");
        assertThat(granted.getString("evidence.actor")).isEqualTo("test-agent");
        assertThat(granted.getString("evidence.source")).isEqualTo("channel-message");
        assertThat(Instant.parse(granted.getString("expiresAt")))
                .isEqualTo(Instant.parse(granted.getString("grantedAt")).atZone(ZoneOffset.UTC).plusYears(2).toInstant());

        JsonPath confirmed = link(TestTokens.admin(), who.id(), customer, null).statusCode(201).extract().jsonPath();
        String linkId = confirmed.getString("id");
        assertThat(confirmed.getString("status")).isEqualTo("confirmed");
        assertThat(confirmed.getString("confirmedBy")).isEqualTo("test-admin");

        ConsumerRecord<String, String> confirmedEvent = event(linkId, EventTypes.LINK_CONFIRMED);
        assertThat(confirmedEvent.key()).isEqualTo(who.id().toString());
        LinkConfirmed payload = TestEvents.payload(confirmedEvent, LinkConfirmed.class);
        assertThat(payload.customerId()).isEqualTo(customer);
        assertThat(payload.platformUserId()).isEqualTo(who.platformUserId());
        assertThat(payload.identityId()).isEqualTo(who.id());
        assertThat(confirmedEvent.value()).doesNotContain("Krause").doesNotContain("Dana");

        assertThat(links(TestTokens.agent(), who.id())).extracting(l -> l.get("id")).containsExactly(linkId);
        assertThat(links(TestTokens.integration(), who.id())).extracting(l -> l.get("id")).containsExactly(linkId);
        link(TestTokens.admin(), who.id(), customer(), null).statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("remove that link first"));

        JsonPath revoked = consent(TestTokens.admin(), who.id(), "identity-link", adminBody("revoke"))
                .statusCode(200).extract().jsonPath();
        assertThat(revoked.getString("status")).isEqualTo("revoked");
        // In the same transaction: no waiting.
        Map<String, Object> removed = links(TestTokens.admin(), who.id()).get(0);
        assertThat(removed).containsEntry("status", "removed").containsEntry("removalReason", "consent-revoked")
                .containsEntry("removedBy", "test-admin");
        assertThat(links(TestTokens.agent(), who.id())).isEmpty();
        assertThat(links(TestTokens.integration(), who.id())).isEmpty();

        LinkRemoved gone = TestEvents.payload(event(linkId, EventTypes.LINK_REMOVED), LinkRemoved.class);
        assertThat(gone.reason()).isEqualTo(LinkRemoved.Reason.CONSENT_REVOKED);
        assertThat(gone.customerId()).isEqualTo(customer);

        consent(TestTokens.admin(), who.id(), "identity-link", adminBody("revoke"))
                .statusCode(409).contentType(PROBLEM).body("detail", containsString("already revoked"));
        consent(TestTokens.agent(), who.id(), "identity-link", grantBody()).statusCode(200);
        String again = link(TestTokens.admin(), who.id(), customer, null).statusCode(201).extract().jsonPath().getString("id");
        assertThat(again).as("a new link after re-grant").isNotEqualTo(linkId);

        List<Map<String, Object>> entries = audit("subject=" + who.id());
        assertThat(entries).extracting(e -> e.get("action")).containsExactlyInAnyOrder("consent.granted", "link.confirmed",
                "consent.revoked", "link.removed", "consent.granted", "link.confirmed");
        Map<String, Object> revokeEntry = entries.stream().filter(e -> "consent.revoked".equals(e.get("action"))).findFirst()
                .orElseThrow();
        assertThat(revokeEntry).containsEntry("actor", "test-admin").containsEntry("reason", "customer asked");
        assertThat((Map<String, Object>) revokeEntry.get("evidence")).containsEntry("source", "admin-action")
                .containsEntry("purpose", "identity-link").containsKey("note");
        Map<String, Object> confirmEntry = entries.stream().filter(e -> "link.confirmed".equals(e.get("action")))
                .filter(e -> linkId.equals(((Map<String, Object>) e.get("evidence")).get("linkId"))).findFirst().orElseThrow();
        assertThat((Map<String, Object>) ((Map<String, Object>) confirmEntry.get("evidence")).get("consent"))
                .containsEntry("status", "granted").containsEntry("textVersion", "identity-link-2026-11");
    }

    @Test
    void anExpiredConsentCannotConfirmAndExpiryRemovesAConfirmedLink() {
        Identity old = identity();
        Map<String, Object> backdated = grantBody();
        ((Map<String, Object>) backdated.get("evidence")).put("capturedAt", Instant.now().minus(Duration.ofDays(800)).toString());
        consent(TestTokens.admin(), old.id(), "identity-link", backdated).statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("expired"));
        List<Map<String, Object>> listed = given().auth().oauth2(TestTokens.agent())
                .when().get("/api/v1/subjects/" + old.id() + "/consents").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(listed).singleElement().satisfies(c -> assertThat(c).containsEntry("status", "expired")
                .containsEntry("purpose", "identity-link"));
        link(TestTokens.admin(), old.id(), customer(), null).statusCode(422).contentType(PROBLEM)
                .body("detail", containsString("expired"));

        Identity soon = identity();
        Map<String, Object> shortGrant = grantBody();
        shortGrant.put("expiresAt", Instant.now().plusSeconds(3).toString());
        consent(TestTokens.agent(), soon.id(), "identity-link", shortGrant).statusCode(200);
        String linkId = link(TestTokens.admin(), soon.id(), customer(), null).statusCode(201).extract().jsonPath().getString("id");

        Map<String, Object> removed = Poll.until("the link removed on expiry", WAIT,
                () -> links(TestTokens.admin(), soon.id()).get(0), l -> "removed".equals(l.get("status")));
        assertThat(removed).containsEntry("removalReason", "consent-expired").containsEntry("removedBy", "system");
        assertThat(TestEvents.payload(event(linkId, EventTypes.LINK_REMOVED), LinkRemoved.class).reason())
                .isEqualTo(LinkRemoved.Reason.CONSENT_EXPIRED);
        assertThat(audit("subject=" + soon.id() + "&action=link.removed")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("actor", "system"));
    }

    @Test
    void aConfirmationRacingARevocationNeverLeavesALinkWithoutConsent() throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 5; i++) {
                Identity who = identity();
                String customer = customer();
                consent(TestTokens.agent(), who.id(), "identity-link", grantBody()).statusCode(200);
                var confirm = threads.submit(() -> link(TestTokens.admin(), who.id(), customer, null).extract().statusCode());
                var revoke = threads.submit(() -> consent(TestTokens.admin(), who.id(), "identity-link", adminBody("revoke"))
                        .extract().statusCode());
                assertThat(confirm.get(60, java.util.concurrent.TimeUnit.SECONDS)).isIn(201, 422);
                assertThat(revoke.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
                assertThat(links(TestTokens.admin(), who.id())).noneSatisfy(l -> assertThat(l.get("status")).isEqualTo("confirmed"));
                assertThat(links(TestTokens.agent(), who.id())).isEmpty();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void agentsAndIntegrationsNeverSeeSuggestedLinks() {
        Identity who = identity();
        String customer = customer();
        JsonPath suggested = link(TestTokens.admin(), who.id(), customer, "suggested").statusCode(201).extract().jsonPath();
        assertThat(suggested.getString("status")).isEqualTo("suggested");
        assertThat(links(TestTokens.agent(), who.id())).isEmpty();
        assertThat(links(TestTokens.integration(), who.id())).isEmpty();
        assertThat(given().auth().oauth2(TestTokens.agent()).queryParam("customerId", customer)
                .when().get("/api/v1/links").then().statusCode(200).extract().jsonPath().getList("$")).isEmpty();
        assertThat(links(TestTokens.admin(), who.id())).singleElement()
                .satisfies(l -> assertThat(l).containsEntry("status", "suggested"));
        link(TestTokens.admin(), who.id(), customer, "suggested").statusCode(409).contentType(PROBLEM);

        consent(TestTokens.agent(), who.id(), "identity-link", grantBody()).statusCode(200);
        String confirmedId = link(TestTokens.admin(), who.id(), customer, null).statusCode(201).extract().jsonPath().getString("id");
        assertThat(confirmedId).as("the suggestion becomes the link").isEqualTo(suggested.getString("id"));
        assertThat(links(TestTokens.agent(), who.id())).extracting(l -> l.get("status")).containsExactly("confirmed");

        given().auth().oauth2(TestTokens.admin()).queryParam("reason", "wrong person: different birth date")
                .when().delete("/api/v1/links/" + confirmedId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("removed"))
                .body("removalReason", org.hamcrest.Matchers.equalTo("admin-removed"));
        assertThat(links(TestTokens.agent(), who.id())).isEmpty();
        assertThat(TestEvents.payload(event(confirmedId, EventTypes.LINK_REMOVED), LinkRemoved.class).reason())
                .isEqualTo(LinkRemoved.Reason.ADMIN_REMOVED);
        given().auth().oauth2(TestTokens.admin()).queryParam("reason", "again")
                .when().delete("/api/v1/links/" + confirmedId).then().statusCode(409).contentType(PROBLEM);
        assertThat(audit("subject=" + who.id())).extracting(e -> e.get("action")).containsExactlyInAnyOrder(
                "link.suggested", "consent.granted", "link.confirmed", "link.removed");
        assertThat(audit("subject=" + who.id() + "&action=link.removed")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("reason", "wrong person: different birth date"));
    }

    @Test
    void theAuditLogCannotBeChangedOrDeleted() {
        Identity who = identity();
        consent(TestTokens.agent(), who.id(), "surveys", grantBody()).statusCode(200);
        assertThat(audit("subject=" + who.id())).hasSize(1);
        String id = (String) audit("subject=" + who.id()).get(0).get("id");

        // The service's own database role may not (privileges) ...
        assertThatThrownBy(() -> pool.preparedQuery("update audit_entry set reason = 'rewritten' where subject = $1")
                .execute(Tuple.of(who.id().toString())).await().atMost(WAIT))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> pool.preparedQuery("delete from audit_entry where subject = $1")
                .execute(Tuple.of(who.id().toString())).await().atMost(WAIT))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> pool.query("truncate audit_entry").execute().await().atMost(WAIT))
                .hasMessageContaining("permission denied");
        // ... and the owner is stopped by the triggers (unless it drops them: then the hash chain tells, AuditVerificationTest).
        for (String statement : List.of("update audit_entry set reason = 'rewritten' where subject = ?",
                "delete from audit_entry where subject = ?")) {
            assertThatThrownBy(() -> OwnerDatabase.update(statement, who.id().toString())).as(statement)
                    .hasMessageContaining("append-only");
        }
        assertThatThrownBy(() -> OwnerDatabase.update("truncate audit_entry")).hasMessageContaining("append-only");
        assertThat(audit("subject=" + who.id())).singleElement().satisfies(e -> assertThat(e.get("reason")).isNull());

        for (String method : List.of("PUT", "PATCH", "DELETE", "POST")) {
            for (String path : List.of("/api/v1/audit", "/api/v1/audit/" + id)) {
                int status = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{}")
                        .when().request(method, path).then().extract().statusCode();
                assertThat(status).as("%s %s", method, path).isIn(404, 405);
            }
        }
    }

    @Test
    void theAuditLogFiltersAndPages() {
        Identity who = identity();
        consent(TestTokens.agent(), who.id(), "surveys", grantBody()).statusCode(200);
        consent(TestTokens.agent(), who.id(), "surveys", adminBody("revoke")).statusCode(200);
        consent(TestTokens.agent(), who.id(), "personalization", adminBody("deny")).statusCode(200);

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = given().auth().oauth2(TestTokens.admin()).queryParam("subject", who.id().toString())
                    .queryParam("limit", 1).queryParam("cursor", cursor == null ? "" : cursor)
                    .when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("items.action"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(paged).containsExactly("consent.denied", "consent.revoked", "consent.granted");

        assertThat(audit("subject=" + who.id() + "&action=consent.revoked")).extracting(e -> e.get("actor"))
                .containsExactly("test-agent");
        assertThat(audit("subject=" + who.id() + "&from=" + Instant.now().plusSeconds(60))).isEmpty();
        assertThat(audit("subject=" + who.id() + "&from=" + Instant.now().minusSeconds(600) + "&to="
                + Instant.now().plusSeconds(60))).hasSize(3);
    }

    @Test
    void badInputIsA400ProblemNeverA5xx() {
        Identity who = identity();
        String base = "/api/v1/subjects/" + who.id() + "/consents/";
        List<Object[]> consentCases = new ArrayList<>();
        consentCases.add(new Object[] { "identity-link", "not json" });
        consentCases.add(new Object[] { "identity-link", "{}" });
        consentCases.add(new Object[] { "identity-link", "{\"decision\": \"maybe\", \"evidence\": {\"source\": \"admin-action\", \"note\": \"n\"}}" });
        consentCases.add(new Object[] { "identity-link", "{\"decision\": \"grant\"}" });
        consentCases.add(new Object[] { "identity-link", "{\"decision\": \"grant\", \"evidence\": {\"source\": \"pigeon\"}}" });
        consentCases.add(new Object[] { "identity-link", "{\"decision\": \"grant\", \"evidence\": {\"source\": \"channel-message\", \"textVersion\": \"v1\"}}" });
        consentCases.add(new Object[] { "identity-link", "{\"decision\": \"grant\", \"evidence\": {\"source\": \"admin-action\", \"textVersion\": \"v1\"}}" });
        consentCases.add(new Object[] { "identity-link", "{\"decision\": \"grant\", \"evidence\": {\"source\": \"channel-message\", \"messageId\": \"m\"}}" });
        consentCases.add(new Object[] { "identity-link", "{\"decision\": \"grant\", \"expiresAt\": \"2001-01-01T00:00:00Z\", \"evidence\": {\"source\": \"channel-message\", \"messageId\": \"m\", \"textVersion\": \"v1\"}}" });
        consentCases.add(new Object[] { "identity-link", "{\"decision\": \"grant\", \"expiresAt\": \"soon\", \"evidence\": {\"source\": \"channel-message\", \"messageId\": \"m\", \"textVersion\": \"v1\"}}" });
        consentCases.add(new Object[] { "identity-link", "{\"decision\": \"grant\", \"evidence\": {\"source\": \"channel-message\", \"messageId\": \"m\", \"textVersion\": \"v1\", \"capturedAt\": \"2999-01-01T00:00:00Z\"}}" });
        consentCases.add(new Object[] { "identity-link", "{\"decision\": \"deny\", \"expiresAt\": \"2999-01-01T00:00:00Z\", \"evidence\": {\"source\": \"channel-message\", \"messageId\": \"m\", \"textVersion\": \"v1\"}}" });
        consentCases.add(new Object[] { "identity-link", "{\"decision\": \"grant\", \"reason\": \"" + "r".repeat(1001) + "\", \"evidence\": {\"source\": \"channel-message\", \"messageId\": \"m\", \"textVersion\": \"v1\"}}" });
        consentCases.add(new Object[] { "marketing", TestEvents.json(grantBody()) });
        for (Object[] c : consentCases) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body((String) c[1])
                    .when().put(base + c[0])
                    .then().statusCode(400).contentType(PROBLEM);
        }
        consent(TestTokens.admin(), UUID.randomUUID(), "identity-link", grantBody()).statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(grantBody())
                .when().put("/api/v1/subjects/not-a-uuid/consents/identity-link").then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/subjects/not-a-uuid/consents")
                .then().statusCode(400).contentType(PROBLEM);
        consent(TestTokens.admin(), who.id(), "surveys", adminBody("revoke")).statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("never granted"));

        String customer = customer();
        for (String body : List.of("not json", "{}", "{\"identityId\": \"x\", \"customerId\": \"" + customer + "\"}",
                "{\"identityId\": \"" + who.id() + "\", \"customerId\": \"-bad id\"}",
                "{\"identityId\": \"" + who.id() + "\"}",
                "{\"identityId\": \"" + who.id() + "\", \"customerId\": \"" + customer + "\", \"status\": \"removed\"}",
                "{\"identityId\": \"" + who.id() + "\", \"customerId\": \"" + customer + "\", \"status\": \"maybe\"}")) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/links").then().statusCode(400).contentType(PROBLEM);
        }
        link(TestTokens.admin(), who.id(), "crm-unknown-" + UUID.randomUUID(), "suggested").statusCode(404).contentType(PROBLEM);
        link(TestTokens.admin(), UUID.randomUUID(), customer, "suggested").statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.admin()).when().delete("/api/v1/links/" + UUID.randomUUID())
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("reason"));
        given().auth().oauth2(TestTokens.admin()).queryParam("reason", "x").when().delete("/api/v1/links/nope")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.admin()).queryParam("reason", "x").when().delete("/api/v1/links/" + UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM);
        for (String query : List.of("", "?identityId=nope", "?customerId=-x")) {
            given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/links" + query).then().statusCode(400).contentType(PROBLEM);
        }
        for (String query : List.of("action=link.exploded", "from=yesterday", "to=2026-13-01T00:00:00Z", "limit=0",
                "limit=201", "cursor=garbage", "from=2026-11-22T08:00:00Z&to=2026-11-22T07:00:00Z")) {
            given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/audit?" + query).then().statusCode(400).contentType(PROBLEM);
        }
    }

    @Test
    void everyNewEndpointChecksRoles() {
        Identity who = identity();
        String customer = customer();
        String consents = "/api/v1/subjects/" + who.id() + "/consents";
        // Each call: method, path, body supplier, allowed roles, forbidden roles, status when allowed.
        record Call(String method, String path, java.util.function.Supplier<Object> body, List<String> allowed,
                List<String> forbidden, int ok) {
        }
        List<Call> calls = List.of(
                new Call("PUT", consents + "/surveys", ConsentLinkAuditTest::grantBody, List.of("admin", "agent"),
                        List.of("supervisor", "integration"), 200),
                new Call("GET", consents, () -> null, List.of("admin", "agent"), List.of("supervisor", "integration"), 200),
                new Call("POST", "/api/v1/links", () -> Map.of("identityId", who.id().toString(), "customerId", customer(),
                        "status", "suggested"), List.of("admin"), List.of("agent", "supervisor", "integration"), 201),
                new Call("GET", "/api/v1/links?identityId=" + who.id(), () -> null, List.of("admin", "agent", "integration"),
                        List.of("supervisor"), 200),
                new Call("GET", "/api/v1/audit?subject=" + who.id(), () -> null, List.of("admin"),
                        List.of("agent", "supervisor", "integration"), 200));
        for (Call call : calls) {
            Object body = call.body().get();
            var anonymous = given().contentType(ContentType.JSON);
            (body == null ? anonymous : anonymous.body(body)).when().request(call.method(), call.path())
                    .then().statusCode(401).contentType(PROBLEM);
            var foreign = given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).contentType(ContentType.JSON);
            (body == null ? foreign : foreign.body(body)).when().request(call.method(), call.path()).then().statusCode(401);
            for (String role : call.forbidden()) {
                var request = given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON);
                (body == null ? request : request.body(body)).when().request(call.method(), call.path())
                        .then().statusCode(403).contentType(PROBLEM);
            }
            for (String role : call.allowed()) {
                Object fresh = call.body().get();
                var request = given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON);
                (fresh == null ? request : request.body(fresh)).when().request(call.method(), call.path())
                        .then().statusCode(call.ok());
            }
        }

        String suggestion = link(TestTokens.admin(), who.id(), customer, "suggested").statusCode(201).extract().jsonPath().getString("id");
        String delete = "/api/v1/links/" + suggestion + "?reason=not+the+same+person";
        given().when().delete(delete).then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).when().delete(delete).then().statusCode(401);
        for (String role : List.of("agent", "supervisor", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().delete(delete).then().statusCode(403).contentType(PROBLEM);
        }
        given().auth().oauth2(TestTokens.admin()).when().delete(delete).then().statusCode(200);
    }
}
