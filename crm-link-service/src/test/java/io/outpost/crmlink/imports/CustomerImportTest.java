package io.outpost.crmlink.imports;

import io.outpost.devstack.LocalTokens;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.crmlink.Posts;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Bulk customer import against the real database: progress, rejections, resumption, roles. */
@QuarkusTest
@SuppressWarnings("unchecked")
class CustomerImportTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String PROBLEM = "application/problem+json";

    @Inject
    Pool pool;

    @Inject
    CustomerImporter importer;

    static String upload(String contentType, String body, int status) {
        return given().auth().oauth2(TestTokens.integration()).contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8)).when().post("/api/v1/customer-imports")
                .then().statusCode(status).extract().asString();
    }

    static JsonPath job(String id) {
        return given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/customer-imports/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    static JsonPath finished(String id) {
        return Poll.until("import " + id + " finished", WAIT, () -> job(id),
                j -> List.of("completed", "failed").contains(j.getString("status")));
    }

    boolean stored(String customerId) {
        return pool.preparedQuery("select count(*) from crm_customer where id = $1").execute(Tuple.of(customerId))
                .await().atMost(WAIT).iterator().next().getLong(0) == 1;
    }

    @Test
    void aCsvImportCountsAcceptedAndRejectedLinesWithTheirNumbersAndReasons() {
        String p = Posts.unique("imp");
        String csv = "id,givenName,familyName,emails,phones,street,postcode,dateOfBirth\n"
                + p + "-1,Dana,Krause," + p + "-dana@example.com,+44 7700 900123,\"12 Long Road\nFlat 3\",2000,1984-02-29\n"
                + p + "-2,Jo,Kim,,,,,\n"
                + "bad id!,Al,Bo,,,,,\n"
                + p + "-4,,,,,,,\n"
                + p + "-5,Ann,Lee,,,,,31.12.1990\n"
                + p + "-6,Bea,Ray,bea@example.com;b.ray@example.com,,,,\n"
                + p + "-7,Cy,Fox,,,,3000,\n";
        String id = JsonPath.from(upload("text/csv", csv, 202)).getString("id");
        JsonPath done = finished(id);
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getLong("linesRead")).isEqualTo(7);
        assertThat(done.getLong("accepted")).isEqualTo(4);
        assertThat(done.getLong("rejected")).isEqualTo(3);
        List<Map<String, Object>> rejections = done.getList("rejections");
        assertThat(rejections).extracting(r -> ((Number) r.get("line")).longValue()).containsExactly(5L, 6L, 7L);
        assertThat((String) rejections.get(0).get("reason")).contains("customer id");
        assertThat((String) rejections.get(1).get("reason")).contains("no attribute is known");
        assertThat((String) rejections.get(2).get("reason")).contains("dateOfBirth");
        assertThat(List.of(p + "-1", p + "-2", p + "-6", p + "-7")).allMatch(this::stored);
        assertThat(stored(p + "-4")).isFalse();

        // The imported customer is matchable at once (its blocking keys were written with it). An e-mail of this test's
        // own: other tests' Dana Krauses share the service's database, and only the best candidates are answered.
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body(Map.of("emails", List.of(p + "-dana@example.com"), "familyName", "Krause"))
                .when().post("/api/v1/match-candidates").then().statusCode(200)
                .body("candidates.customerId", org.hamcrest.Matchers.hasItem(p + "-1"));
    }

    @Test
    void anNdjsonImportRejectsBadLinesAndGoesOn() {
        String p = Posts.unique("nd");
        String ndjson = "{\"id\": \"" + p + "-1\", \"givenName\": \"Dana\"}\n"
                + "{not json}\n"
                + "\n"
                + "{\"id\": \"" + p + "-4\", \"familyName\": \"Krause\", \"emails\": [\"k@example.com\"]}\n";
        JsonPath done = finished(JsonPath.from(upload("application/x-ndjson", ndjson, 202)).getString("id"));
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getLong("linesRead")).isEqualTo(3);
        assertThat(done.getLong("accepted")).isEqualTo(2);
        assertThat(done.getList("rejections.line", Integer.class)).containsExactly(2);
        assertThat(stored(p + "-4")).isTrue();
    }

    @Test
    void aJobInterruptedMidFileResumesAfterItsLastCommittedBatchWithoutCountingTwice() throws IOException {
        String p = Posts.unique("res");
        UUID id = UUID.randomUUID();
        String csv = "id,givenName,familyName\n" + IntStream.rangeClosed(1, 7)
                .mapToObj(i -> p + "-" + i + ",Given" + i + ",Family" + i).collect(Collectors.joining("\n")) + "\n";
        Path file = importer.file(id);
        Files.createDirectories(file.getParent());
        Files.writeString(file, csv);
        // As a crash leaves it: running, the first batch (4 records) committed with its counters.
        pool.preparedQuery("insert into customer_import (id, format, status, lines_read, accepted, rejected, created_by, "
                + "created_at, started_at) values ($1, 'csv', 'running', 4, 4, 0, 'test-integration', $2, $2)")
                .execute(Tuple.of(id, OffsetDateTime.now(ZoneOffset.UTC))).await().atMost(WAIT);

        assertThat(importer.resumeUnfinished()).contains(id);
        JsonPath done = finished(id.toString());
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getLong("linesRead")).isEqualTo(7);
        assertThat(done.getLong("accepted")).isEqualTo(7);
        assertThat(List.of(p + "-5", p + "-6", p + "-7")).allMatch(this::stored);
        // The committed records were skipped, not imported again.
        assertThat(List.of(p + "-1", p + "-2", p + "-3", p + "-4")).noneMatch(this::stored);
        assertThat(Files.exists(file)).as("the upload is deleted once complete").isFalse();
    }

    @Test
    void badUploadsAre4xxAndCreateNoJob() {
        long before = jobs();
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{}")
                .when().post("/api/v1/customer-imports").then().statusCode(415);
        upload("text/csv", "", 400);
        upload("text/csv", "givenName,familyName\nDana,Krause\n", 400);
        upload("text/csv", "id,nickname\nc1,Dee\n", 400);
        upload("application/x-ndjson", "", 400);
        assertThat(jobs()).isEqualTo(before);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/customer-imports/nope").then().statusCode(400)
                .contentType(PROBLEM);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/customer-imports/" + UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void importsCheckRoles() {
        String csv = "id,givenName\n" + Posts.unique("role") + ",Dana\n";
        given().contentType("text/csv").body(csv).when().post("/api/v1/customer-imports").then().statusCode(401)
                .contentType(PROBLEM);
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).contentType("text/csv").body(csv)
                .when().post("/api/v1/customer-imports").then().statusCode(401);
        for (String role : List.of("agent", "supervisor")) {
            given().auth().oauth2(TestTokens.forRole(role)).contentType("text/csv").body(csv)
                    .when().post("/api/v1/customer-imports").then().statusCode(403).contentType(PROBLEM);
        }
        String id = null;
        for (String role : List.of("admin", "integration")) {
            id = given().auth().oauth2(TestTokens.forRole(role)).contentType("text/csv").body(csv)
                    .when().post("/api/v1/customer-imports").then().statusCode(202).extract().jsonPath().getString("id");
        }
        String path = "/api/v1/customer-imports/" + id;
        given().when().get(path).then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).when().get(path).then().statusCode(401);
        for (String role : List.of("agent", "supervisor")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(path).then().statusCode(403).contentType(PROBLEM);
        }
        for (String role : List.of("admin", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(path).then().statusCode(200);
        }
        finished(id);
    }

    long jobs() {
        return pool.query("select count(*) from customer_import").execute().await().atMost(WAIT).iterator().next().getLong(0);
    }
}
