package io.outpost.survey.api;

import io.outpost.devstack.LocalTokens;
import static io.outpost.survey.flow.SurveyFixtures.awaitInvitation;
import static io.outpost.survey.flow.SurveyFixtures.awaitState;
import static io.outpost.survey.flow.SurveyFixtures.due;
import static io.outpost.survey.flow.SurveyFixtures.publish;
import static io.outpost.survey.flow.SurveyFixtures.token;
import static io.outpost.survey.flow.SurveyFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.outpost.contracts.Channel;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The report endpoint on surveys really sent and answered, and the decisions list; roles and bad input for both. */
@QuarkusTest
class SurveyReportsResourceTest {

    static final String REPORTS = "/api/v1/survey-reports";
    static final String SURVEYS = "/api/v1/surveys";

    @Test
    void aTeamsNpsResponseRateAndSentimentSplitComeFromItsSurveys() {
        String team = unique("team-");
        // Three customers of one team: a promoter, a detractor, and one who does not answer.
        List<CaseResolved> cases = List.of(due(Channel.X, unique("x-"), "en", team), due(Channel.X, unique("x-"), "en", team),
                due(Channel.X, unique("x-"), "en", team));
        cases.forEach(c -> publish(c));
        answer(cases.get(0), 10);
        answer(cases.get(1), 6);
        awaitState(cases.get(2).caseId(), "sent");

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        JsonPath report = given().auth().oauth2(TestTokens.supervisor())
                .queryParam("from", today).queryParam("to", tomorrow)
                .when().get(REPORTS)
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        Map<String, Object> row = report.getMap("rows.find { it.dimension == 'team' && it.group == '" + team + "' }");
        assertThat(row).containsEntry("sent", 3).containsEntry("answered", 2);
        assertThat((Float) row.get("responseRatePercent")).isCloseTo(66.67f, org.assertj.core.data.Offset.offset(0.01f));
        // 10 and 6: one promoter, one detractor of two -> NPS 0; the interval is clipped to [-100, 100].
        assertThat(report.getMap("rows.find { it.dimension == 'team' && it.group == '" + team + "' }.nps"))
                .containsEntry("n", 2).containsEntry("promoters", 1).containsEntry("detractors", 1)
                .containsEntry("score", 0.0f).containsEntry("ciLow", -100.0f).containsEntry("ciHigh", 100.0f);
        assertThat(report.getList("rows.dimension")).contains("all", "agent", "team", "channel", "week", "opening_sentiment");
        assertThat(report.getList("rows.findAll { it.dimension == 'opening_sentiment' }.group")).contains("negative");

        String csvLine = "team," + team + ",3,2,66.7,2,1,0,1,0.0,-100.0,100.0,,,,,,";
        String byAccept = given().auth().oauth2(TestTokens.admin()).accept("text/csv")
                .queryParam("from", today).queryParam("to", tomorrow)
                .when().get(REPORTS).then().statusCode(200).contentType("text/csv").extract().asString();
        String byFormat = given().auth().oauth2(TestTokens.admin())
                .queryParam("from", today).queryParam("to", tomorrow).queryParam("format", "csv")
                .when().get(REPORTS).then().statusCode(200).contentType("text/csv").extract().asString();
        assertThat(byAccept.split("\r\n")).contains(csvLine);
        assertThat(byAccept.split("\r\n")[0]).startsWith("dimension,group,sent,answered,response_rate_pct,");
        assertThat(byFormat).isEqualTo(byAccept);
    }

    static void answer(CaseResolved c, int score) {
        given().formParam("score", String.valueOf(score)).when().post("/s/" + token(awaitInvitation(c.caseId())))
                .then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "?from=yesterday", "?to=2026-13-01", "?from=2026-11-02&to=2026-11-01",
            "?from=2026-11-01&to=2026-11-01", "?from=2025-01-01&to=2026-11-01", "?format=xml" })
    void badReportParametersAre400(String query) {
        given().urlEncodingEnabled(false).auth().oauth2(TestTokens.supervisor())
                .when().get(REPORTS + query)
                .then().statusCode(400).contentType("application/problem+json").body("status", is(400));
    }

    @ParameterizedTest
    @ValueSource(strings = { "?caseId=nope", "?state=pending", "?limit=0", "?limit=201", "?cursor=not-a-cursor" })
    void badListParametersAre400(String query) {
        given().urlEncodingEnabled(false).auth().oauth2(TestTokens.admin())
                .when().get(SURVEYS + query)
                .then().statusCode(400).contentType("application/problem+json").body("status", is(400));
    }

    @ParameterizedTest
    @ValueSource(strings = { REPORTS, SURVEYS, "/api/v1/survey-policy", "/api/v1/survey-candidates" })
    void supervisorsAndAdminsOnly(String path) {
        given().when().get(path).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).when().get(path).then().statusCode(401);
        for (String role : List.of("agent", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(path)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        for (String role : List.of("supervisor", "admin")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(path).then().statusCode(200);
        }
    }

    @Test
    void theDecisionsListPagesAndFilters() {
        List<CaseResolved> cases = List.of(due(Channel.FORUM, unique("f-"), "en", "care"),
                due(Channel.FORUM, unique("f-"), "en", "care"), due(Channel.FORUM, unique("f-"), "en", "care"));
        cases.forEach(c -> publish(c));
        cases.forEach(c -> awaitState(c.caseId(), "sent"));

        List<String> seen = new java.util.ArrayList<>();
        JsonPath page = given().auth().oauth2(TestTokens.admin()).queryParam("state", "sent").queryParam("limit", 2)
                .when().get(SURVEYS).then().statusCode(200).extract().jsonPath();
        seen.addAll(page.getList("items.caseId"));
        assertThat(page.getList("items.state")).containsOnly("sent");
        while (page.getString("nextCursor") != null) {
            page = given().auth().oauth2(TestTokens.admin()).queryParam("state", "sent").queryParam("limit", 2)
                    .queryParam("cursor", page.getString("nextCursor"))
                    .when().get(SURVEYS).then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.caseId"));
        }
        assertThat(seen).doesNotHaveDuplicates()
                .contains(cases.get(0).caseId().toString(), cases.get(1).caseId().toString(), cases.get(2).caseId().toString());
    }
}
