package io.outpost.crmlink.api;

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
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Match decisions in the audit log: every evaluation (a person described in the request, a stored
 * identity) leaves one {@code match.evaluated} entry with attribute names, candidate ids, scores and
 * levels but no value; link decisions record the score and evidence they rested on.
 */
@QuarkusTest
@SuppressWarnings("unchecked")
class MatchDecisionAuditTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    /** A stored identity with a display name and a profile location, written directly: this is about auditing. */
    UUID identity(String displayName, String location) {
        UUID id = UUID.randomUUID();
        String user = Posts.unique("u");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        pool.preparedQuery("insert into social_identity (id, channel, platform_user_id, handle, display_name, first_seen_at, "
                + "last_seen_at, post_count, learned_at, profile_location, profile_seen_at) "
                + "values ($1, 'x', $2, $3, $4, $5, $5, 1, $5, $6, $5)")
                .execute(Tuple.from(new Object[] {id, user, "h" + user, displayName, now, location})).await().atMost(WAIT);
        return id;
    }

    static Map<String, Object> entry(String query) {
        List<Map<String, Object>> entries = ConsentLinkAuditTest.audit(query);
        assertThat(entries).as(query).hasSize(1);
        return entries.get(0);
    }

    @Test
    void anEvaluationLeavesExactlyOneEntryWithWhatWasAskedAndDecidedButNoValue() {
        String family = MatchCandidatesResourceTest.surname();
        String born = MatchCandidatesResourceTest.birthDate();
        String customer = Posts.unique("crm-");
        Map<String, Object> person = MatchCandidatesResourceTest.person("Dana", family, born, "4011");
        MatchCandidatesResourceTest.put(customer, person);

        JsonPath answer = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(person)
                .queryParam("reason", "checking who wrote DM 4711")
                .when().post("/api/v1/match-candidates").then().statusCode(200).extract().jsonPath();
        String evaluationId = answer.getString("evaluationId");
        assertThat(answer.<Map<String, Object>>getList("candidates")).first()
                .satisfies(c -> assertThat(c).containsEntry("customerId", customer));

        Map<String, Object> e = entry("subject=" + evaluationId);
        assertThat(e).containsEntry("id", evaluationId).containsEntry("action", "match.evaluated")
                .containsEntry("actor", "test-admin").containsEntry("reason", "checking who wrote DM 4711").containsKey("at");
        Map<String, Object> evidence = (Map<String, Object>) e.get("evidence");
        assertThat(evidence).containsEntry("request", "person").containsEntry("limit", 10).doesNotContainKey("identityId");
        assertThat(evidence.get("attributes")).isEqualTo(List.of("givenName", "familyName", "postcode", "dateOfBirth"));
        List<Map<String, Object>> candidates = (List<Map<String, Object>>) evidence.get("candidates");
        assertThat(candidates).first().satisfies(c -> assertThat(c).containsOnlyKeys("customerId", "score", "level")
                .containsEntry("customerId", customer).containsEntry("level", "CONFIRMABLE_WITH_CONSENT"));
        assertThat(((Number) candidates.get(0).get("score")).doubleValue())
                .isEqualTo(answer.getDouble("candidates[0].score"), org.assertj.core.data.Offset.offset(0.001));
        int scored = ((Number) evidence.get("scored")).intValue();
        assertThat(scored).isGreaterThanOrEqualTo(candidates.size());
        assertThat(((Number) evidence.get("belowSuggest")).intValue()).isEqualTo(scored - candidates.size());
        // Names, birth date and postcode were asked, but the log holds none of them.
        assertThat(e.toString()).doesNotContainIgnoringCase(family).doesNotContain(born).doesNotContain("4011");

        // Filterable by action; one evaluation, one entry.
        assertThat(ConsentLinkAuditTest.audit("action=match.evaluated&limit=200"))
                .filteredOn(x -> evaluationId.equals(x.get("id"))).hasSize(1);
    }

    @Test
    void anEvaluationWithNoCandidateIsRecordedToo() {
        JsonPath answer = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("emails", List.of(Posts.unique("nobody.") + "@example.org")))
                .when().post("/api/v1/match-candidates").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getList("candidates")).isEmpty();
        Map<String, Object> evidence = (Map<String, Object>) entry("subject=" + answer.getString("evaluationId")).get("evidence");
        assertThat(evidence).containsEntry("attributes", List.of("emails")).containsEntry("candidates", List.of())
                .containsEntry("scored", 0).containsEntry("belowSuggest", 0);
    }

    @Test
    void theEntryCannotBeChangedOrDeleted() {
        JsonPath answer = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("givenName", "Dana", "familyName", "Krause"))
                .when().post("/api/v1/match-candidates").then().statusCode(200).extract().jsonPath();
        UUID id = UUID.fromString(answer.getString("evaluationId"));
        for (String statement : List.of("update audit_entry set evidence = '{\"candidates\": []}' where id = $1",
                "update audit_entry set actor = 'mallory' where id = $1", "delete from audit_entry where id = $1")) {
            // Refused to the service's database role by its privileges, to the owner by the triggers.
            assertThatThrownBy(() -> pool.preparedQuery(statement).execute(Tuple.of(id)).await().atMost(WAIT))
                    .as(statement).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> OwnerDatabase.update(statement.replace("$1", "?"), id))
                    .as(statement).hasMessageContaining("append-only");
        }
        assertThat(entry("subject=" + id)).containsEntry("actor", "test-admin");
    }

    @Test
    void aStoredIdentitysEvaluationAndTheLinkDecisionsOnItRecordWhatTheyRestedOn() {
        String family = MatchCandidatesResourceTest.surname();
        String customer = Posts.unique("crm-");
        MatchCandidatesResourceTest.put(customer, Map.of("givenName", "Dana", "familyName", family, "locality", "Leeds",
                "region", "West Yorkshire"));
        UUID who = identity("Dana " + family, "Leeds, UK");

        JsonPath answer = given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/identities/" + who + "/match-candidates").then().statusCode(200).extract().jsonPath();
        String evaluationId = answer.getString("evaluationId");
        assertThat(answer.getString("candidates[0].customerId")).isEqualTo(customer);
        Map<String, Object> e = entry("subject=" + who + "&action=match.evaluated");
        assertThat(e).containsEntry("id", evaluationId).containsEntry("actor", "test-admin");
        Map<String, Object> evidence = (Map<String, Object>) e.get("evidence");
        assertThat(evidence).containsEntry("request", "identity").containsEntry("identityId", who.toString())
                .containsEntry("attributes", List.of("givenName", "familyName", "locality"))
                .containsEntry("sources", List.of("display-name", "profile"));
        assertThat((List<Map<String, Object>>) evidence.get("candidates")).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("customerId", customer).containsEntry("level", "SUGGEST"));
        assertThat(e.toString()).doesNotContainIgnoringCase(family).doesNotContainIgnoringCase("leeds");

        // The admin suggests the link, then rejects it: both decisions carry the score, the evidence per
        // attribute and the evaluation the admin saw.
        String suggested = ConsentLinkAuditTest.link(TestTokens.admin(), who, customer, "suggested").statusCode(201)
                .extract().jsonPath().getString("id");
        Map<String, Object> suggestion = (Map<String, Object>) entry("subject=" + who + "&action=link.suggested").get("evidence");
        assertBasis(suggestion, evaluationId, family);
        given().auth().oauth2(TestTokens.admin()).queryParam("reason", "another Dana: different town on the CRM record")
                .when().delete("/api/v1/links/" + suggested).then().statusCode(200);
        Map<String, Object> rejection = (Map<String, Object>) entry("subject=" + who + "&action=link.removed").get("evidence");
        assertThat(rejection).containsEntry("previousStatus", "suggested");
        assertBasis(rejection, evaluationId, family);

        // Confirmed after consent: the confirmation records its basis too.
        ConsentLinkAuditTest.consent(TestTokens.agent(), who, "identity-link", ConsentLinkAuditTest.grantBody()).statusCode(200);
        ConsentLinkAuditTest.link(TestTokens.admin(), who, customer, null).statusCode(201);
        Map<String, Object> confirmation = (Map<String, Object>) entry("subject=" + who + "&action=link.confirmed").get("evidence");
        assertBasis(confirmation, evaluationId, family);
    }

    static void assertBasis(Map<String, Object> evidence, String evaluationId, String family) {
        Map<String, Object> basis = (Map<String, Object>) evidence.get("match");
        assertThat(basis).as("match basis in %s", evidence).isNotNull()
                .containsEntry("level", "SUGGEST").containsEntry("evaluationId", evaluationId);
        assertThat(((Number) basis.get("score")).doubleValue()).isEqualTo(11.5);
        assertThat((List<Map<String, Object>>) basis.get("evidence")).extracting(a -> a.get("attribute"))
                .containsExactly("givenName", "familyName", "locality");
        assertThat((List<Map<String, Object>>) basis.get("evidence")).allSatisfy(a -> assertThat(a)
                .containsOnlyKeys("attribute", "similarity", "contribution"));
        assertThat(basis.toString()).doesNotContainIgnoringCase(family);
    }

    @Test
    void aTooLongReasonIsA400AndNothingIsRecorded() {
        UUID who = identity("Dana Krause", null);
        given().auth().oauth2(TestTokens.admin()).queryParam("reason", "r".repeat(1001))
                .when().get("/api/v1/identities/" + who + "/match-candidates")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("givenName", "Dana"))
                .queryParam("reason", "r".repeat(1001))
                .when().post("/api/v1/match-candidates").then().statusCode(400).contentType("application/problem+json");
        assertThat(ConsentLinkAuditTest.audit("subject=" + who)).isEmpty();
    }
}
