package io.outpost.crmlink.erasure;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.devstack.Poll;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The confirmation deadline (24 h by default): an erasure whose request is moved back past it (the
 * same as a tiny deadline, without a second application start for a test profile) shows a service
 * that has not confirmed as overdue, on the erasure and on the overdue gauges (recounted every
 * second in tests); its confirmation, late, clears both.
 */
@QuarkusTest
@SuppressWarnings("unchecked")
class ErasureDeadlineTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @ConfigProperty(name = "outpost.crm-link.erasure.confirmation-deadline")
    Duration deadline;

    /** Moves the erasure's request back by the deadline and a minute: its confirmations are now due. */
    void pastTheDeadline(String erasureId) {
        pool.preparedQuery("update erasure_request set requested_at = requested_at - make_interval(secs => $2) where id = $1")
                .execute(Tuple.of(UUID.fromString(erasureId), (double) deadline.plusMinutes(1).toSeconds()))
                .await().atMost(WAIT);
    }

    /** The value of a gauge on /q/metrics, e.g. {@code outpost_erasure_confirmations_overdue} with {@code service="x"}. */
    static long gauge(String name, String tag) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Pattern line = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$");
        Matcher m = line.matcher(metrics);
        while (m.find()) {
            if (tag == null || (m.group(1) != null && m.group(1).contains(tag))) {
                return (long) Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no " + name + (tag == null ? "" : " " + tag) + " on /q/metrics");
    }

    static long overdue(String service) {
        return gauge("outpost_erasure_confirmations_overdue", "service=\"" + service + "\"");
    }

    /** A gauge's value once two reads a probe apart agree (the first probe may not have run yet). */
    static long settled(java.util.function.LongSupplier read) {
        long last = read.getAsLong();
        for (int i = 0; i < 20; i++) {
            try {
                Thread.sleep(1_200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            long now = read.getAsLong();
            if (now == last) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the gauge did not settle");
    }

    static Map<String, Object> service(JsonPath erasure, String name) {
        List<Map<String, Object>> services = erasure.getList("services");
        return services.stream().filter(s -> name.equals(s.get("service"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + services));
    }

    @Test
    void aMissingConfirmationIsOverduePastTheDeadlineAndALateOneClearsIt() {
        JsonPath requested = ErasureTest.erase(ErasureTest.customer());
        String erasureId = requested.getString("id");
        // Just requested: every service pending, due a deadline after the request.
        assertThat(requested.getString("status")).isEqualTo("pending");
        assertThat(Instant.parse(requested.getString("confirmationsDueBy")))
                .isEqualTo(Instant.parse(requested.getString("requestedAt")).plus(deadline));
        assertThat(requested.getList("services.state", String.class)).containsOnly("pending").hasSize(4);
        assertThat(requested.getList("overdue")).isEmpty();

        ErasureTest.confirm(erasureId, "ingest-service", 2);
        ErasureTest.confirm(erasureId, "case-service", 3);
        ErasureTest.confirm(erasureId, "routing-service", 1);
        JsonPath partial = Poll.until("three confirmations", WAIT, () -> ErasureTest.status(erasureId),
                s -> s.getList("confirmations").size() == 3);
        // Within the deadline, the missing one is pending, not overdue.
        assertThat(partial.getString("status")).isEqualTo("pending");
        assertThat(service(partial, "survey-service")).containsEntry("state", "pending");

        // Nothing else in this database crosses the deadline during the test: the gauge moves by this erasure only.
        long before = settled(() -> overdue("survey-service"));
        long erasuresBefore = settled(() -> gauge("outpost_erasures_overdue", null));
        long ingestBefore = settled(() -> overdue("ingest-service"));
        pastTheDeadline(erasureId);

        // survey-service never confirmed: overdue; the others confirmed, with their time.
        JsonPath late = ErasureTest.status(erasureId);
        assertThat(late.getString("status")).isEqualTo("overdue");
        assertThat(late.getList("overdue", String.class)).containsExactly("survey-service");
        assertThat(late.getList("awaiting", String.class)).containsExactly("survey-service");
        assertThat(service(late, "survey-service")).containsEntry("state", "overdue").doesNotContainKey("confirmedAt");
        for (String confirmed : List.of("ingest-service", "case-service", "routing-service")) {
            assertThat(service(late, confirmed)).containsEntry("state", "confirmed").containsKey("confirmedAt");
        }
        assertThat(late.getString("completedAt")).isNull();
        Poll.until("survey-service overdue on the gauge", WAIT, () -> overdue("survey-service"), n -> n == before + 1);
        Poll.until("one more erasure overdue", WAIT, () -> gauge("outpost_erasures_overdue", null), n -> n == erasuresBefore + 1);
        assertThat(overdue("ingest-service")).as("a service that confirmed is not overdue").isEqualTo(ingestBefore);

        // The confirmation arrives late: the erasure is complete, the late one marked, and the gauge drops back.
        ErasureTest.confirm(erasureId, "survey-service", 0);
        JsonPath complete = Poll.until("complete", WAIT, () -> ErasureTest.status(erasureId),
                s -> "complete".equals(s.getString("status")));
        assertThat(complete.getList("overdue")).isEmpty();
        assertThat(complete.getList("awaiting")).isEmpty();
        assertThat(complete.getList("services.state", String.class)).containsOnly("confirmed").hasSize(4);
        assertThat(service(complete, "survey-service")).containsEntry("late", true).containsKey("confirmedAt");
        assertThat(complete.getString("completedAt")).isNotNull();
        Poll.until("survey-service no longer overdue on the gauge", WAIT, () -> overdue("survey-service"), n -> n == before);
        Poll.until("the erasure no longer overdue", WAIT, () -> gauge("outpost_erasures_overdue", null), n -> n == erasuresBefore);
    }

    @Test
    void badInputStaysAProblem() {
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/erasures/not-a-uuid").then().statusCode(400)
                .contentType(ErasureTest.PROBLEM);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/erasures/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(ErasureTest.PROBLEM);
        given().auth().oauth2(TestTokens.agent()).when().get("/api/v1/erasures/" + UUID.randomUUID()).then().statusCode(403);
    }
}
