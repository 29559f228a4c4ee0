package io.outpost.survey.api;

import io.outpost.devstack.LocalTokens;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.devstack.Poll;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class SurveyCandidatesResourceTest {

    static final String PATH = "/api/v1/survey-candidates";
    static final Duration WAIT = Duration.ofSeconds(30);

    static CaseOpened opened(Channel channel, String customer, Instant openedAt) {
        return new CaseOpened(UUID.randomUUID(), channel, Visibility.PUBLIC, new PostIngested.Author(customer, "dana", null),
                UUID.randomUUID(), openedAt, 3, List.of(channel.wireName()), "en");
    }

    static String publish(CaseOpened c) {
        return TestEvents.publish(Topics.CASES, c.caseId().toString(), EventTypes.CASE_OPENED, c);
    }

    static JsonPath list(String query) {
        return given().urlEncodingEnabled(false).auth().oauth2(TestTokens.admin())
                .when().get(PATH + query)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Every recorded case of {@code channel}, all pages. */
    static List<Map<String, Object>> all(Channel channel) {
        JsonPath page = list("?channel=" + channel.wireName() + "&limit=200");
        List<Map<String, Object>> items = new java.util.ArrayList<>(page.getList("items"));
        while (page.getString("nextCursor") != null) {
            page = list("?channel=" + channel.wireName() + "&limit=200&cursor=" + page.getString("nextCursor"));
            items.addAll(page.getList("items"));
        }
        return items;
    }

    static List<Map<String, Object>> awaitCasesOf(Channel channel, String customer, int count) {
        return Poll.until(WAIT,
                () -> all(channel).stream().filter(c -> customer.equals(c.get("customerPlatformId"))).toList(),
                cases -> cases.size() >= count);
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void openedCasesAreRecordedOnceEvenWhenRedelivered() {
        String customer = unique("u-");
        Instant at = Instant.parse("2026-11-01T08:00:00Z");
        CaseOpened c = opened(Channel.X, customer, at);
        String eventId = publish(c);

        List<Map<String, Object>> recorded = awaitCasesOf(Channel.X, customer, 1);
        assertThat(recorded).containsExactly(Map.of("caseId", c.caseId().toString(), "channel", "x",
                "customerPlatformId", customer, "openedAt", at.toString()));

        // The same event (same ce_id) again, even with a different openedAt, must not change the
        // record; a later case on the same key follows, so once it is in the redelivery was handled.
        CaseOpened tampered = new CaseOpened(c.caseId(), Channel.X, Visibility.PUBLIC,
                new PostIngested.Author(customer, "dana", null), c.firstPostId(), at.plusSeconds(60), 3, List.of(), null);
        TestEvents.publishRaw(Topics.CASES, c.caseId().toString(), eventId, EventTypes.CASE_OPENED, TestEvents.json(tampered));
        CaseOpened later = opened(Channel.X, customer, at.plusSeconds(120));
        TestEvents.publish(Topics.CASES, c.caseId().toString(), EventTypes.CASE_OPENED, later);

        List<Map<String, Object>> after = awaitCasesOf(Channel.X, customer, 2);
        assertThat(after).hasSize(2);
        assertThat(after.stream().filter(r -> r.get("caseId").equals(c.caseId().toString())).toList())
                .singleElement().satisfies(r -> assertThat(r).containsEntry("openedAt", at.toString()));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheFlowContinues() {
        String key = UUID.randomUUID().toString();
        String unreadable = unique("unreadable");
        TestEvents.publishRaw(Topics.CASES, key, UUID.randomUUID().toString(), EventTypes.CASE_OPENED, "{\"caseId\":\"" + unreadable);
        String noCustomer = unique("nocustomer");
        TestEvents.publishRaw(Topics.CASES, key, UUID.randomUUID().toString(), EventTypes.CASE_OPENED,
                "{\"caseId\":\"" + UUID.randomUUID() + "\",\"channel\":\"x\",\"openedAt\":\"2026-11-01T08:00:00Z\","
                        + "\"language\":\"" + noCustomer + "\"}");
        String customer = unique("u-");
        TestEvents.publish(Topics.CASES, key, EventTypes.CASE_OPENED, opened(Channel.FORUM, customer, Instant.now()));

        awaitCasesOf(Channel.FORUM, customer, 1);
        for (String marker : List.of(unreadable, noCustomer)) {
            assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.CASES), marker, WAIT)).as(marker).hasSize(1);
        }
    }

    @Test
    void pagesFollowOneAnotherMostRecentlyOpenedFirst() {
        Instant base = Instant.parse("2030-01-01T00:00:00Z").plusSeconds(UUID.randomUUID().hashCode() & 0xffff);
        String customer = unique("u-");
        List<CaseOpened> cases = List.of(opened(Channel.EMAIL, customer, base.plusSeconds(1)),
                opened(Channel.EMAIL, customer, base.plusSeconds(2)), opened(Channel.EMAIL, customer, base.plusSeconds(3)));
        cases.forEach(SurveyCandidatesResourceTest::publish);
        awaitCasesOf(Channel.EMAIL, customer, 3);

        List<String> seen = new java.util.ArrayList<>();
        JsonPath page = list("?channel=email&limit=2");
        int pages = 1;
        seen.addAll(page.getList("items.caseId"));
        while (page.getString("nextCursor") != null) {
            assertThat(page.getList("items")).hasSize(2);
            page = list("?channel=email&limit=2&cursor=" + page.getString("nextCursor"));
            seen.addAll(page.getList("items.caseId"));
            pages++;
        }
        assertThat(pages).isGreaterThanOrEqualTo(2);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsSubsequence(cases.get(2).caseId().toString(), cases.get(1).caseId().toString(),
                cases.get(0).caseId().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "?limit=0", "?limit=201", "?limit=ten", "?channel=myspace", "?cursor=not-a-cursor",
            "?cursor=Z2FyYmFnZQ" })
    void badParametersAre400(String query) {
        given().urlEncodingEnabled(false).auth().oauth2(TestTokens.supervisor())
                .when().get(PATH + query)
                .then().statusCode(400).contentType("application/problem+json").body("status", is(400));
    }

    @Test
    void supervisorsAndAdminsMayListCandidates() {
        given().when().get(PATH).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).when().get(PATH).then().statusCode(401);
        for (String role : List.of("agent", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(PATH)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        for (String role : List.of("supervisor", "admin")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(PATH).then().statusCode(200);
        }
    }
}
