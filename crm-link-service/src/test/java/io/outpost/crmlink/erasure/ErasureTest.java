package io.outpost.crmlink.erasure;

import io.outpost.devstack.LocalTokens;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.crmlink.OwnerDatabase;
import io.outpost.crmlink.Posts;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Erasure here, the request to every service on outpost.identity, and their confirmations. */
@QuarkusTest
@SuppressWarnings("unchecked")
class ErasureTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PROBLEM = "application/problem+json";
    static final List<String> SERVICES = List.of("ingest-service", "case-service", "routing-service", "survey-service");

    @Inject
    Pool pool;

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
                .body(Map.of("givenName", "Dana", "familyName", "Krause", "emails", List.of(id + "@example.com")))
                .when().put("/api/v1/customers/" + id).then().statusCode(200);
        return id;
    }

    static void grantAndLink(Identity who, String customer) {
        Map<String, Object> evidence = Map.of("source", "channel-message", "messageId", Posts.unique("dm-"),
                "textVersion", "2026-11");
        given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON)
                .body(Map.of("decision", "grant", "evidence", evidence, "reason", "Dana said yes in a DM"))
                .when().put("/api/v1/subjects/" + who.id() + "/consents/identity-link").then().statusCode(200);
        link(who, customer, "confirmed");
    }

    static void link(Identity who, String customer, String status) {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("identityId", who.id().toString(), "customerId", customer, "status", status,
                        "note", "matched on email dana@example.com"))
                .when().post("/api/v1/links").then().statusCode(201);
    }

    static JsonPath erase(String subject) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("reason", "data subject request 2026-114"))
                .when().post("/api/v1/subjects/" + subject + "/erasure")
                .then().statusCode(202).extract().jsonPath();
    }

    static JsonPath status(String erasureId) {
        return given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/erasures/" + erasureId)
                .then().statusCode(200).extract().jsonPath();
    }

    long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    static void confirm(String erasureId, String service, int records) {
        TestEvents.publish(Topics.IDENTITY, erasureId, EventTypes.ERASURE_CONFIRMED,
                new ErasureConfirmed(UUID.fromString(erasureId), service, records, Instant.now()));
    }

    @Test
    void erasingAnIdentityErasesThePersonHereAsksEveryServiceAndCollectsConfirmations() {
        Identity dana = identity();
        Identity danaOnFacebook = identity();
        Identity someoneElse = identity();
        String customer = customer();
        grantAndLink(dana, customer);
        grantAndLink(danaOnFacebook, customer);
        link(someoneElse, customer, "suggested");

        JsonPath erasure = erase(dana.id().toString());
        String erasureId = erasure.getString("id");
        assertThat(erasure.getString("status")).isEqualTo("pending");
        assertThat(erasure.getString("subjectKind")).isEqualTo("identity");
        assertThat(erasure.getInt("local.identities")).isEqualTo(2);
        assertThat(erasure.getBoolean("local.customerErased")).isTrue();
        assertThat(erasure.getList("awaiting", String.class)).containsExactlyInAnyOrderElementsOf(SERVICES);

        // Gone here: the person's identities, the customer, consents, history, links (also the
        // suggestion that pointed at the customer); the other person's identity stays.
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/identities/" + dana.id()).then().statusCode(404);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/identities/" + danaOnFacebook.id()).then().statusCode(404);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/identities/" + someoneElse.id()).then().statusCode(200);
        assertThat(count("select count(*) from crm_customer where id = $1", customer)).isZero();
        assertThat(count("select count(*) from customer_blocking_key where customer_id = $1", customer)).isZero();
        assertThat(count("select count(*) from identity_link where customer_id = $1", customer)).isZero();
        assertThat(count("select count(*) from consent_event where subject_id = any($1)",
                (Object) new UUID[] { dana.id(), danaOnFacebook.id() })).isZero();

        // The audit log keeps the facts (who, when, which action) and loses the personal part.
        List<Map<String, Object>> entries = given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/audit?subject=" + dana.id()).then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(entries).extracting(e -> e.get("action")).containsExactlyInAnyOrder("consent.granted", "link.confirmed");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.get("evidence")).isEqualTo(Map.of("redacted", erasureId));
            assertThat(e.get("reason")).isNull();
        });
        List<Map<String, Object>> suggestion = given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/audit?subject=" + someoneElse.id()).then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(suggestion).singleElement().satisfies(e -> assertThat(e.get("evidence")).isEqualTo(Map.of("redacted", erasureId)));
        List<Map<String, Object>> record = given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/audit?action=erasure.requested&subject=" + erasureId).then().statusCode(200)
                .extract().jsonPath().getList("items");
        assertThat(record).singleElement().satisfies(e -> assertThat(e).containsEntry("actor", "test-admin"));
        assertThat(record.get(0).toString()).doesNotContain(dana.platformUserId()).doesNotContain(customer);

        List<ConsumerRecord<String, String>> requested = TestEvents.awaitContaining(Topics.IDENTITY, erasureId, WAIT).stream()
                .filter(r -> TestEvents.header(r, "ce_type").orElse("").equals(EventTypes.ERASURE_REQUESTED)).toList();
        assertThat(requested).hasSize(1);
        ContractCheck.assertConforms(requested.get(0));
        assertThat(requested.get(0).key()).isEqualTo(erasureId);
        ErasureRequested payload = TestEvents.payload(requested.get(0), ErasureRequested.class);
        assertThat(payload.customerId()).isEqualTo(customer);
        assertThat(payload.identities()).containsExactlyInAnyOrder(
                new ErasureRequested.Subject(Channel.X, dana.platformUserId()),
                new ErasureRequested.Subject(Channel.X, danaOnFacebook.platformUserId()));

        confirm(erasureId, "case-service", 3);
        confirm(erasureId, "case-service", 99); // a second confirmation of one service keeps the first
        confirm(erasureId, "ingest-service", 5);
        confirm(erasureId, "routing-service", 1);
        Poll.until("three confirmations", WAIT, () -> status(erasureId), s -> s.getList("confirmations").size() == 3);
        JsonPath partial = status(erasureId);
        assertThat(partial.getString("status")).isEqualTo("pending");
        assertThat(partial.getList("awaiting", String.class)).containsExactly("survey-service");

        confirm(erasureId, "survey-service", 0);
        JsonPath complete = Poll.until("complete", WAIT, () -> status(erasureId), s -> "complete".equals(s.getString("status")));
        assertThat(complete.getList("awaiting")).isEmpty();
        assertThat(complete.getList("services.state", String.class)).containsOnly("confirmed").hasSize(4);
        assertThat(complete.getList("services.confirmedAt")).doesNotContainNull();
        assertThat(complete.getString("completedAt")).isNotNull();
        Map<String, Integer> records = new HashMap<>();
        complete.getList("confirmations", Map.class).forEach(c -> records.put((String) c.get("service"),
                (Integer) c.get("recordsAffected")));
        assertThat(records).containsExactlyInAnyOrderEntriesOf(Map.of("case-service", 3, "ingest-service", 5,
                "routing-service", 1, "survey-service", 0));

        // The person is gone: asking again finds nobody.
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/subjects/" + dana.id() + "/erasure").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void erasingACustomerErasesItsConfirmedIdentities() {
        Identity dana = identity();
        String customer = customer();
        grantAndLink(dana, customer);
        JsonPath erasure = erase(customer);
        assertThat(erasure.getString("subjectKind")).isEqualTo("customer");
        assertThat(erasure.getInt("local.identities")).isEqualTo(1);
        assertThat(count("select count(*) from social_identity where id = $1", dana.id())).isZero();
        assertThat(count("select count(*) from crm_customer where id = $1", customer)).isZero();
        // A confirmation for an erasure we never asked for is skipped, not an error.
        confirm(UUID.randomUUID().toString(), "case-service", 1);
        confirm(erasure.getString("id"), "case-service", 1);
        Poll.until("confirmed", WAIT, () -> status(erasure.getString("id")), s -> s.getList("confirmations").size() == 1);
    }

    static String matchPerson(Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/match-candidates").then().statusCode(200).extract().jsonPath().getString("evaluationId");
    }

    static Map<String, Object> auditEntry(String subject, String action) {
        List<Map<String, Object>> items = given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/audit?subject=" + subject + "&action=" + action).then().statusCode(200)
                .extract().jsonPath().getList("items");
        assertThat(items).as("%s of %s", action, subject).hasSize(1);
        return items.get(0);
    }

    @Test
    void erasureRedactsTheMatchDecisionsAboutThePersonAndClearsTheProfile() {
        Identity dana = identity();
        pool.preparedQuery("update social_identity set profile_location = 'Leeds, UK', profile_followers_count = 42, "
                + "profile_seen_at = now() where id = $1").execute(Tuple.of(dana.id())).await().atMost(WAIT);
        String customer = customer();
        String other = customer();
        grantAndLink(dana, customer);
        // The identity matched (subject: the identity), the customer shown for a described person, and
        // an evaluation about someone else.
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/identities/" + dana.id() + "/match-candidates")
                .then().statusCode(200);
        String aboutCustomer = matchPerson(Map.of("emails", List.of(customer + "@example.com")));
        String aboutOther = matchPerson(Map.of("emails", List.of(other + "@example.com")));
        assertThat(auditEntry(aboutCustomer, "match.evaluated").get("evidence").toString()).contains(customer);

        String erasureId = erase(dana.id().toString()).getString("id");

        Map<String, Object> redacted = Map.of("redacted", erasureId);
        assertThat(auditEntry(dana.id().toString(), "match.evaluated")).satisfies(e -> {
            assertThat(e.get("evidence")).isEqualTo(redacted);
            assertThat(e).containsEntry("actor", "test-admin");
        });
        assertThat(auditEntry(aboutCustomer, "match.evaluated").get("evidence")).isEqualTo(redacted);
        assertThat(auditEntry(dana.id().toString(), "link.confirmed").get("evidence")).isEqualTo(redacted);
        assertThat(auditEntry(aboutOther, "match.evaluated").get("evidence").toString()).contains(other)
                .doesNotContain("redacted");
        // The profile lived on the identity's row, which is gone.
        assertThat(count("select count(*) from social_identity where id = $1", dana.id())).isZero();
        // The redactions kept the hash chain whole; the erasure's entry counts them.
        assertThat(auditEntry(erasureId, "erasure.requested").get("evidence").toString()).contains("auditEntriesRedacted");
        assertThat(given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/audit/verification").then().statusCode(200)
                .extract().jsonPath().getBoolean("ok")).isTrue();
    }

    @Test
    void redactionIsTheOnlyChangeTheAuditLogAllowsAndOnlyInsideAnErasure() {
        Identity dana = identity();
        grantAndLink(dana, customer());
        String subject = dana.id().toString();
        String redaction = "reason = null, evidence = jsonb_build_object('redacted', ?), content_salt = null";
        // The service's database role cannot update the log at all; it redacts through audit_entry_redact.
        assertThatThrownBy(() -> pool.preparedQuery("update audit_entry set reason = null, "
                + "evidence = jsonb_build_object('redacted', 'x') where subject = $1").execute(Tuple.of(subject))
                .await().atMost(WAIT)).hasMessageContaining("permission denied");
        // The owner, outside an erasure: refused by the trigger, as before.
        String outside = UUID.randomUUID().toString();
        assertThatThrownBy(() -> OwnerDatabase.update("update audit_entry set " + redaction + " where subject = ?", outside,
                subject)).hasMessageContaining("append-only");
        // Inside an erasure recorded by the same transaction, anything but the redaction is still refused.
        for (String change : List.of("action = 'consent.revoked'", "actor = 'mallory'",
                "reason = null, evidence = '{\"granted\": false}', content_salt = null",
                "reason = null, evidence = jsonb_build_object('redacted', ?), content_salt = null, hash = prev_hash",
                "reason = null, evidence = jsonb_build_object('redacted', ?)")) {
            assertThatThrownBy(() -> OwnerDatabase.inTransaction(c -> {
                String erasure = declareErasure(c);
                return change.contains("?") ? OwnerDatabase.update(c, "update audit_entry set " + change + " where subject = ?",
                        erasure, subject) : OwnerDatabase.update(c, "update audit_entry set " + change + " where subject = ?",
                        subject);
            })).as(change).hasMessageContaining("append-only");
        }
        assertThatThrownBy(() -> OwnerDatabase.inTransaction(c -> {
            declareErasure(c);
            return OwnerDatabase.update(c, "delete from audit_entry where subject = ?", subject);
        })).hasMessageContaining("append-only");
        assertThat(count("select count(*) from audit_entry where subject = $1 and evidence ->> 'redacted' is null", subject))
                .isEqualTo(2);
    }

    /** As ErasureStore does: the erasure recorded, then declared; returns its id. */
    static String declareErasure(java.sql.Connection c) throws java.sql.SQLException {
        String id = UUID.randomUUID().toString();
        OwnerDatabase.update(c, "insert into erasure_request (id, subject, subject_kind, requested_by, requested_at, "
                + "identities, customer_erased, records_affected) values (cast(? as uuid), 'x', 'customer', 'test', now(), 0, "
                + "false, 0)", id);
        OwnerDatabase.rows(c, "select set_config('outpost.audit_redaction', ?, true)", id);
        return id;
    }

    @Test
    void badInputIs4xxAndRolesAreChecked() {
        for (String id : List.of("a%20b", "x".repeat(101), "semi;colon")) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{}")
                    .when().post("/api/v1/subjects/" + id + "/erasure").then().statusCode(400).contentType(PROBLEM);
        }
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/subjects/" + UUID.randomUUID() + "/erasure").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{\"reason\": \"" + "r".repeat(1001) + "\"}")
                .when().post("/api/v1/subjects/" + customer() + "/erasure").then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/erasures/nope").then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/erasures/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(PROBLEM);

        String customer = customer();
        String erase = "/api/v1/subjects/" + customer + "/erasure";
        given().contentType(ContentType.JSON).body("{}").when().post(erase).then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).contentType(ContentType.JSON).body("{}")
                .when().post(erase).then().statusCode(401);
        for (String role : List.of("agent", "supervisor", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body("{}")
                    .when().post(erase).then().statusCode(403).contentType(PROBLEM);
        }
        assertThat(count("select count(*) from crm_customer where id = $1", customer)).isEqualTo(1);
        String erasureId = erase(customer).getString("id");
        String status = "/api/v1/erasures/" + erasureId;
        given().when().get(status).then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).when().get(status).then().statusCode(401);
        for (String role : List.of("agent", "supervisor", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(status).then().statusCode(403).contentType(PROBLEM);
        }
        given().auth().oauth2(TestTokens.admin()).when().get(status).then().statusCode(200);
    }
}
