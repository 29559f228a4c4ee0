package io.outpost.crmlink.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import io.outpost.crmlink.Posts;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Profile fields of social identities, through real Kafka and PostgreSQL: a {@code post.ingested}
 * with the author's profile (as ingest-service fills it from X) teaches the identity its latest
 * profile, shown to admins, and the profile's location becomes weak matching evidence.
 */
@QuarkusTest
@SuppressWarnings("unchecked")
class IdentityProfileFlowTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Instant T1 = Instant.parse("2026-11-03T08:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-04T08:00:00Z");
    static final Instant T3 = Instant.parse("2026-11-05T08:00:00Z");
    static final Instant T4 = Instant.parse("2026-11-06T08:00:00Z");
    static final Instant CREATED = Instant.parse("2019-04-01T10:00:00Z");

    static PostIngested post(String user, String handle, String displayName, PostIngested.Profile profile, Instant at) {
        String externalId = "t-" + UUID.randomUUID();
        return new PostIngested(UUID.randomUUID(), Channel.X, externalId, "x:" + externalId,
                new PostIngested.Author(user, handle, displayName, profile), "@brand my parcel is late", at, Instant.now(),
                null, Visibility.PUBLIC, false);
    }

    static PostIngested.Profile profile(String location, int followers) {
        return new PostIngested.Profile(location, "Knitting, tea and trains.", "https://example.org/dana", CREATED,
                followers, false);
    }

    @Test
    void aPostWithAProfileTeachesTheIdentityItsLatestProfileAndTheLocationBecomesWeakEvidence() {
        String family = MatchCandidatesResourceTest.surname();
        String customer = Posts.unique("crm-");
        MatchCandidatesResourceTest.put(customer, Map.of("givenName", "Dana", "familyName", family, "locality", "Leeds",
                "postcode", "LS6 2AB"));
        String user = Posts.unique("");
        String handle = Posts.unique("dana");
        String key = Posts.unique("x:");
        String name = "Dana " + family;
        // In arrival order: the profile of T2; a late post of T1 with an older profile; a newer post without one.
        Posts.publish(key, post(user, handle, name, profile("Leeds, UK", 42), T2));
        Posts.publish(key, post(user, handle, name, profile("York, UK", 7), T1));
        Posts.publish(key, post(user, handle, name, null, T3));

        String id = (String) IdentitiesResourceTest.awaitIdentities(Channel.X, handle, 1).get(0).get("id");
        JsonPath identity = Poll.until(WAIT, () -> IdentitiesResourceTest.get(id), i -> i.getInt("postCount") == 3);
        assertThat(identity.getMap("profile")).containsEntry("location", "Leeds, UK")
                .containsEntry("description", "Knitting, tea and trains.").containsEntry("url", "https://example.org/dana")
                .containsEntry("accountCreatedAt", CREATED.toString()).containsEntry("followersCount", 42)
                .containsEntry("verified", false).containsEntry("seenAt", T2.toString());
        assertThat(identity.getString("lastSeenAt")).isEqualTo(T3.toString());
        // The list view shows it too.
        assertThat((Map<String, Object>) IdentitiesResourceTest.awaitIdentities(Channel.X, handle, 1).get(0).get("profile"))
                .containsEntry("location", "Leeds, UK");

        // Matching: the display name gives both names (9 points, not a suggestion on its own); the
        // profile's locality agrees with the customer's and makes it one, never confirmable.
        JsonPath match = given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/identities/" + id + "/match-candidates").then().statusCode(200).extract().jsonPath();
        assertThat(match.getString("person.locality")).isEqualTo("Leeds");
        assertThat(match.<Map<String, Object>>getList("sources")).anySatisfy(s -> assertThat(s)
                .containsEntry("attribute", "locality").containsEntry("value", "Leeds").containsEntry("source", "profile")
                .containsEntry("revealedAt", T2.toString()));
        List<Map<String, Object>> candidates = match.getList("candidates");
        assertThat(candidates).first().satisfies(c -> {
            assertThat(c).containsEntry("customerId", customer).containsEntry("level", "SUGGEST");
            assertThat((List<Map<String, Object>>) c.get("evidence")).anySatisfy(e -> {
                assertThat(e).containsEntry("attribute", "locality").containsEntry("queryValue", "leeds")
                        .containsEntry("candidateValue", "leeds");
                assertThat(((Number) e.get("contribution")).doubleValue()).isEqualTo(2.5);
            });
        });

        // A newer profile replaces it; a location that names no place gives no evidence.
        Posts.publish(key, post(user, handle, name, profile("somewhere 🌍", 43), T4));
        JsonPath newer = Poll.until(WAIT, () -> IdentitiesResourceTest.get(id), i -> i.getInt("postCount") == 4);
        assertThat(newer.getMap("profile")).containsEntry("location", "somewhere 🌍").containsEntry("followersCount", 43)
                .containsEntry("seenAt", T4.toString());
        JsonPath vague = given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/identities/" + id + "/match-candidates").then().statusCode(200).extract().jsonPath();
        assertThat(vague.<Map<String, Object>>getList("sources")).noneSatisfy(s -> assertThat(s).containsEntry("source", "profile"));
        assertThat(vague.<Map<String, Object>>getList("candidates")).extracting(c -> c.get("customerId")).doesNotContain(customer);
    }

    @Test
    void anIdentityWithoutProfileShowsNone() {
        String handle = Posts.unique("meta");
        Posts.publish(Posts.unique("x:"), post(Posts.unique(""), handle, "Sam Lee", null, T1));
        Map<String, Object> identity = IdentitiesResourceTest.awaitIdentities(Channel.X, handle, 1).get(0);
        assertThat(identity).doesNotContainKey("profile");
        assertThat(IdentitiesResourceTest.get((String) identity.get("id")).getMap("profile")).isNull();
    }
}
