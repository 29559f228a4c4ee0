package io.outpost.crmlink.consent;

import io.outpost.devstack.LocalTokens;
import static io.outpost.crmlink.consent.ConsentFixtures.WAIT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.ConsentChanged;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.PostIngested;
import io.outpost.crmlink.Posts;
import io.outpost.crmlink.config.ConsentLinkSigner;
import io.outpost.crmlink.consent.ConsentFixtures.Identity;
import io.outpost.crmlink.consent.ConsentFixtures.Sent;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.kit.links.SignedLinks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The consent request flow over HTTP and Kafka: the DM, the page's answers and status codes, DM withdrawal, expiry. */
@QuarkusTest
@SuppressWarnings("unchecked")
class ConsentRequestFlowTest {

    static final String PROBLEM = "application/problem+json";

    @Inject
    Pool pool;

    @Inject
    ConsentLinkSigner signer;

    @ConfigProperty(name = "outpost.crm-link.consent.link-secret")
    String secret;

    static ValidatableResponse page(String token) {
        return given().redirects().follow(false).when().get("/consent/" + token).then();
    }

    static ValidatableResponse submit(String token, Map<String, String> form) {
        return given().redirects().follow(false).contentType(ContentType.URLENC).formParams(form)
                .when().post("/consent/" + token).then();
    }

    static ValidatableResponse withdraw(String token, String purpose) {
        return given().redirects().follow(false).contentType(ContentType.URLENC).formParam("purpose", purpose)
                .when().post("/consent/" + token + "/withdraw").then();
    }

    static List<Map<String, Object>> consents(Identity who) {
        return given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/subjects/" + who.id() + "/consents")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    static Map<String, Object> consent(Identity who, String purpose) {
        return consents(who).stream().filter(c -> purpose.equals(c.get("purpose"))).findFirst().orElseThrow();
    }

    static List<Map<String, Object>> links(Identity who) {
        return given().auth().oauth2(TestTokens.admin()).queryParam("identityId", who.id().toString())
                .when().get("/api/v1/links").then().statusCode(200).extract().jsonPath().getList("$");
    }

    static List<String> auditActions(Identity who) {
        List<Map<String, Object>> items = given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/audit?subject=" + who.id()).then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().map(e -> (String) e.get("action")).toList();
    }

