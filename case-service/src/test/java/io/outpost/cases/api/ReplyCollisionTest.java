package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.openCase;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Collision control: a public reply to a post a colleague answered within the window (5 minutes) is a 409
 * reply-collision naming them, unless confirmed; the check reports the same before sending.
 */
@QuarkusTest
class ReplyCollisionTest {

    @Test
    void aSecondPublicAnswerToTheSamePostAsksForConfirmationFirst() {
        String kase = openCase(Channel.X, Instant.now().minusSeconds(30));
        String ann = "ann-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        String annToken = TestTokens.forUser(ann, "agent");
        String bobToken = TestTokens.forUser(bob, "agent");

        check(annToken, kase, "public").body("collision", nullValue());
        String annsReply = send(annToken, kase, "public", null).statusCode(201).extract().path("id");

        check(bobToken, kase, "public").body("collision.colleague", is(ann)).body("collision.replyId", is(annsReply))
                .body("collision.repliedAt", notNullValue()).body("refusal", nullValue());
        check(bobToken, kase, "private").body("collision", nullValue());
        send(bobToken, kase, "public", null).statusCode(409).contentType("application/problem+json")
                .body("type", is("https://outpost.io/problems/reply-collision")).body("colleague", is(ann))
                .body("replyId", is(annsReply)).body("repliedAt", notNullValue())
                .body("detail", org.hamcrest.Matchers.containsString(ann));
        send(bobToken, kase, "public", false).statusCode(409);
        assertThat(CaseFixtures.timeline(kase).getList("entries.type", String.class)).as("nothing recorded")
                .containsOnlyOnce("reply");
        // Ann's own earlier reply is no collision for her.
        check(annToken, kase, "public").body("collision", nullValue());

        send(bobToken, kase, "public", true).statusCode(201);
        // Now Bob has answered last: Ann is asked about Bob's reply.
        check(annToken, kase, "public").body("collision.colleague", is(bob));
    }

    @Test
    void aBadConfirmationIsAProblem() {
        String kase = openCase(Channel.X, Instant.now().minusSeconds(20));
        given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON)
                .body("{\"text\":\"Hello, we are on it\",\"visibility\":\"public\",\"confirmCollision\":\"perhaps\"}")
                .when().post("/api/v1/cases/" + kase + "/replies")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static ValidatableResponse check(String token, String kase, String visibility) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("text", "We are looking into it", "visibility", visibility))
                .when().post("/api/v1/cases/" + kase + "/replies/check").then().statusCode(200);
    }

    private static ValidatableResponse send(String token, String kase, String visibility, Boolean confirm) {
        Map<String, Object> body = new HashMap<>(Map.of("text", "We are looking into it", "visibility", visibility));
        if (confirm != null) {
            body.put("confirmCollision", confirm);
        }
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/cases/" + kase + "/replies").then();
    }
}
