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

    @Test
    void theInboxFiltersByIntentLanguageUnassignedAndTheCustomersCases() {
        Instant base = BASE.plusSeconds(86_400);
        String dana = "u-" + UUID.randomUUID();
        String eve = "u-" + UUID.randomUUID();
        List<PostIngested> posts = List.of(enriched(base, dana, "de", "billing"),
                enriched(base.plusSeconds(60), dana, "en", "praise"), enriched(base.plusSeconds(120), eve, "en", "billing"));
        posts.forEach(p -> publish(p));
        List<String> cases = posts.stream().map(p -> awaitCaseOpenedBy(p)).toList();
        String bob = "bob-" + UUID.randomUUID();
        patch(TestTokens.supervisor(), cases.get(2), Map.of("assignee",
                Map.of("id", UUID.randomUUID().toString(), "name", "Bob B", "username", bob)), 200);

        Map<String, Object> range = Map.of("createdFrom", base.toString(), "createdTo", base.plusSeconds(180).toString());
        assertThat(ids(with(range, "intent", "billing"))).containsExactly(cases.get(2), cases.get(0));
        assertThat(ids(with(range, "intent", "Billing"))).as("as stored: lower case").containsExactly(cases.get(2), cases.get(0));
        assertThat(ids(with(range, "language", "en"))).containsExactly(cases.get(2), cases.get(1));
        assertThat(ids(with(range, "unassigned", "true"))).containsExactly(cases.get(1), cases.get(0));
        assertThat(ids(with(range, "unassigned", "false"))).containsExactly(cases.get(2));
        // The customer's previous cases, whenever opened; on one platform with channel.
        assertThat(ids(Map.of("customer", dana))).containsExactly(cases.get(1), cases.get(0));
        assertThat(ids(Map.of("customer", dana, "channel", "x", "intent", "billing"))).containsExactly(cases.get(0));
        assertThat(ids(Map.of("customer", dana, "channel", "facebook"))).isEmpty();
        // Agents' visibility holds: Eve's case is Bob's, so another agent does not see it.
        assertThat(given().auth().oauth2(TestTokens.forUser("ann-" + UUID.randomUUID(), "agent"))
                .queryParam("customer", eve).when().get("/api/v1/cases").then().statusCode(200).extract().jsonPath()
                .getList("items.id", String.class)).isEmpty();
        assertThat(given().auth().oauth2(TestTokens.forUser(bob, "agent"))
                .queryParam("customer", eve).when().get("/api/v1/cases").then().statusCode(200).extract().jsonPath()
                .getList("items.id", String.class)).containsExactly(cases.get(2));
    }

    private static Map<String, Object> with(Map<String, Object> query, String name, String value) {
        Map<String, Object> all = new java.util.HashMap<>(query);
        all.put(name, value);
        return all;
    }

    private static PostIngested enriched(Instant at, String customer, String language, String intent) {
        PostIngested p = customerPost(Channel.X, at);
        return new PostIngested(p.postId(), p.channel(), p.externalId(), p.conversationKey(),
                new PostIngested.Author(customer, "dana", "Dana K"), "text", p.createdAt(), p.receivedAt(), null,
                Visibility.PUBLIC, false, new PostIngested.Enrichment(language, null, intent, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = { "priority=0", "priority=urgent", "breached=yes", "createdFrom=yesterday",
            "createdTo=2026-13-01T00:00:00Z", "sort=priority", "hidden=maybe",
            "createdFrom=2026-01-02T00:00:00Z&createdTo=2026-01-01T00:00:00Z", "intent=bill%20ing", "intent=_x",
            "language=english", "language=e1", "unassigned=yes", "customer=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
    void badFiltersAreProblemsNamingTheParameter(String query) {
        given().auth().oauth2(TestTokens.agent()).when().get("/api/v1/cases?" + query)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString(query.substring(0, query.indexOf('='))));
    }
}
