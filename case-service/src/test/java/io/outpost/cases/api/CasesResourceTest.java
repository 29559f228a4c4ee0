package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitDetail;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.LocalTokens;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class CasesResourceTest {

    private static final String[] READ_ROLES = { "agent", "supervisor", "admin", "integration" };

    /** One case all tests of this class may read; opened on first use. */
    private static String someCase;

    private static synchronized String someCase() {
        if (someCase == null) {
            PostIngested post = customerPost(Channel.CHAT, CaseFixtures.T0);
            publish(post);
            someCase = awaitCaseOpenedBy(post);
        }
        return someCase;
    }

    @Test
    void everyReadRoleMayListAndGetCasesAndNobodyElse() {
        String caseId = someCase();
        for (String path : new String[] { "/api/v1/cases", "/api/v1/cases/" + caseId }) {
            given().when().get(path)
                    .then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer");
            given().auth().oauth2(LocalTokens.foreignToken("mallory", "supervisor")).when().get(path)
                    .then().statusCode(401).contentType("application/problem+json");
            given().auth().oauth2(TestTokens.forRole("customer")).when().get(path)
                    .then().statusCode(403).contentType("application/problem+json").body("status", is(403));
            for (String role : READ_ROLES) {
                given().auth().oauth2(TestTokens.forRole(role)).when().get(path)
                        .then().statusCode(200).contentType("application/json");
            }
        }
    }

    @Test
    void theListIsNewestFirstAndEveryCaseIsOnExactlyOnePage() {
        // Three cases at one platform instant (tie-break on id) and two around it, far in the past
        // so that other tests' cases do not interleave with them.
        Instant at = Instant.parse("2001-02-03T04:05:06.123456Z");
        List<PostIngested> posts = List.of(customerPost(Channel.X, at), customerPost(Channel.X, at),
                customerPost(Channel.X, at), customerPost(Channel.X, at.minusSeconds(1)),
                customerPost(Channel.X, at.plusSeconds(1)));
        posts.forEach(CaseFixtures::publish);
        List<String> mine = posts.stream().map(CaseFixtures::awaitCaseOpenedBy).toList();

        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(TestTokens.agent()).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/v1/cases").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            assertThat(items).hasSizeLessThanOrEqualTo(2);
            all.addAll(items);
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 1000);

        List<String> ids = all.stream().map(i -> (String) i.get("id")).toList();
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        assertThat(ids).containsAll(mine);
        Comparator<Map<String, Object>> newestFirst = Comparator
                .comparing((Map<String, Object> i) -> Instant.parse((String) i.get("openedAt")))
                // PostgreSQL orders uuids by unsigned bytes, which is the order of their lower-case text.
                .thenComparing(i -> (String) i.get("id"))
                .reversed();
        assertThat(all).isSortedAccordingTo(newestFirst);
        // The five in their expected places relative to each other.
        List<String> mineInListOrder = ids.stream().filter(mine::contains).toList();
        assertThat(mineInListOrder.get(0)).isEqualTo(mine.get(4));
        assertThat(mineInListOrder.get(4)).isEqualTo(mine.get(3));

        given().auth().oauth2(TestTokens.agent()).when().get("/api/v1/cases")
                .then().statusCode(200).body("items.size()", is(Math.min(50, ids.size())));
    }

    @Test
    void theListFiltersByStatusChannelAndAssignee() {
        PostIngested post = customerPost(Channel.EMAIL, Instant.parse("2026-10-01T00:00:00Z"));
        publish(post);
        String caseId = awaitCaseOpenedBy(post);
        assertThat(listIds("status", "new", "channel", "email")).contains(caseId);

        UUID agentId = UUID.randomUUID();
        TestEvents.publish(Topics.ASSIGNMENTS, caseId, EventTypes.ASSIGNMENT_CREATED, new AssignmentCreated(
                UUID.randomUUID(), UUID.fromString(caseId), agentId, "Ana", Instant.parse("2026-10-01T00:00:30Z"), null));
        awaitDetail(caseId, "assignment of " + caseId, d -> "open".equals(d.getString("status")));

        assertThat(listIds("assigneeId", agentId.toString())).containsExactly(caseId);
        assertThat(listIds("status", "open", "channel", "email")).contains(caseId);
        assertThat(listIds("status", "new")).doesNotContain(caseId);
        assertThat(listIds("channel", "x")).doesNotContain(caseId);
        given().auth().oauth2(TestTokens.agent()).queryParam("channel", "email").queryParam("limit", 200)
                .when().get("/api/v1/cases")
                .then().statusCode(200).body("items.channel", everyItem(is("email")));
        assertThat(listIds("status", "closed", "assigneeId", agentId.toString())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "status=bogus", "status=NEW", "channel=myspace", "assigneeId=not-a-uuid", "assigneeId=1-2-3-4-5",
            "cursor=garbage", "cursor=Yzk6MTox", "limit=0", "limit=201", "limit=-5", "limit=ten" })
    void badQueryParametersAreRejectedWithProblemDetails(String query) {
        String[] kv = query.split("=", 2);
        given().auth().oauth2(TestTokens.agent()).queryParam(kv[0], kv[1])
                .when().get("/api/v1/cases")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", is(400))
                .body("detail", containsString(kv[0]));
    }

    @Test
    void unknownAndMalformedCaseIdsAreProblems() {
        UUID unknown = UUID.randomUUID();
        given().auth().oauth2(TestTokens.agent()).when().get("/api/v1/cases/" + unknown)
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", is(404)).body("detail", containsString(unknown.toString()));
        given().auth().oauth2(TestTokens.agent()).when().get("/api/v1/cases/not-a-uuid")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not a UUID"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health/live", "/q/health/ready", "/q/openapi", "/q/metrics" })
    void operationalEndpointsAnswer(String path) {
        given().when().get(path).then().statusCode(200);
    }

    private static List<String> listIds(String... params) {
        var request = given().auth().oauth2(TestTokens.supervisor()).queryParam("limit", 200);
        for (int i = 0; i < params.length; i += 2) {
            request.queryParam(params[i], params[i + 1]);
        }
        return request.when().get("/api/v1/cases").then().statusCode(200).extract().jsonPath().getList("items.id", String.class);
    }
}
