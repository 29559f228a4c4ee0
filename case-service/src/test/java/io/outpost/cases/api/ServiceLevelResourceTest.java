package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitDetail;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.patch;
import static io.outpost.cases.CaseFixtures.publish;
import static io.outpost.cases.CaseFixtures.reply;
import static io.outpost.cases.CaseFixtures.sql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.outpost.contracts.Channel;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service-level report on three known cases in a day of their own (1990, random), so that no
 * other test's case falls into the period. Responses (echoes of our posts) and resolutions go
 * through the real flow; the resolution times and due times are then set with SQL to known values
 * (the API stamps the wall clock, and the breach checker would otherwise mark 1990 targets missed).
 */
@QuarkusTest
class ServiceLevelResourceTest {

    private static final Instant FAR = Instant.parse("2999-01-01T00:00:00Z");

    @Test
    void figuresOfKnownCasesByChannelDayAndAgent() {
        Instant day = Instant.parse("1990-01-01T00:00:00Z").plus((long) (Math.random() * 3000), ChronoUnit.DAYS);
        Instant p = day.plusSeconds(3600);

        // c1: chat, answered after 60 s (one response), resolved after 1 h: first-contact resolution.
        String c1 = answered(Channel.CHAT, p, 60);
        resolve(c1, p.plusSeconds(3600), FAR);
        // c2: chat, answered after 300 s and again (two responses), resolved after 2 h, past its 1 h target.
        String c2 = answered(Channel.CHAT, p.plusSeconds(10), 300, 400);
        resolve(c2, p.plusSeconds(10 + 7200), p.plusSeconds(10 + 3600));
        // c3: email, not answered, within its targets: in the backlog, not decided.
        PostIngested waiting = customerPost(Channel.EMAIL, p.plusSeconds(20));
        publish(waiting);
        String c3 = awaitCaseOpenedBy(waiting);
        sql("update customer_case set first_response_due_at = ?, resolution_due_at = ?, next_response_due_at = null,"
                + " first_response_breached_at = null, resolution_breached_at = null, next_response_breached_at = null"
                + " where id = ?", ts(FAR), ts(FAR), UUID.fromString(c3));

        JsonPath byChannel = report(day, "channel");
        assertThat(byChannel.getString("groupBy")).isEqualTo("channel");
        JsonPath chat = new JsonPath(byChannel.prettify()).setRoot("groups.find { it.group == 'chat' }");
        assertThat(chat.getInt("cases")).isEqualTo(2);
        // First responses 60 and 300 s: p50 180, p90 60 + 0.9 * 240 = 276.
        assertThat(chat.getLong("firstResponse.p50Seconds")).isEqualTo(180);
        assertThat(chat.getLong("firstResponse.p90Seconds")).isEqualTo(276);
        assertThat(chat.getDouble("slaAttainmentPercent")).isEqualTo(50.0);
        // Resolutions 3600 and 7200 s: p50 5400, p90 3600 + 0.9 * 3600 = 6840.
        assertThat(chat.getLong("resolution.p50Seconds")).isEqualTo(5400);
        assertThat(chat.getLong("resolution.p90Seconds")).isEqualTo(6840);
        assertThat(chat.getDouble("firstContactResolutionPercent")).isEqualTo(50.0);
        JsonPath email = new JsonPath(byChannel.prettify()).setRoot("groups.find { it.group == 'email' }");
        assertThat(email.getInt("cases")).isEqualTo(1);
        assertThat(email.getString("firstResponse")).isNull();
        assertThat(email.getString("slaAttainmentPercent")).isNull();
        assertThat(email.getLong("backlog")).isGreaterThanOrEqualTo(1);
        assertThat(byChannel.getInt("total.cases")).isEqualTo(3);
        assertThat(byChannel.getDouble("total.slaAttainmentPercent")).isEqualTo(50.0);

        JsonPath byDay = report(day, "day");
        String dayName = day.toString().substring(0, 10);
        assertThat(byDay.getInt("groups.find { it.group == '" + dayName + "' }.cases")).isEqualTo(3);
        // The backlog by day counts open cases by the day they opened: only c3 opened that day and is open.
        assertThat(byDay.getLong("groups.find { it.group == '" + dayName + "' }.backlog")).isEqualTo(1);

        JsonPath byAgent = report(day, "agent");
        assertThat(byAgent.getInt("groups.find { it.group == 'unassigned' }.cases")).isEqualTo(3);
    }

    @Test
    void supervisorsAdminsAndIntegrationsReadAgentsDoNot() {
        String path = "/api/v1/metrics/service-level";
        given().when().get(path).then().statusCode(401);
        given().auth().oauth2(TestTokens.agent()).when().get(path).then().statusCode(403)
                .contentType("application/problem+json");
        for (String role : new String[] { "supervisor", "admin", "integration" }) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(path).then().statusCode(200)
                    .contentType("application/json");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "groupBy=week", "from=yesterday", "to=2026-13-01T00:00:00Z",
            "from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z" })
    void badParametersAreProblems(String query) {
        var request = given().auth().oauth2(TestTokens.supervisor());
        for (String kv : query.split("&")) {
            String[] parts = kv.split("=", 2);
            request.queryParam(parts[0], parts[1]);
        }
        request.when().get("/api/v1/metrics/service-level").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString(query.startsWith("groupBy")
                        ? "groupBy" : query.contains("&") ? "" : query.split("=")[0]));
    }

    /** A case opened at {@code at}, answered by echoes of our own posts after the given seconds. */
    private static String answered(Channel channel, Instant at, long... responsesAfter) {
        PostIngested post = customerPost(channel, at);
        publish(post);
        String caseId = awaitCaseOpenedBy(post);
        for (long after : responsesAfter) {
            publish(reply(post, at.plusSeconds(after), true));
        }
        awaitDetail(caseId, "responses in " + caseId, d -> d.getList("posts").size() == 1 + responsesAfter.length);
        return caseId;
    }

    /** Resolves through the API, then puts the resolution and its due time at known instants. */
    private static void resolve(String caseId, Instant resolvedAt, Instant resolutionDueAt) {
        patch(TestTokens.supervisor(), caseId, Map.of("status", "resolved"), 200);
        sql("update customer_case set resolved_at = ?, resolution_due_at = ?, first_response_due_at = ?,"
                + " next_response_due_at = null, first_response_breached_at = null, resolution_breached_at = null,"
                + " next_response_breached_at = null where id = ?", ts(resolvedAt), ts(resolutionDueAt), ts(FAR),
                UUID.fromString(caseId));
    }

    private static JsonPath report(Instant day, String groupBy) {
        return given().auth().oauth2(TestTokens.supervisor()).queryParam("from", day.toString())
                .queryParam("to", day.plusSeconds(86_400).toString()).queryParam("groupBy", groupBy)
                .when().get("/api/v1/metrics/service-level").then().statusCode(200).extract().jsonPath();
    }

    private static java.time.OffsetDateTime ts(Instant at) {
        return at.atOffset(java.time.ZoneOffset.UTC);
    }
}
