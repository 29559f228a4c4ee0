package io.outpost.crmlink.api;

import io.outpost.devstack.LocalTokens;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.crmlink.OwnerDatabase;
import io.outpost.crmlink.Posts;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The audit log proves it was not changed (issue 16 §4): the hash chain verifies, a change or a
 * deletion made behind the service's back (as the database owner, triggers disabled) is named as
 * the first broken entry, the service's own database role cannot change the log, and the erasure
 * exception takes only an erasure recorded by the same transaction. Every tampering test puts the
 * row back exactly as it was, so the log is intact again for the tests after it.
 */
@QuarkusTest
class AuditVerificationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PROBLEM = "application/problem+json";
    static final String VERIFICATION = "/api/v1/audit/verification";

    @Inject
    Pool pool;

    UUID identity() {
        UUID id = UUID.randomUUID();
        String user = Posts.unique("u");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        pool.preparedQuery("insert into social_identity (id, channel, platform_user_id, handle, display_name, first_seen_at, "
                + "last_seen_at, post_count, learned_at) values ($1, 'x', $2, $3, 'Dana', $4, $4, 1, $4)")
                .execute(Tuple.of(id, user, "h" + user, now)).await().atMost(WAIT);
        return id;
    }

    /** Three audit entries about one identity (grant, revoke, grant of surveys consent); their ids in position order. */
    List<UUID> threeEntries() {
        UUID who = identity();
        for (String decision : List.of("grant", "revoke", "grant")) {
            Map<String, Object> evidence = decision.equals("revoke") ? Map.of("source", "admin-action", "note", "asked by phone")
                    : Map.of("source", "channel-message", "messageId", Posts.unique("dm-"), "textVersion", "2026-11");
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("decision", decision, "evidence", evidence, "reason", decision + " as asked"))
                    .when().put("/api/v1/subjects/" + who + "/consents/surveys").then().statusCode(200);
        }
        List<UUID> ids = new ArrayList<>();
        for (Map<String, Object> row : OwnerDatabase.rows("select id from audit_entry where subject = ? order by seq",
                who.toString())) {
            ids.add((UUID) row.get("id"));
        }
        assertThat(ids).hasSize(3);
        return ids;
    }

    static JsonPath verify(String query) {
        return given().auth().oauth2(TestTokens.admin()).when().get(VERIFICATION + query)
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    static long position(UUID entry) {
        return (Long) OwnerDatabase.rows("select seq from audit_entry where id = ?", entry).get(0).get("seq");
    }

    /** As the owner, with the audit log's triggers off for this one transaction. */
    static void behindTheServicesBack(OwnerDatabase.Work<?> change) {
        OwnerDatabase.inTransaction(c -> {
            OwnerDatabase.update(c, "alter table audit_entry disable trigger user");
            change.run(c);
            OwnerDatabase.update(c, "alter table audit_entry enable trigger user");
            return null;
        });
    }

    @Test
    void anIntactLogVerifiesAndItsHeadServesAsAnAnchor() {
        threeEntries();
        JsonPath result = verify("");
        assertThat(result.getBoolean("ok")).isTrue();
        assertThat(result.getMap("firstBroken")).isNull();
        long last = (Long) OwnerDatabase.rows("select max(seq) as last from audit_entry").get(0).get("last");
        assertThat(result.getLong("checked")).isGreaterThanOrEqualTo(3).isLessThanOrEqualTo(last);
        assertThat(result.getLong("head.position")).isEqualTo(result.getLong("checked"));
        String anchor = result.getString("head.anchor");
        assertThat(anchor).matches("\\d+:[0-9a-f]{64}").startsWith(result.getLong("head.position") + ":");

        threeEntries();
        assertThat(verify("?anchor=" + anchor).getBoolean("ok")).isTrue();
        // The anchor's position with another hash: not the log that was seen then.
        String forged = anchor.substring(0, anchor.indexOf(':') + 1) + "0".repeat(64);
        JsonPath mismatch = verify("?anchor=" + forged);
        assertThat(mismatch.getBoolean("ok")).isFalse();
        assertThat(mismatch.getString("firstBroken.problem")).isEqualTo("anchor-mismatch");
        assertThat(mismatch.getLong("firstBroken.position")).isEqualTo(result.getLong("head.position"));
        // An anchor beyond the end: entries were cut off.
        JsonPath cut = verify("?anchor=" + (last + 1_000_000) + ":" + "a".repeat(64));
        assertThat(cut.getString("firstBroken.problem")).isEqualTo("truncated");
    }

    @Test
    void concurrentAppendsStayOneChain() throws Exception {
        long before = (Long) OwnerDatabase.rows("select count(*) as n from audit_entry").get(0).get("n");
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = i;
                // Match evaluations append alone (one statement); consent decisions inside larger transactions.
                calls.add(clients.submit(() -> n % 3 == 0 ? threeEntries()
                        : given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                                .body(Map.of("givenName", "Dana", "familyName", "Concurrent" + n))
                                .when().post("/api/v1/match-candidates").then().statusCode(200)));
            }
            for (Future<?> call : calls) {
                call.get(2, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        Map<String, Object> positions = OwnerDatabase.rows("select count(*) as n, min(seq) as first, max(seq) as last "
                + "from audit_entry").get(0);
        assertThat((Long) positions.get("n")).isGreaterThanOrEqualTo(before + 50);
        assertThat(positions.get("first")).isEqualTo(1L);
        assertThat(positions.get("last")).as("positions without a gap").isEqualTo(positions.get("n"));
        JsonPath result = verify("");
        assertThat(result.getBoolean("ok")).isTrue();
        assertThat(result.getLong("checked")).isGreaterThanOrEqualTo(before + 50);
    }

    @Test
    void aRowChangedBehindTheServicesBackIsReportedAsTheFirstBrokenEntry() {
        List<UUID> ids = threeEntries();
        UUID changed = ids.get(1);
        Map<String, Object> original = OwnerDatabase.rows("select reason, actor from audit_entry where id = ?", changed).get(0);

        behindTheServicesBack(c -> OwnerDatabase.update(c, "update audit_entry set reason = 'nothing happened' where id = ?",
                changed));
        JsonPath content = verify("");
        assertThat(content.getBoolean("ok")).isFalse();
        assertThat(content.getString("firstBroken.id")).isEqualTo(changed.toString());
        assertThat(content.getLong("firstBroken.position")).isEqualTo(position(changed));
        assertThat(content.getString("firstBroken.problem")).isEqualTo("content-changed");
        assertThat(content.getString("firstBroken.detail")).contains("reason or evidence");
        assertThat(content.getLong("checked")).isEqualTo(position(changed));
        assertThat(content.getMap("head")).isNull();

        behindTheServicesBack(c -> OwnerDatabase.update(c,
                "update audit_entry set reason = ?, actor = 'someone-else' where id = ?", original.get("reason"), changed));
        JsonPath fact = verify("");
        assertThat(fact.getString("firstBroken.id")).isEqualTo(changed.toString());
        assertThat(fact.getString("firstBroken.problem")).isEqualTo("entry-changed");

        // Changed and sealed again with the database's own functions: the next entry's link breaks.
        behindTheServicesBack(c -> OwnerDatabase.update(c, """
                update audit_entry set reason = 'nothing happened', content_digest = audit_content_digest(content_salt,
                    'nothing happened', evidence)
                where id = ?""", changed));
        behindTheServicesBack(c -> OwnerDatabase.update(c, """
                update audit_entry set hash = audit_entry_hash(seq, id, at, actor, action, subject, content_digest, prev_hash)
                where id = ?""", changed));
        JsonPath resealed = verify("");
        assertThat(resealed.getLong("firstBroken.position")).isEqualTo(position(changed) + 1);
        assertThat(resealed.getString("firstBroken.problem")).isEqualTo("broken-link");

        // Put back as it was: intact again.
        behindTheServicesBack(c -> OwnerDatabase.update(c, """
                update audit_entry set reason = ?, actor = ?, content_digest = audit_content_digest(content_salt, ?, evidence)
                where id = ?""", original.get("reason"), original.get("actor"), original.get("reason"), changed));
        behindTheServicesBack(c -> OwnerDatabase.update(c, """
                update audit_entry set hash = audit_entry_hash(seq, id, at, actor, action, subject, content_digest, prev_hash)
                where id = ?""", changed));
        assertThat(verify("").getBoolean("ok")).isTrue();
    }

    @Test
    void aDeletedRowIsReported() {
        List<UUID> ids = threeEntries();
        UUID deleted = ids.get(1);
        long position = position(deleted);
        Map<String, Object> row = OwnerDatabase.rows("select id, cast(at as text) as at, actor, action, subject, reason, "
                + "cast(evidence as text) as evidence, seq, content_salt, content_digest, prev_hash, hash from audit_entry "
                + "where id = ?", deleted).get(0);

        behindTheServicesBack(c -> OwnerDatabase.update(c, "delete from audit_entry where id = ?", deleted));
        JsonPath result = verify("");
        assertThat(result.getBoolean("ok")).isFalse();
        assertThat(result.getLong("firstBroken.position")).isEqualTo(position + 1);
        assertThat(result.getString("firstBroken.problem")).isEqualTo("missing-entries");
        assertThat(result.getString("firstBroken.detail")).contains("position " + position + " is missing");

        behindTheServicesBack(c -> OwnerDatabase.update(c, """
                insert into audit_entry (id, at, actor, action, subject, reason, evidence, seq, content_salt, content_digest,
                    prev_hash, hash)
                values (?, cast(? as timestamptz), ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?)""", row.get("id"), row.get("at"),
                row.get("actor"), row.get("action"), row.get("subject"), row.get("reason"), row.get("evidence"), row.get("seq"),
                row.get("content_salt"), row.get("content_digest"), row.get("prev_hash"), row.get("hash")));
        assertThat(verify("").getBoolean("ok")).isTrue();
    }

    @Test
    void theServicesDatabaseRoleCanOnlyInsertAndReadTheAuditLog() {
        UUID entry = threeEntries().get(0);
        String role = pool.query("select current_user").execute().await().atMost(WAIT).iterator().next().getString(0);
        assertThat(role).isEqualTo("outpost_crm_link_app");
        for (String statement : List.of("update audit_entry set reason = 'rewritten' where id = $1",
                "delete from audit_entry where id = $1")) {
            assertThatThrownBy(() -> pool.preparedQuery(statement).execute(Tuple.of(entry)).await().atMost(WAIT))
                    .as(statement).hasMessageContaining("permission denied");
        }
        for (String statement : List.of("truncate audit_entry", "alter table audit_entry disable trigger user",
                "drop trigger audit_entry_no_update_or_delete on audit_entry", "drop trigger audit_entry_chain on audit_entry",
                "alter table audit_entry drop column hash")) {
            assertThatThrownBy(() -> pool.query(statement).execute().await().atMost(WAIT)).as(statement)
                    .hasMessageMatching("(?s).*(permission denied|must be owner).*");
        }
        // The other tables are the service's to change; the migrations' history is not.
        var privileges = pool.query("select has_table_privilege('consent', 'UPDATE') and has_table_privilege('consent', 'DELETE') "
                + "as other_tables, has_table_privilege('audit_entry', 'INSERT') and has_table_privilege('audit_entry', 'SELECT') "
                + "as audit_log, has_table_privilege('flyway_schema_history', 'SELECT') as history")
                .execute().await().atMost(WAIT).iterator().next();
        assertThat(privileges.getBoolean("other_tables")).isTrue();
        assertThat(privileges.getBoolean("audit_log")).isTrue();
        assertThat(privileges.getBoolean("history")).isFalse();
        assertThat(verify("").getBoolean("ok")).isTrue();
    }

    @Test
    void theErasureExceptionTakesOnlyAnErasureRecordedByTheSameTransaction() throws SQLException {
        UUID entry = threeEntries().get(0);
        String redact = "update audit_entry set reason = null, evidence = jsonb_build_object('redacted', ?), content_salt = null "
                + "where id = ?";
        String unknown = UUID.randomUUID().toString();
        // The owner, declaring an erasure that does not exist.
        assertThatThrownBy(() -> OwnerDatabase.inTransaction(c -> {
            OwnerDatabase.rows(c, "select set_config('outpost.audit_redaction', ?, true)", unknown);
            return OwnerDatabase.update(c, redact, unknown, entry);
        })).hasMessageContaining("append-only");
        // ... or one recorded earlier by another transaction.
        String earlier = UUID.randomUUID().toString();
        insertErasure(earlier);
        assertThatThrownBy(() -> OwnerDatabase.inTransaction(c -> {
            OwnerDatabase.rows(c, "select set_config('outpost.audit_redaction', ?, true)", earlier);
            return OwnerDatabase.update(c, redact, earlier, entry);
        })).hasMessageContaining("append-only");
        // The service's role through the redaction function, for an unknown erasure.
        assertThatThrownBy(() -> pool.withTransaction(c -> c.preparedQuery("select audit_entry_redact($1, array[$2], null)")
                .execute(Tuple.of(UUID.fromString(unknown), entry.toString()))).await().atMost(WAIT))
                .hasMessageContaining("no erasure " + unknown + " recorded in this transaction");
        // Recorded in the same transaction, the redaction passes (rolled back: no erasure entry follows it).
        try (Connection c = OwnerDatabase.connect()) {
            c.setAutoCommit(false);
            String now = UUID.randomUUID().toString();
            insertErasure(c, now);
            OwnerDatabase.rows(c, "select set_config('outpost.audit_redaction', ?, true)", now);
            assertThat(OwnerDatabase.update(c, redact, now, entry)).isEqualTo(1);
            c.rollback();
        }
        assertThat(OwnerDatabase.rows("select reason from audit_entry where id = ?", entry).get(0).get("reason")).isNotNull();
        assertThat(verify("").getBoolean("ok")).isTrue();
    }

    static void insertErasure(String id) {
        OwnerDatabase.inTransaction(c -> {
            insertErasure(c, id);
            return null;
        });
    }

    static void insertErasure(Connection c, String id) throws SQLException {
        OwnerDatabase.update(c, "insert into erasure_request (id, subject, subject_kind, requested_by, requested_at, identities, "
                + "customer_erased, records_affected) values (cast(? as uuid), 'nobody', 'customer', 'test', now(), 0, false, 0)",
                id);
    }

    @Test
    void anErasureKeepsTheLogVerifiable() {
        UUID who = identity();
        given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON)
                .body(Map.of("decision", "grant", "evidence", Map.of("source", "channel-message", "messageId",
                        Posts.unique("dm-"), "textVersion", "2026-11"), "reason", "Dana said yes"))
                .when().put("/api/v1/subjects/" + who + "/consents/surveys").then().statusCode(200);
        String erasure = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/subjects/" + who + "/erasure").then().statusCode(202).extract().jsonPath().getString("id");
        Map<String, Object> redacted = OwnerDatabase.rows("select evidence::text as evidence, content_salt from audit_entry "
                + "where subject = ?", who.toString()).get(0);
        assertThat(redacted.get("evidence").toString()).contains(erasure);
        assertThat(redacted.get("content_salt")).isNull();
        assertThat(OwnerDatabase.rows("select evidence ->> 'auditEntriesRedacted' as n from audit_entry where subject = ?",
                erasure).get(0).get("n")).isEqualTo("1");
        assertThat(verify("").getBoolean("ok")).isTrue();
    }

    @Test
    void onlyAdminsVerifyAndABadAnchorIsA400() {
        given().when().get(VERIFICATION).then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).when().get(VERIFICATION).then().statusCode(401);
        for (String role : List.of("agent", "supervisor", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(VERIFICATION).then().statusCode(403).contentType(PROBLEM);
        }
        given().auth().oauth2(TestTokens.admin()).when().get(VERIFICATION).then().statusCode(200);
        for (String anchor : List.of("x", "12", "0:" + "a".repeat(64), "3:" + "z".repeat(64), "3:abc",
                "99999999999999999999:" + "a".repeat(64))) {
            given().auth().oauth2(TestTokens.admin()).queryParam("anchor", anchor).when().get(VERIFICATION)
                    .then().statusCode(400).contentType(PROBLEM);
        }
        for (String method : List.of("PUT", "PATCH", "DELETE", "POST")) {
            int status = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{}")
                    .when().request(method, VERIFICATION).then().extract().statusCode();
            assertThat(status).as(method).isIn(404, 405);
        }
    }
}
