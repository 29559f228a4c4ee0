package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.patch;
import static io.outpost.cases.CaseFixtures.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The list's filters beyond status, channel and assignee: priority, breached, text, created range, sort, post lookup. */
@QuarkusTest
class CaseListFiltersTest {

    /** Far in the past and one-off, so no other test's cases fall in this range. */
    private static final Instant BASE = Instant.parse("1999-03-04T05:06:07Z");

    /** The ids of every page for the query, following nextCursor. */
    private static List<String> ids(Map<String, Object> query) {
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = given().auth().oauth2(TestTokens.supervisor()).queryParams(query)
                    .queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.when().get("/api/v1/cases").then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return all;
    }

    private static PostIngested post(Instant at, String text) {
        PostIngested p = customerPost(Channel.X, at);
        return new PostIngested(p.postId(), p.channel(), p.externalId(), p.conversationKey(), p.author(), text,
                p.createdAt(), p.receivedAt(), null, Visibility.PUBLIC, false);
    }

    @Test
    void filtersCombineAndSortGoesBothWays() {
        String marker = "zebra-" + UUID.randomUUID();
        List<PostIngested> posts = List.of(post(BASE, "My " + marker.toUpperCase() + " invoice"),
                post(BASE.plusSeconds(60), "nothing to see"), post(BASE.plusSeconds(120), "about " + marker),
                post(BASE.plusSeconds(180), "later " + marker));
        posts.forEach(p -> publish(p));
        List<String> cases = posts.stream().map(p -> awaitCaseOpenedBy(p)).toList();
        patch(TestTokens.agent(), cases.get(2), Map.of("priority", 1), 200);

        Map<String, Object> range = Map.of("createdFrom", BASE.toString(), "createdTo", BASE.plusSeconds(180).toString());
        assertThat(ids(range)).containsExactly(cases.get(2), cases.get(1), cases.get(0));
        assertThat(ids(Map.of("createdFrom", BASE.toString(), "createdTo", BASE.plusSeconds(180).toString(),
                "sort", "openedAt"))).containsExactly(cases.get(0), cases.get(1), cases.get(2));
        assertThat(ids(Map.of("text", marker))).as("case-insensitive, on post text")
                .containsExactly(cases.get(3), cases.get(2), cases.get(0));
        assertThat(ids(Map.of("text", marker, "priority", "1"))).containsExactly(cases.get(2));
        // All long past their first response: the checker marks them within a few runs.
        assertThat(Poll.until("breaches of " + marker, CaseFixtures.TIMEOUT,
                () -> ids(Map.of("text", marker, "breached", "true")), l -> l.size() == 3))
                .containsExactly(cases.get(3), cases.get(2), cases.get(0));
        assertThat(ids(Map.of("text", marker, "breached", "false"))).isEmpty();
        assertThat(ids(Map.of("text", "%"))).as("% is a character, not a wildcard").doesNotContainAnyElementsOf(cases);
        assertThat(ids(Map.of("channel", "x", "postExternalId", posts.get(1).externalId())))
                .containsExactly(cases.get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = { "priority=0", "priority=urgent", "breached=yes", "createdFrom=yesterday",
            "createdTo=2026-13-01T00:00:00Z", "sort=priority", "hidden=maybe",
            "createdFrom=2026-01-02T00:00:00Z&createdTo=2026-01-01T00:00:00Z" })
    void badFiltersAreProblems(String query) {
        given().auth().oauth2(TestTokens.agent()).when().get("/api/v1/cases?" + query)
                .then().statusCode(400).contentType("application/problem+json");
    }
}
