package io.outpost.crmlink.api;

import io.outpost.devstack.LocalTokens;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.Poll;
import io.outpost.crmlink.Posts;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
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
class IdentitiesResourceTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Instant T1 = Instant.parse("2026-11-01T08:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-02T08:00:00Z");

    static JsonPath list(String query) {
        // Queries are written URL-encoded where needed.
        return given().urlEncodingEnabled(false).auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/identities" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    /** The identities whose handle starts with {@code handle}, once {@code count} of them are there. */
    static List<Map<String, Object>> awaitIdentities(Channel channel, String handle, int count) {
        return Poll.until(WAIT,
                () -> list("?channel=" + channel.wireName() + "&handle=" + handle).<Map<String, Object>>getList("items"),
                items -> items.size() >= count);
    }

    static JsonPath get(String id) {
        return given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/identities/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void postsTeachAnIdentityAndItsHandleChangeOnceEvenWhenRedelivered() {
        String user = Posts.unique("u-");
        String handle = Posts.unique("dana");
        String key = Posts.unique("x:");
        Posts.publish(key, Posts.by(Channel.X, user, handle, "Dana", T1, false));
        PostIngested renamed = Posts.by(Channel.X, user, "@" + handle + "_k", "Dana K", T2, false);
        String renamedId = Posts.publish(key, renamed);

        Map<String, Object> identity = Poll.until(WAIT, () -> awaitIdentities(Channel.X, handle, 1).get(0),
                i -> ((Number) i.get("postCount")).intValue() == 2);
        assertThat(identity).containsEntry("platformUserId", user).containsEntry("handle", handle + "_k")
                .containsEntry("displayName", "Dana K").containsEntry("channel", "x")
                .containsEntry("firstSeenAt", T1.toString()).containsEntry("lastSeenAt", T2.toString())
                .doesNotContainKey("handleHistory");
        String id = (String) identity.get("id");
        assertThat(get(id).<Map<String, Object>>getList("handleHistory"))
                .containsExactly(Map.of("oldHandle", handle, "newHandle", handle + "_k", "changedAt", T2.toString()));

        // The same event again (same ce_id), then a later post on the same key: once that one is
        // in, the redelivery has been processed before it.
        TestEvents.publishRaw(Topics.POSTS, key, renamedId, EventTypes.POST_INGESTED, TestEvents.json(renamed));
        String marker = Posts.unique("marker");
        Posts.publish(key, Posts.by(Channel.X, Posts.unique("u-"), marker, null, T2, false));
        awaitIdentities(Channel.X, marker, 1);

        JsonPath after = get(id);
        assertThat(after.getInt("postCount")).isEqualTo(2);
        assertThat(after.getList("handleHistory")).hasSize(1);
    }

    @Test
    void ownAccountPostsAreNoCustomersIdentity() {
        String key = Posts.unique("facebook:");
        String brand = Posts.unique("brand");
        Posts.publish(key, Posts.by(Channel.FACEBOOK, Posts.unique("page-"), brand, "Our Brand", T1, true));
        String customer = Posts.unique("cust");
        Posts.publish(key, Posts.by(Channel.FACEBOOK, Posts.unique("u-"), customer, null, T2, false));

        awaitIdentities(Channel.FACEBOOK, customer, 1);
        assertThat(list("?handle=" + brand).getList("items")).isEmpty();
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheFlowContinues() {
        String key = Posts.unique("x:");
        String unreadable = Posts.unique("unreadable");
        TestEvents.publishRaw(Topics.POSTS, key, UUID.randomUUID().toString(), EventTypes.POST_INGESTED,
                "{\"postId\": \"" + unreadable);
        String noAuthor = Posts.unique("noauthor");
        PostIngested valid = Posts.by(Channel.X, "u", "h", null, T1, false);
        TestEvents.publishRaw(Topics.POSTS, key, UUID.randomUUID().toString(), EventTypes.POST_INGESTED,
                TestEvents.json(new PostIngested(valid.postId(), Channel.X, noAuthor, key, null, "x", T1, T1, null, null, false)));
        String notACloudEvent = Posts.unique("plain");
        TestEvents.publishRaw(Topics.POSTS, key, null, null, "{\"externalId\":\"" + notACloudEvent + "\"}");

        String after = Posts.unique("after");
        Posts.publish(key, Posts.by(Channel.X, Posts.unique("u-"), after, null, T1, false));
        awaitIdentities(Channel.X, after, 1);

        for (String marker : List.of(unreadable, noAuthor, notACloudEvent)) {
            assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.POSTS), marker, WAIT)).as(marker).hasSize(1);
        }
    }

    @Test
    void pagesFollowOneAnotherNewestFirst() {
        String prefix = Posts.unique("page");
        String key = Posts.unique("forum:");
        for (int i = 1; i <= 3; i++) {
            Posts.publish(key, Posts.by(Channel.FORUM, "u-" + prefix + i, prefix + i, null, T1, false));
        }
        awaitIdentities(Channel.FORUM, prefix, 3);

        JsonPath first = list("?channel=forum&handle=" + prefix.toUpperCase() + "&limit=2");
        assertThat(first.<String>getList("items.handle")).containsExactly(prefix + 3, prefix + 2);
        String cursor = first.getString("nextCursor");
        assertThat(cursor).isNotBlank();

        JsonPath second = list("?channel=forum&handle=" + prefix + "&limit=2&cursor=" + cursor);
        assertThat(second.<String>getList("items.handle")).containsExactly(prefix + 1);
        assertThat(second.getString("nextCursor")).isNull();
    }

    @Test
    void handlePrefixesAreLiteral() {
        String key = Posts.unique("x:");
        String prefix = Posts.unique("lit");
        Posts.publish(key, Posts.by(Channel.X, Posts.unique("u-"), prefix + "ab", null, T1, false));
        awaitIdentities(Channel.X, prefix, 1);
        assertThat(list("?handle=" + prefix + "_b").getList("items")).isEmpty();
        assertThat(list("?handle=" + prefix + "%25").getList("items")).isEmpty();
        assertThat(list("?handle=%40" + prefix + "a").getList("items")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "?limit=0", "?limit=201", "?limit=abc", "?limit=1.5", "?channel=myspace", "?handle=%20",
            "?cursor=not-a-cursor", "?cursor=Z2FyYmFnZQ" })
    void badParametersAre400(String query) {
        given().urlEncodingEnabled(false).auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/identities" + query)
                .then().statusCode(400).contentType("application/problem+json").body("status", is(400));
    }

    @Test
    void badIdsAndUnknownIdentities() {
        given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/identities?handle=" + "h".repeat(257))
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/identities/not-a-uuid")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/identities/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("status", is(404));
    }

    @Test
    void onlyAdminsSeeIdentities() {
        String handle = Posts.unique("roles");
        Posts.publish(Posts.unique("x:"), Posts.by(Channel.X, Posts.unique("u-"), handle, null, T1, false));
        String id = (String) awaitIdentities(Channel.X, handle, 1).get(0).get("id");

        for (String path : List.of("/api/v1/identities", "/api/v1/identities/" + id)) {
            given().when().get(path)
                    .then().statusCode(401).contentType("application/problem+json");
            given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).when().get(path)
                    .then().statusCode(401);
            for (String role : List.of("agent", "supervisor", "integration")) {
                given().auth().oauth2(TestTokens.forRole(role)).when().get(path)
                        .then().statusCode(403).contentType("application/problem+json");
            }
            given().auth().oauth2(TestTokens.admin()).when().get(path)
                    .then().statusCode(200);
        }
    }
}