    long decisionsRecorded(Identity who) {
        return pool.preparedQuery("select count(*) from consent_event where subject_id = $1").execute(Tuple.of(who.id()))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    /** The identity's consent-changed events (each checked against its schema), once {@code n} are there. */
    static List<ConsentChanged> consentChanges(Identity who, int n) {
        List<ConsumerRecord<String, String>> records = TestEvents.readUntil(Topics.IDENTITY,
                rs -> rs.stream().filter(r -> isConsentChange(r, who)).count() >= n, WAIT)
                .stream().filter(r -> isConsentChange(r, who)).toList();
        records.forEach(ContractCheck::assertConforms);
        records.forEach(r -> assertThat(r.key()).isEqualTo(who.id().toString()));
        return records.stream().map(r -> TestEvents.payload(r, ConsentChanged.class)).toList();
    }

    static boolean isConsentChange(ConsumerRecord<String, String> r, Identity who) {
        return r.value() != null && r.value().contains(who.id().toString())
                && TestEvents.header(r, "ce_type").orElse("").equals(EventTypes.CONSENT_CHANGED);
    }

    @Test
    void theRequestGoesOutFromTheAccountThePersonLastWroteTo() {
        String user = Posts.unique("u");
        Instant now = Instant.now();
        // One key, so they are consumed in this order: the newest post (to "help") comes second, a late
        // older one (to "de") and one that names no account (an import) come after it.
        String help = Posts.unique("acct-help-");
        Posts.publish(user, Posts.by(Channel.X, user, "dana_acct", "Dana", now.minusSeconds(7200), false)
                .toAccount(Posts.unique("acct-uk-")));
        Posts.publish(user, Posts.by(Channel.X, user, "dana_acct", "Dana", now.minusSeconds(3600), false).toAccount(help));
        Posts.publish(user, Posts.by(Channel.X, user, "dana_acct", "Dana", now.minusSeconds(10800), false)
                .toAccount(Posts.unique("acct-de-")));
        Posts.publish(user, Posts.by(Channel.X, user, "dana_acct", "Dana", now.minusSeconds(60), false));
        UUID id = Poll.until("four posts of " + user + " learned", WAIT,
                () -> pool.preparedQuery("select id, post_count from social_identity where channel = 'x' and platform_user_id = $1")
                        .execute(Tuple.of(user)).await().atMost(WAIT),
                rows -> rows.size() == 1 && rows.iterator().next().getLong("post_count") == 4)
                .iterator().next().getUUID("id");
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/identities/" + id)
                .then().statusCode(200).body("lastAccountId", org.hamcrest.Matchers.is(help));

        Sent sent = ConsentFixtures.request(new Identity(id, user, "dana_acct"), null, "surveys");
        assertThat(sent.dm().accountId()).isEqualTo(help);
        assertThat(sent.dm().recipientPlatformId()).isEqualTo(user);
    }

    @Test
    void theRequestSendsADmWithASignedLinkAndThePageShowsExactlyWhatWouldBeLinked() {
        Identity who = ConsentFixtures.identity(pool);
        String customer = ConsentFixtures.customer();
        Sent sent = ConsentFixtures.request(who, customer, "identity-link", "surveys");

        assertThat(sent.view().getString("status")).isEqualTo("pending");
        assertThat(sent.view().getString("textVersion")).isEqualTo("2026-11");
        assertThat(sent.view().getString("requestedBy")).isEqualTo("test-agent");
        assertThat(sent.view().getMap("$")).doesNotContainKeys("token", "url", "link");
        assertThat(sent.dm().kind()).isEqualTo(OutboundRequested.Kind.CONSENT_REQUEST);
        assertThat(sent.dm().channel()).isEqualTo(Channel.X);
        assertThat(sent.dm().recipientPlatformId()).isEqualTo(who.platformUserId());
        assertThat(sent.dm().caseId()).isNull();
        assertThat(sent.dm().accountId()).as("no post named our account: the channel's default").isNull();
        assertThat(sent.dm().text()).contains("identity-link, surveys").contains("STOP LINK").doesNotContain("Krause");

        String html = page(sent.token()).statusCode(200).contentType(containsString("text/html"))
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .extract().asString();
        assertThat(html).contains("@" + who.handle() + " on X").contains("D*** K***").doesNotContain("Krause")
                .doesNotContain(customer).contains("2026-11").contains("name=\"identity-link\"")
                .contains("name=\"surveys\"").doesNotContain("name=\"personalization\"");

        given().auth().oauth2(TestTokens.agent()).when().get("/api/v1/consent-requests/" + sent.requestId())
                .then().statusCode(200).body("identityId", org.hamcrest.Matchers.equalTo(who.id().toString()))
                .body("customerId", org.hamcrest.Matchers.equalTo(customer));
        assertThat(auditActions(who)).containsExactly("consent.requested");
    }

    @Test
    void grantOnThePageRecordsEvidenceLinksAndCannotBeReplayedButCanBeWithdrawn() {
        Identity who = ConsentFixtures.identity(pool);
        String customer = ConsentFixtures.customer();
        Sent sent = ConsentFixtures.request(who, customer, "identity-link", "surveys");

        submit(sent.token(), Map.of("identity-link", "grant", "surveys", "decline"))
                .statusCode(303).header("Location", endsWith("/consent/" + sent.token() + "?done=answered"));

        Map<String, Object> link = consent(who, "identity-link");
        assertThat(link).containsEntry("status", "granted");
        assertThat((Map<String, Object>) link.get("evidence")).containsEntry("source", "consent-page")
                .containsEntry("requestId", sent.requestId()).containsEntry("textVersion", "2026-11")
                .containsEntry("actor", "customer");
        assertThat(Instant.parse((String) link.get("expiresAt")))
                .isAfter(Instant.now().plus(java.time.Duration.ofDays(729)));
        assertThat(consent(who, "surveys")).containsEntry("status", "denied");
        assertThat(links(who)).singleElement().satisfies(l -> assertThat(l).containsEntry("status", "confirmed")
                .containsEntry("customerId", customer).containsEntry("confirmedBy", "customer"));
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/consent-requests/" + sent.requestId())
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("answered"));
        given().when().get("/consent/" + sent.token() + "?done=answered").then().statusCode(200)
                .body(containsString("id=\"status-identity-link\">granted"))
                .body(containsString("Thank you")).body(not(containsString("type=\"radio\"")));

        // The grant cannot be replayed: nothing changes.
        long before = decisionsRecorded(who);
        submit(sent.token(), Map.of("identity-link", "grant", "surveys", "grant"))
                .statusCode(409).contentType(containsString("text/html")).body(containsString("Already answered"));
        assertThat(decisionsRecorded(who)).isEqualTo(before);
        assertThat(consent(who, "surveys")).containsEntry("status", "denied");

        withdraw(sent.token(), "identity-link").statusCode(303).header("Location", endsWith("?done=withdrawn"));
        assertThat(consent(who, "identity-link")).containsEntry("status", "revoked");
        assertThat(links(who)).singleElement().satisfies(l -> assertThat(l).containsEntry("status", "removed")
                .containsEntry("removalReason", "consent-revoked"));
        withdraw(sent.token(), "identity-link").statusCode(409).contentType(containsString("text/html"));
        withdraw(sent.token(), "surveys").statusCode(409);
        withdraw(sent.token(), "personalization").statusCode(400);

        List<ConsentChanged> changes = consentChanges(who, 3);
        assertThat(changes).extracting(c -> c.purpose() + ":" + c.status())
                .containsExactlyInAnyOrder("identity-link:granted", "surveys:denied", "identity-link:revoked");
        assertThat(changes).allSatisfy(c -> assertThat(c.platformUserId()).isEqualTo(who.platformUserId()));
        ConsumerRecord<String, String> removed = TestEvents.readUntil(Topics.IDENTITY, rs -> rs.stream()
                .anyMatch(r -> r.value().contains(who.id().toString()) && TestEvents.header(r, "ce_type").orElse("")
                        .equals(EventTypes.LINK_REMOVED)), WAIT).stream()
                .filter(r -> r.value().contains(who.id().toString())
                        && TestEvents.header(r, "ce_type").orElse("").equals(EventTypes.LINK_REMOVED))
                .findFirst().orElseThrow();
        ContractCheck.assertConforms(removed);
        assertThat(TestEvents.payload(removed, LinkRemoved.class).reason()).isEqualTo(LinkRemoved.Reason.CONSENT_REVOKED);
        assertThat(auditActions(who)).containsExactlyInAnyOrder("consent.requested", "consent.granted", "consent.denied",
                "link.confirmed", "consent.revoked", "link.removed");
    }

