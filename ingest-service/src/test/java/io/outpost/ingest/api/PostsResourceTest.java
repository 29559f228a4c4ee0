package io.outpost.ingest.api;

import io.outpost.devstack.LocalTokens;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.ingest.PostEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class PostsResourceTest {

    static String post(String externalId, String inReplyTo, String text) {
        return """
                {"channel":"forum","externalId":"%s","author":{"platformUserId":"u-42","handle":"dana"},
                 "text":"%s","createdAt":"2026-11-01T08:00:00Z"%s}
                """.formatted(externalId, text, inReplyTo == null ? "" : ",\"inReplyToExternalId\":\"" + inReplyTo + "\"");
    }

    /** One settle for the class's counts on outpost.posts: {@link PostEvents#settledOnce()}. */
    static final PostEvents.SettledOnce POSTS = PostEvents.settledOnce();

    @AfterAll
    static void settled() {
        POSTS.assertSettled();
    }

    @Test
    void aPostIsPublishedOnceAsACloudEventEvenWhenSentTwice() {
        String externalId = "t-" + UUID.randomUUID();
        String postId = given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.JSON).body(post(externalId, null, "My router keeps dropping"))
                .when().post("/api/v1/posts")
                .then().statusCode(202)
                .body("duplicate", is(false))
                .body("postId", notNullValue())
                .extract().path("postId");

        given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.JSON).body(post(externalId, null, "My router keeps dropping"))
                .when().post("/api/v1/posts")
                .then().statusCode(200)
                .body("duplicate", is(true))
                .body("postId", equalTo(postId));

        List<ConsumerRecord<String, String>> records = TestEvents.awaitContaining(Topics.POSTS, externalId, Duration.ofSeconds(15));
        assertThat(records).hasSize(1);
        // A wrongly repeated publication is counted after the class's settle.
        POSTS.expect("events containing " + externalId, r -> r.value() != null && r.value().contains(externalId), 1);

        ConsumerRecord<String, String> record = records.get(0);
        ContractCheck.assertConforms(record);
        assertThat(TestEvents.header(record, "ce_type")).contains(EventTypes.POST_INGESTED);
        assertThat(TestEvents.header(record, "ce_source")).contains("/outpost/ingest-service");
        PostIngested event = TestEvents.payload(record, PostIngested.class);
        assertThat(event.postId()).hasToString(postId);
        assertThat(event.createdAt()).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
        assertThat(record.key()).isEqualTo(event.conversationKey()).isEqualTo("forum:" + externalId);
        assertThat(event.accountId()).as("not addressed to an account of ours: the channel's default answers").isNull();
    }

    @Test
    void aPostAddressedToOneOfOurAccountsCarriesItSoTheAnswerGoesOutFromIt() {
        String externalId = "t-" + UUID.randomUUID();
        ingest(post(externalId, null, "Is the EU store open?").replace("\"createdAt\"",
                "\"accountId\":\" outpost-eu-team \",\"createdAt\""), 202);

        List<ConsumerRecord<String, String>> records = TestEvents.awaitContaining(Topics.POSTS, externalId, Duration.ofSeconds(15));
        assertThat(records).singleElement().satisfies(r -> {
            ContractCheck.assertConforms(r);
            assertThat(TestEvents.payload(r, PostIngested.class).accountId()).isEqualTo("outpost-eu-team");
        });
    }

    @Test
    void aReplyIsKeyedWithItsParentsConversation() {
        String root = "t-" + UUID.randomUUID();
        String reply = "t-" + UUID.randomUUID();
        ingest(post(root, null, "Where is my parcel?"), 202);
        String replyKey = given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.JSON).body(post(reply, root, "Still waiting"))
                .when().post("/api/v1/posts")
                .then().statusCode(202).extract().path("conversationKey");

        assertThat(replyKey).isEqualTo("forum:" + root);
        List<ConsumerRecord<String, String>> records = TestEvents.awaitContaining(Topics.POSTS, reply, Duration.ofSeconds(15));
        assertThat(records).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("forum:" + root));
    }

    @Test
    void invalidPostsAreRejectedWithProblemDetailsAndNothingIsPublished() {
        String marker = "bad-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.JSON)
                .body("{\"channel\":\"forum\",\"externalId\":\"\",\"author\":{},\"text\":\"" + marker + "\"}")
                .when().post("/api/v1/posts")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", is(400))
                .body("errors.field", hasItem("externalId"))
                .body("errors.field", hasItem("author.platformUserId"))
                .body("errors.field", hasItem("createdAt"));

        given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.JSON).body(post(marker, null, "x").replace("forum", "myspace"))
                .when().post("/api/v1/posts")
                .then().statusCode(400).contentType("application/problem+json");

        given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.JSON).body(post(marker, null, "x").replace("2026-11-01T08:00:00Z", "2999-01-01T00:00:00Z"))
                .when().post("/api/v1/posts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("future"));

        given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.JSON).body("{\"channel\": \"forum\", " + marker)
                .when().post("/api/v1/posts")
                .then().statusCode(400).contentType("application/problem+json");

        given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.JSON).body(post(marker, null, "x").replace("{\"platformUserId\":\"u-42\",\"handle\":\"dana\"}", "[1, 2]"))
                .when().post("/api/v1/posts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("author"));

        given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.JSON).body(post(marker, null, "before\\u0000after"))
                .when().post("/api/v1/posts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("NUL"));

        given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.JSON).body(post(marker, null, "x").replace("\"createdAt\"", "\"accountId\":\"\",\"createdAt\""))
                .when().post("/api/v1/posts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("accountId"));

        given().auth().oauth2(TestTokens.integration())
                .contentType(ContentType.TEXT).body(marker)
                .when().post("/api/v1/posts")
                .then().statusCode(415);

        // Expect: 100-continue lets the server refuse on the headers; otherwise its 413 may close the
        // connection while the client is still writing, and the test sees a broken pipe.
        given().auth().oauth2(TestTokens.integration()).header("Expect", "100-continue")
                .contentType(ContentType.JSON).body(post(marker, null, "a".repeat(1_100_000)))
                .when().post("/api/v1/posts")
                .then().statusCode(413);

        POSTS.expect("events containing " + marker, r -> r.value() != null && r.value().contains(marker), 0);
    }

    @Test
    void onlyIntegrationsMayPost() {
        String body = post("t-" + UUID.randomUUID(), null, "hi");
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/posts")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "integration")).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/posts")
                .then().statusCode(401);
        for (String role : new String[] { "agent", "supervisor", "admin" }) {
            given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/posts")
                    .then().statusCode(403).contentType("application/problem+json");
        }
        ingest(body, 202);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health/live", "/q/health/ready", "/q/openapi", "/q/metrics" })
    void operationalEndpointsAnswer(String path) {
        given().when().get(path).then().statusCode(200);
    }

    private static void ingest(String body, int status) {
        given().auth().oauth2(TestTokens.integration()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/posts")
                .then().log().ifValidationFails().statusCode(status);
    }
}
