package io.outpost.crmlink.api;

import io.outpost.devstack.LocalTokens;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.outpost.crmlink.Posts;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@SuppressWarnings("unchecked")
class MatchCandidatesResourceTest {

    /** A name no other test uses, pronounceable enough for phonetic keys. */
    static String surname() {
        StringBuilder s = new StringBuilder("Vanden");
        String consonants = "bdfgklmnprstvz";
        String vowels = "aeiou";
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 4; i++) {
            s.append(consonants.charAt(r.nextInt(consonants.length()))).append(vowels.charAt(r.nextInt(vowels.length())));
        }
        return s.toString();
    }

    static String birthDate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("%d-%02d-%02d", 1920 + r.nextInt(80), 1 + r.nextInt(12), 1 + r.nextInt(28));
    }

    static Map<String, Object> person(String given, String family, String born, String postcode) {
        Map<String, Object> p = new HashMap<>();
        p.put("givenName", given);
        p.put("familyName", family);
        p.put("dateOfBirth", born);
        p.put("postcode", postcode);
        return p;
    }

    static void put(String id, Map<String, Object> body) {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/customers/" + id)
                .then().statusCode(200);
    }

    static List<Map<String, Object>> match(Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/match-candidates")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath().getList("candidates");
    }

    @Test
    void aTypoInTheSurnameStillFindsTheCustomerWithEvidencePerAttribute() {
        String id = Posts.unique("crm-");
        String family = surname();
        String born = birthDate();
        Map<String, Object> customer = person("Dana", family, born, "4011");
        customer.put("emails", List.of("dana@example.org"));
        customer.put("street", "Tullaroop Street");
        put(id, customer);

        String typo = family.substring(0, 7) + family.substring(8);
        List<Map<String, Object>> candidates = match(person("dana", typo, born, "4011"));
        assertThat(candidates).isNotEmpty();
        Map<String, Object> top = candidates.get(0);
        assertThat(top.get("customerId")).isEqualTo(id);
        assertThat(top.get("level")).isIn("SUGGEST", "CONFIRMABLE_WITH_CONSENT");
        assertThat(((Number) top.get("score")).doubleValue())
                .isGreaterThanOrEqualTo(io.outpost.crmlink.domain.MatchThresholds.SUGGEST);
        List<Map<String, Object>> evidence = (List<Map<String, Object>>) top.get("evidence");
        assertThat(evidence).extracting(e -> e.get("attribute"))
                .containsExactly("givenName", "familyName", "dateOfBirth", "postcode");
        assertThat(evidence.get(1)).containsEntry("queryValue", typo.toLowerCase())
                .containsEntry("candidateValue", family.toLowerCase());
        assertThat(evidence).allSatisfy(e -> assertThat(e).containsKeys("similarity", "contribution"));
    }

    @Test
    void swappedNamesFindTheCustomerAndAnotherBirthDateRanksLower() {
        String family = surname();
        String born = birthDate();
        String same = Posts.unique("crm-");
        String namesake = Posts.unique("crm-");
        put(same, person("Lachlan", family, born, "4814"));
        put(namesake, person("Lachlan", family, "1901-01-01", "4814"));

        List<Map<String, Object>> candidates = match(person(family, "Lachlan", born, "4814"));
        assertThat(candidates).extracting(c -> c.get("customerId")).first().isEqualTo(same);
        List<Map<String, Object>> evidence = (List<Map<String, Object>>) candidates.get(0).get("evidence");
        assertThat(evidence).extracting(e -> e.get("attribute")).contains("givenName~familyName");
        int namesakeRank = candidates.stream().map(c -> c.get("customerId")).toList().indexOf(namesake);
        assertThat(namesakeRank).isNotZero();
    }

    @Test
    void anExactEmailFindsTheCustomerAndReplacingTheCustomerReplacesIt() {
        String id = Posts.unique("crm-");
        String old = Posts.unique("old") + "@example.org";
        String now = Posts.unique("new") + "@example.org";
        put(id, Map.of("emails", List.of(old), "phones", List.of("+61 412 345 678")));
        assertThat(match(Map.of("emails", List.of(old.toUpperCase()))))
                .singleElement().satisfies(c -> assertThat(c.get("customerId")).isEqualTo(id));

        put(id, Map.of("emails", List.of(now)));
        assertThat(match(Map.of("emails", List.of(old)))).isEmpty();
        assertThat(match(Map.of("emails", List.of(now)))).extracting(c -> c.get("customerId")).containsExactly(id);
    }

    @Test
    void nobodySimilarGivesNoCandidates() {
        assertThat(match(person("Zebedee", surname(), "1900-02-03", "0999"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json", "{\"givenName\": ", "[]", "{}", "{\"givenName\": \"  \"}", "{\"dateOfBirth\": \"1990-13-45\"}",
        "{\"emails\": \"dana@example.org\", \"dateOfBirth\": 7}", "{\"emails\": [\"x@y.org\"], \"dateOfBirth\": \"yesterday\"}"
    })
    void badInputIsA400ProblemNeverA5xx(String body) {
        for (String[] call : new String[][] {{"POST", "/api/v1/match-candidates"}, {"PUT", "/api/v1/customers/c-1"}}) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                    .when().request(call[0], call[1])
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void tooLongValuesBadLimitsAndBadIdsAre400() {
        String longName = "a".repeat(PersonInput.MAX_TEXT + 1);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("givenName", longName))
                .when().post("/api/v1/match-candidates")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("givenName"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("phones", java.util.Collections.nCopies(PersonInput.MAX_VALUES + 1, "0412 345 678")))
                .when().put("/api/v1/customers/c-1")
                .then().statusCode(400).contentType("application/problem+json");
        for (String limit : List.of("0", "51", "ten", "-1")) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("givenName", "Dana"))
                    .when().post("/api/v1/match-candidates?limit=" + limit)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        for (String id : List.of("-leading-dash", "has%20blank", "x".repeat(PersonInput.MAX_CUSTOMER_ID + 1))) {
            given().urlEncodingEnabled(false).auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("givenName", "Dana"))
                    .when().put("/api/v1/customers/" + id)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .when().post("/api/v1/match-candidates")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyAdminsMayMatchOrWriteCustomers() {
        Map<String, Object> body = Map.of("givenName", "Dana", "familyName", "Krause");
        String id = Posts.unique("crm-");
        String[][] calls = {{"POST", "/api/v1/match-candidates"}, {"PUT", "/api/v1/customers/" + id}};
        for (String[] call : calls) {
            given().contentType(ContentType.JSON).body(body).when().request(call[0], call[1])
                    .then().statusCode(401).contentType("application/problem+json");
            given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).contentType(ContentType.JSON).body(body)
                    .when().request(call[0], call[1])
                    .then().statusCode(401);
            for (String role : List.of("agent", "supervisor", "integration")) {
                given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(body)
                        .when().request(call[0], call[1])
                        .then().statusCode(403).contentType("application/problem+json");
            }
            JsonPath ok = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                    .when().request(call[0], call[1])
                    .then().statusCode(200).extract().jsonPath();
            assertThat(ok.getMap("$")).isNotEmpty();
        }
    }
}