    @Test
    void declineDeniesEveryPurposeAndLinksNothing() {
        Identity who = ConsentFixtures.identity(pool);
        Sent sent = ConsentFixtures.request(who, ConsentFixtures.customer(), "identity-link", "personalization");
        submit(sent.token(), Map.of("identity-link", "decline", "personalization", "decline")).statusCode(303);
        assertThat(consents(who)).extracting(c -> c.get("status")).containsOnly("denied");
        assertThat(links(who)).isEmpty();
    }

    @Test
    void anIncompleteFormIsA400PageAndRecordsNothing() {
        Identity who = ConsentFixtures.identity(pool);
        Sent sent = ConsentFixtures.request(who, null, "personalization", "surveys");
        submit(sent.token(), Map.of("personalization", "grant")).statusCode(400).contentType(containsString("text/html"))
                .body(containsString("Please choose yes or no for every purpose"));
        submit(sent.token(), Map.of("personalization", "grant", "surveys", "maybe")).statusCode(400);
        assertThat(decisionsRecorded(who)).isZero();
        page(sent.token()).statusCode(200).body(containsString("type=\"radio\""));
    }

    @Test
    void tamperedForeignAndExpiredLinksShowAnErrorPageAndRecordNothing() {
        Identity who = ConsentFixtures.identity(pool);
        Sent sent = ConsentFixtures.request(who, ConsentFixtures.customer(), "identity-link");
        Map<String, String> grant = Map.of("identity-link", "grant");

        String tampered = ConsentFixtures.tampered(sent.token());
        page(tampered).statusCode(404).contentType(containsString("text/html")).body(containsString("This link is not valid"));
        submit(tampered, grant).statusCode(404);
        withdraw(tampered, "identity-link").statusCode(404);
        page("not-a-token").statusCode(404);
        // Genuine signature, but for another purpose (a survey link cannot open the consent page).
        String surveyLink = SignedLinks.fromSecret(secret, Clock.systemUTC())
                .issue("survey", sent.requestId(), Instant.now().plusSeconds(600));
        page(surveyLink).statusCode(404);
        // Ours, for this purpose, but no such request.
        page(signer.issue(UUID.randomUUID(), Instant.now().plusSeconds(600))).statusCode(404);

        String expired = signer.issue(UUID.fromString(sent.requestId()), Instant.now().minusSeconds(1));
        page(expired).statusCode(410).contentType(containsString("text/html")).body(containsString("expired"))
                .body(containsString("STOP LINK"));
        submit(expired, grant).statusCode(410);
        withdraw(expired, "identity-link").statusCode(410);

        assertThat(decisionsRecorded(who)).isZero();
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/consent-requests/" + sent.requestId())
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("pending"));
    }

    @Test
    void aPrivateMessageWithTheKeywordWithdrawsEveryGrantWithTheMessageAsEvidence() {
        Identity who = ConsentFixtures.identity(pool);
        String customer = ConsentFixtures.customer();
        Sent sent = ConsentFixtures.request(who, customer, "identity-link", "surveys");
        submit(sent.token(), Map.of("identity-link", "grant", "surveys", "grant")).statusCode(303);
        assertThat(links(who)).singleElement().satisfies(l -> assertThat(l).containsEntry("status", "confirmed"));

        String key = "x:dm-" + who.platformUserId();
        Instant at = Instant.now();
        // In order on one key: a public post with the keyword (ignored), a DM that only mentions it
        // (ignored), then the DM that is the keyword.
        Posts.publish(key, post(who, "STOP LINK", Visibility.PUBLIC, at));
        Posts.publish(key, post(who, "what does STOP LINK do?", Visibility.PRIVATE, at));
        PostIngested stop = post(who, "  stop link ", Visibility.PRIVATE, at);
        Posts.publish(key, stop);

        Poll.until("identity-link withdrawn by DM", WAIT, () -> consent(who, "identity-link"),
                c -> "revoked".equals(c.get("status")));
        assertThat((Map<String, Object>) consent(who, "identity-link").get("evidence"))
                .containsEntry("source", "channel-message").containsEntry("messageId", stop.externalId())
                .containsEntry("actor", "customer");
        assertThat(consent(who, "surveys")).containsEntry("status", "revoked");
        assertThat(links(who)).singleElement().satisfies(l -> assertThat(l).containsEntry("status", "removed")
                .containsEntry("removalReason", "consent-revoked"));
        assertThat(auditActions(who).stream().filter("consent.revoked"::equals)).hasSize(2);

        // A redelivery of the same event changes nothing (the inbox drops a repeated ce_id), and a
        // second keyword DM finds nothing left to withdraw.
        long before = decisionsRecorded(who);
        PostIngested again = post(who, "REVOKE", Visibility.PRIVATE, Instant.now());
        Posts.publish(key, again);
        Poll.until("the second DM learned", WAIT, () -> postCount(who), n -> n >= 5);
        assertThat(decisionsRecorded(who)).isEqualTo(before);
    }

    @Test
    void aGrantThatRunsOutIsAnnouncedOnceAsExpired() {
        Identity who = ConsentFixtures.identity(pool);
        Map<String, Object> evidence = Map.of("source", "admin-action", "note", "customer asked by phone",
                "textVersion", "2026-11");
        Map<String, Object> body = new HashMap<>(Map.of("decision", "grant", "evidence", evidence,
                "expiresAt", Instant.now().plusSeconds(2).toString()));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/subjects/" + who.id() + "/consents/surveys").then().statusCode(200);

        List<ConsentChanged> changes = consentChanges(who, 2);
        assertThat(changes).extracting(ConsentChanged::status).containsExactly("granted", "expired");
        assertThat(changes.get(1).expiresAt()).isNull();
        Poll.until("the expiry audited", WAIT, () -> auditActions(who), a -> a.contains("consent.expired"));
        try {
            Thread.sleep(2500); // two more sweeps (1 s in tests): the expiry must not be announced again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(consentChanges(who, 2)).hasSize(2);
        assertThat(auditActions(who)).containsExactlyInAnyOrder("consent.granted", "consent.expired");
    }

    @Test
    void badRequestsAre4xxProblemsAndWriteNothing() {
        Identity who = ConsentFixtures.identity(pool);
        String customer = ConsentFixtures.customer();
        List<String> bodies = List.of("", "{}", "{\"purposes\": [\"surveys\"]}",
                "{\"identityId\": \"nope\", \"purposes\": [\"surveys\"]}",
                "{\"identityId\": \"" + who.id() + "\"}",
                "{\"identityId\": \"" + who.id() + "\", \"purposes\": []}",
                "{\"identityId\": \"" + who.id() + "\", \"purposes\": [\"marketing\"]}",
                "{\"identityId\": \"" + who.id() + "\", \"purposes\": [\"surveys\", \"surveys\"]}",
                "{\"identityId\": \"" + who.id() + "\", \"purposes\": [\"surveys\"], \"customerId\": \"" + customer + "\"}",
                "{\"identityId\": \"" + who.id() + "\", \"purposes\": \"surveys\"}",
                "{\"identityId\": \"" + who.id() + "\", \"purposes\": [\"surveys\"], \"reason\": \"" + "r".repeat(1001) + "\"}",
                "not json");
        for (String body : bodies) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/consent-requests").then().statusCode(400).contentType(PROBLEM);
        }
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(ConsentFixtures.body(new Identity(UUID.randomUUID(), "u", "h"), null, "surveys"))
                .when().post("/api/v1/consent-requests").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(ConsentFixtures.body(who, "crm-unknown", "identity-link"))
                .when().post("/api/v1/consent-requests").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/consent-requests/nope").then().statusCode(400)
                .contentType(PROBLEM);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/consent-requests/" + UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM);
        long requests = pool.preparedQuery("select count(*) from consent_request where identity_id = $1")
                .execute(Tuple.of(who.id())).await().atMost(WAIT).iterator().next().getLong(0);
        assertThat(requests).isZero();
        // Staff cannot claim a page answer as evidence.
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("decision", "grant", "evidence", Map.of("source", "consent-page", "textVersion", "2026-11")))
                .when().put("/api/v1/subjects/" + who.id() + "/consents/surveys").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void consentRequestEndpointsCheckRoles() {
        Identity who = ConsentFixtures.identity(pool);
        String path = "/api/v1/consent-requests";
        Map<String, Object> body = ConsentFixtures.body(who, null, "surveys");
        given().contentType(ContentType.JSON).body(body).when().post(path).then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).contentType(ContentType.JSON).body(body)
                .when().post(path).then().statusCode(401);
        for (String role : List.of("supervisor", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(body)
                    .when().post(path).then().statusCode(403).contentType(PROBLEM);
        }
        String id = null;
        for (String role : List.of("admin", "agent")) {
            id = given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(body)
                    .when().post(path).then().statusCode(201).extract().jsonPath().getString("id");
        }
        String one = path + "/" + id;
        given().when().get(one).then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).when().get(one).then().statusCode(401);
        for (String role : List.of("supervisor", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(one).then().statusCode(403).contentType(PROBLEM);
        }
        for (String role : List.of("admin", "agent")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(one).then().statusCode(200);
        }
    }

    long postCount(Identity who) {
        return pool.preparedQuery("select post_count from social_identity where id = $1").execute(Tuple.of(who.id()))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    static PostIngested post(Identity who, String text, Visibility visibility, Instant at) {
        String externalId = "dm-" + UUID.randomUUID();
        return new PostIngested(UUID.randomUUID(), Channel.X, externalId, "x:dm-" + who.platformUserId(),
                new PostIngested.Author(who.platformUserId(), who.handle(), "Dana"), text, at, Instant.now(), null,
                visibility, false);
    }
}
