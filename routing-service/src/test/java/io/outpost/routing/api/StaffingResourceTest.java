package io.outpost.routing.api;

import static io.outpost.routing.RoutingFixtures.agentBody;
import static io.outpost.routing.RoutingFixtures.createAgent;
import static io.outpost.routing.RoutingFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The staffing endpoints. The known answer is the classic Erlang C example (checked in
 * {@code ErlangCTest} against exact arithmetic): 100 cases per 30 minutes, AHT 180 s, 80 % within
 * 20 s → A = 10 Erlangs, 14 agents, C = 0.174132, service level 0.888350, ASA 7.836 s; with 30 %
 * shrinkage ⌈14 / 0.7⌉ = 20 to schedule.
 */
@QuarkusTest
class StaffingResourceTest {

    static final String PROBLEM = AgentsResourceTest.PROBLEM;
    static final String INTERVAL = "/api/v1/staffing/interval";
    static final String DAY_PLAN = "/api/v1/staffing/day-plan";
    /** Decimals read as doubles (rest-assured's default is float), so figures compare to 1e-6. */
    static final RestAssuredConfig DOUBLES = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));

    static Map<String, Object> classicInterval(String team) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("arrivals", 100);
        body.put("intervalMinutes", 30);
        body.put("averageHandleTimeSeconds", 180);
        body.put("concurrency", 1);
        body.put("targetServiceLevel", 0.8);
        body.put("targetAnswerSeconds", 20);
        body.put("shrinkage", 0.3);
        if (team != null) {
            body.put("team", team);
        }
        return body;
    }

    static Map<String, Object> dayPlan(String team, List<Number> arrivals) {
        Map<String, Object> body = classicInterval(team);
        body.remove("arrivals");
        List<Map<String, Object>> intervals = new ArrayList<>();
        for (int i = 0; i < arrivals.size(); i++) {
            Map<String, Object> interval = new LinkedHashMap<>();
            interval.put("start", String.format("%02d:%02d", i / 2 % 24, i % 2 * 30));
            interval.put("arrivals", arrivals.get(i));
            intervals.add(interval);
        }
        body.put("intervals", intervals);
        return body;
    }

    static ValidatableResponse post(String path, Object body) {
        return given().config(DOUBLES).auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON)
                .body(body instanceof String s ? s : TestEvents.json(body))
                .when().post(path)
                .then().log().ifValidationFails();
    }

    @Test
    void oneIntervalGivesTheClassicAnswerAndTheGapToTheTeamOnlineNow() {
        String team = unique("staff-team");
        // Agents without channels: they take no case of any other test.
        for (String presence : List.of("available", "available", "busy", "away", "offline")) {
            Map<String, Object> agent = agentBody(unique("staff"), Map.of(), List.of(), Map.of(), presence);
            agent.put("team", team);
            createAgent(agent);
        }
        post(INTERVAL, classicInterval(team)).statusCode(200)
                .body("staffing.start", nullValue())
                .body("staffing.arrivals", closeTo(100.0, 1e-9))
                .body("staffing.trafficErlangs", closeTo(10.0, 1e-9))
                .body("staffing.agentsNeeded", is(14))
                .body("staffing.agentsToSchedule", is(20))
                .body("staffing.servers", is(14))
                .body("staffing.probabilityOfWaiting", closeTo(0.174132, 1e-6))
                .body("staffing.serviceLevel", closeTo(0.888350, 1e-6))
                .body("staffing.averageSpeedOfAnswerSeconds", closeTo(7.8359, 1e-4))
                .body("staffing.occupancy", closeTo(10.0 / 14, 1e-9))
                .body("online.team", equalTo(team))
                .body("online.available", is(2))
                .body("online.busy", is(1))
                .body("online.away", is(1))
                .body("online.offline", is(1))
                .body("online.online", is(3))
                .body("staffing.gap", is(14 - 3));

        // Concurrency 2: each agent is two servers, so 7 agents (14 slots); a team nobody is in has 0 online.
        Map<String, Object> chat = classicInterval(unique("empty-team"));
        chat.put("concurrency", 2);
        chat.remove("shrinkage");
        post(INTERVAL, chat).statusCode(200)
                .body("staffing.agentsNeeded", is(7))
                .body("staffing.agentsToSchedule", is(7))
                .body("staffing.servers", is(14))
                .body("online.online", is(0))
                .body("staffing.gap", is(7));
    }

    @Test
    void withoutATeamAllAgentsAreCounted() {
        Map<String, Object> agent = agentBody(unique("anyteam"), Map.of(), List.of(), Map.of(), "busy");
        createAgent(agent);
        Response r = post(INTERVAL, classicInterval(null)).statusCode(200)
                .body("online.team", nullValue())
                .extract().response();
        int online = r.path("online.online");
        assertThat(online).isGreaterThanOrEqualTo(1);
        assertThat(r.<Integer>path("online.busy")).isGreaterThanOrEqualTo(1);
        assertThat(r.<Integer>path("staffing.gap")).isEqualTo(14 - online);
    }

    @Test
    void aDayPlanIsStaffedPerInterval() {
        String team = unique("plan-team");
        Map<String, Object> agent = agentBody(unique("planner"), Map.of(), List.of(), Map.of(), "available");
        agent.put("team", team);
        createAgent(agent);
        List<Number> arrivals = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            arrivals.add(i < 16 ? 0 : i == 20 ? 10_000 : 100);
        }
        Response r = post(DAY_PLAN, dayPlan(team, arrivals)).statusCode(200)
                .body("intervals", hasSize(48))
                .body("online.online", is(1))
                .body("intervals[0].start", equalTo("00:00"))
                .body("intervals[0].agentsNeeded", is(0))
                .body("intervals[0].agentsToSchedule", is(0))
                .body("intervals[0].serviceLevel", closeTo(1.0, 1e-12))
                .body("intervals[0].gap", is(-1))
                .body("intervals[17].start", equalTo("08:30"))
                .body("intervals[17].agentsNeeded", is(14))
                .body("intervals[17].agentsToSchedule", is(20))
                .body("intervals[17].serviceLevel", closeTo(0.888350, 1e-6))
                .body("intervals[17].gap", is(13))
                // 1000 Erlangs: 1011 agents, service level 0.813797 (ErlangCTest); ⌈1011 / 0.7⌉ = 1445.
                .body("intervals[20].agentsNeeded", is(1011))
                .body("intervals[20].agentsToSchedule", is(1445))
                .body("intervals[20].serviceLevel", closeTo(0.813797, 1e-6))
                .body("peakAgentsNeeded", is(1011))
                .body("peakAgentsToSchedule", is(1445))
                .extract().response();
        List<Integer> needed = r.path("intervals.agentsNeeded");
        assertThat(needed.subList(0, 16)).containsOnly(0);
        assertThat(needed.subList(16, 48)).containsOnly(14, 1011);
    }

    @Test
    void staffingIsForSupervisorsAndAdmins() {
        AgentsResourceTest.assertRoles(spec -> spec.contentType(ContentType.JSON).body(TestEvents.json(classicInterval(null)))
                .when().post(INTERVAL).then().extract().response(), List.of("supervisor", "admin"), List.of("agent", "integration"), 200);
        AgentsResourceTest.assertRoles(spec -> spec.contentType(ContentType.JSON)
                .body(TestEvents.json(dayPlan(null, List.of(100, 50)))).when().post(DAY_PLAN).then().extract().response(),
                List.of("supervisor", "admin"), List.of("agent", "integration"), 200);
    }

    @Test
    void badIntervalsAreRejectedWithProblemDetails() {
        rejected(INTERVAL, "{", null);
        rejected(INTERVAL, "{}", "arrivals").body("errors.field", hasItem("averageHandleTimeSeconds"))
                .body("errors.field", hasItem("targetServiceLevel")).body("errors.field", hasItem("targetAnswerSeconds"));
        rejected(INTERVAL, with(classicInterval(null), "arrivals", -1), "arrivals");
        rejected(INTERVAL, with(classicInterval(null), "arrivals", 1_000_001), "arrivals");
        rejected(INTERVAL, with(classicInterval(null), "arrivals", "many"), null).body("detail", containsString("many"));
        rejected(INTERVAL, with(classicInterval(null), "averageHandleTimeSeconds", 0), "averageHandleTimeSeconds");
        rejected(INTERVAL, with(classicInterval(null), "intervalMinutes", 0), "intervalMinutes");
        rejected(INTERVAL, with(classicInterval(null), "concurrency", 0), "concurrency");
        rejected(INTERVAL, with(classicInterval(null), "targetServiceLevel", 1), "targetServiceLevel");
        rejected(INTERVAL, with(classicInterval(null), "targetServiceLevel", 0), "targetServiceLevel");
        rejected(INTERVAL, with(classicInterval(null), "targetAnswerSeconds", -1), "targetAnswerSeconds");
        rejected(INTERVAL, with(classicInterval(null), "shrinkage", 1), "shrinkage");
        rejected(INTERVAL, with(classicInterval(null), "shrinkage", -0.1), "shrinkage");
        rejected(INTERVAL, with(classicInterval(null), "team", "t".repeat(129)), "team");
        // Valid fields, but a load beyond what the model computes: 10^6 cases a minute of a day each.
        Map<String, Object> absurd = with(classicInterval(null), "arrivals", 1_000_000);
        absurd.put("intervalMinutes", 1);
        absurd.put("averageHandleTimeSeconds", 86_400);
        rejected(INTERVAL, absurd, null).body("detail", containsString("Erlangs"));
        // A handle time that rounds to nothing is refused by the model, as a 400.
        rejected(INTERVAL, with(classicInterval(null), "averageHandleTimeSeconds", 1e-12), null)
                .body("detail", containsString("average handle time"));
    }

    @Test
    void badDayPlansAreRejectedWithProblemDetails() {
        rejected(DAY_PLAN, with(dayPlan(null, List.of(100)), "intervals", List.of()), "intervals");
        rejected(DAY_PLAN, with(dayPlan(null, List.of(100)), "intervals", null), "intervals");
        List<Number> tooMany = new ArrayList<>();
        for (int i = 0; i <= DayPlanRequest.MAX_INTERVALS; i++) {
            tooMany.add(1);
        }
        rejected(DAY_PLAN, dayPlan(null, tooMany), "intervals");
        rejected(DAY_PLAN, dayPlan(null, List.of(100, -5)), null).body("errors.field", hasItem(containsString("arrivals")));
        Map<String, Object> missingArrivals = dayPlan(null, List.of(100));
        missingArrivals.put("intervals", List.of(Map.of("start", "08:00")));
        rejected(DAY_PLAN, missingArrivals, null).body("errors.field", hasItem(containsString("arrivals")));
        rejected(DAY_PLAN, with(dayPlan(null, List.of(100)), "targetServiceLevel", 1.5), "targetServiceLevel");
        Map<String, Object> absurd = dayPlan(null, List.of(100, 1_000_000));
        absurd.put("intervalMinutes", 1);
        absurd.put("averageHandleTimeSeconds", 86_400);
        rejected(DAY_PLAN, absurd, null).body("detail", containsString("intervals[1]"));

        // The largest plan allowed is answered.
        List<Number> twoWeeks = new ArrayList<>();
        for (int i = 0; i < DayPlanRequest.MAX_INTERVALS; i++) {
            twoWeeks.add(i % 48 * 10);
        }
        post(DAY_PLAN, dayPlan(null, twoWeeks)).statusCode(200).body("intervals", hasSize(DayPlanRequest.MAX_INTERVALS));
    }

    private static ValidatableResponse rejected(String path, Object body, String field) {
        ValidatableResponse r = post(path, body).statusCode(400).contentType(PROBLEM).body("status", is(400));
        return field == null ? r : r.body("errors.field", hasItem(field));
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(field, value);
        return copy;
    }
}
