package io.outpost.crmlink.api;

import io.outpost.devstack.LocalTokens;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import io.outpost.crmlink.Posts;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/identities/{id}/match-candidates}: a stored identity matched by what it told
 * about itself (display name, values revealed in private messages), through real Kafka posts.
 */
@QuarkusTest
@SuppressWarnings("unchecked")
class IdentityMatchCandidatesTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Instant T1 = Instant.parse("2026-11-02T08:00:00Z");

    static PostIngested post(String user, String handle, String displayName, String text, Visibility visibility,
            Instant at) {
        PostIngested p = Posts.by(Channel.MESSENGER, user, handle, displayName, at, false);
        return new PostIngested(p.postId(), p.channel(), p.externalId(), p.conversationKey(), p.author(), text,
                p.createdAt(), p.receivedAt(), null, visibility, false);
    }

    /** The identity's id once posts taught it. */
    static String identityId(String handle) {
        List<Map<String, Object>> items = IdentitiesResourceTest.awaitIdentities(Channel.MESSENGER, handle, 1);
        return (String) items.get(0).get("id");
    }

    static JsonPath matchIdentity(String id) {
        return given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/identities/" + id + "/match-candidates")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    @Test
    void anEmailRevealedInAPrivateMessageRanksItsCustomerFirstWithTheMessageAsEvidence() {
        String family = MatchCandidatesResourceTest.surname();
        String email = Posts.unique("dana.") + "@example.org";
        String customer = Posts.unique("crm-");
        String namesake = Posts.unique("crm-");
        // A namesake without the email: the display name alone must not outrank the revealed email.
        MatchCandidatesResourceTest.put(namesake, Map.of("givenName", "Dana", "familyName", family, "postcode", "2000"));
        MatchCandidatesResourceTest.put(customer, Map.of("givenName", "Dana", "familyName", family,
                "emails", List.of(email), "accountNumbers", List.of("AC-" + UUID.randomUUID().toString().substring(0, 8))));

        String user = Posts.unique("psid-");
        String handle = Posts.unique("dana");
        String key = Posts.unique("messenger:");
        Posts.publish(key, post(user, handle, "Dana " + family, "hello, my bill is wrong", Visibility.PUBLIC, T1));
        PostIngested dm = post(user, handle, "Dana " + family,
                "Sure, it's " + email.toUpperCase() + " - thanks!", Visibility.PRIVATE, T1.plusSeconds(60));
        Posts.publish(key, dm);
        String id = identityId(handle);

        JsonPath match = Poll.until(WAIT, () -> matchIdentity(id),
                m -> m.<Map<String, Object>>getList("sources").stream().anyMatch(s -> "email".equals(s.get("attribute"))));
        assertThat(match.getString("identityId")).isEqualTo(id);
        assertThat(match.getString("person.givenName")).isEqualTo("Dana");
        assertThat(match.getString("person.familyName")).isEqualTo(family);
        assertThat(match.<String>getList("person.emails")).containsExactly(email.toUpperCase());
        assertThat(match.<Map<String, Object>>getList("sources")).anySatisfy(s -> assertThat(s)
                .containsEntry("attribute", "email").containsEntry("source", "private-message")
                .containsEntry("messageId", dm.externalId()).containsKey("revealedAt"));
        assertThat(match.<Map<String, Object>>getList("sources")).anySatisfy(s -> assertThat(s)
                .containsEntry("attribute", "familyName").containsEntry("source", "display-name"));

        List<Map<String, Object>> candidates = match.getList("candidates");
        assertThat(candidates).isNotEmpty();
        assertThat(candidates.get(0).get("customerId")).isEqualTo(customer);
        assertThat(candidates.get(0).get("level")).isEqualTo("CONFIRMABLE_WITH_CONSENT");
        assertThat((List<Map<String, Object>>) candidates.get(0).get("evidence")).anySatisfy(e -> assertThat(e)
                .containsEntry("attribute", "email").containsEntry("candidateValue", email));
        assertThat(candidates).extracting(c -> c.get("customerId")).doesNotContain(namesake);
    }

    @Test
    void aPublicPostRevealsNothingAndAnIdentityWithNothingKnownHasNoCandidates() {
        String user = Posts.unique("psid-");
        String handle = Posts.unique("anon");
        String key = Posts.unique("messenger:");
        String email = Posts.unique("public.") + "@example.org";
        MatchCandidatesResourceTest.put(Posts.unique("crm-"), Map.of("emails", List.of(email)));
        Posts.publish(key, post(user, handle, null, "write to " + email, Visibility.PUBLIC, T1));
        // A later private message in the same conversation: once it is learned, the public one was too.
        Posts.publish(key, post(user, handle, null, "hi", Visibility.PRIVATE, T1.plusSeconds(5)));
        String id = identityId(handle);
        Poll.until(WAIT, () -> IdentitiesResourceTest.get(id).getInt("postCount"), n -> n == 2);

        JsonPath match = matchIdentity(id);
        assertThat(match.<Object>getList("sources")).isEmpty();
        assertThat(match.<Object>getList("candidates")).isEmpty();
    }

    @Test
    void unknownIdsAre404BadIdsAndLimitsAre400() {
        given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/identities/" + UUID.randomUUID() + "/match-candidates")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/identities/not-a-uuid/match-candidates")
                .then().statusCode(400).contentType("application/problem+json");
        for (String limit : List.of("0", "51", "ten")) {
            given().auth().oauth2(TestTokens.admin())
                    .when().get("/api/v1/identities/" + UUID.randomUUID() + "/match-candidates?limit=" + limit)
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void onlyAdminsMatchIdentities() {
        String handle = Posts.unique("roles");
        Posts.publish(Posts.unique("messenger:"), post(Posts.unique("psid-"), handle, "Rolf Tester", "hi",
                Visibility.PRIVATE, T1));
        String path = "/api/v1/identities/" + identityId(handle) + "/match-candidates";
        given().when().get(path).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).when().get(path).then().statusCode(401);
        for (String role : List.of("agent", "supervisor", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(path)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.admin()).when().get(path).then().statusCode(200)
                .contentType(ContentType.JSON);
    }
}
