package io.outpost.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestTokens;
import io.outpost.ingest.PostEvents;
import io.outpost.ingest.WebhookSamples;
import io.outpost.ingest.domain.WebhookSignatures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class XWebhookResourceTest {

    /** One settle for the class's post counts: {@link PostEvents#settledOnce()}. */
    static final PostEvents.SettledOnce POSTS = PostEvents.settledOnce();

    @AfterAll
    static void settled() {
        POSTS.assertSettled();
    }

    static final String PATH = "/webhooks/x";

    static String consumerSecret() {
        return ConfigProvider.getConfig().getValue("outpost.x.consumer-secret", String.class);
    }

    static ValidatableResponse deliver(byte[] body, String signature) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (signature != null) {
            request.header("x-twitter-webhooks-signature", signature);
        }
        return request.when().post(PATH).then().log().ifValidationFails();
    }

    /** Delivers a signed body; when it is answered 200 (queued), what it led to once ingested. */
    static ValidatableResponse deliverSigned(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return WebhookSamples.ingested(deliver(bytes, WebhookSignatures.xSignature(consumerSecret(), bytes)));
    }

    @Test
    void theCrcAnswerIsTheBase64HmacOfTheTokenWithOurConsumerSecret() {
        given().queryParam("crc_token", "challenge-123")
                .when().get(PATH)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("response_token", equalTo("sha256=Qk25PJZQhiQZAqKjPre/qCefRYxYuz1xz0wU5irtAlY="));
        given().when().get(PATH).then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void tweetsArePublishedWithTheirTimeAndThreadAndOurRepliesAreMarkedOurs() {
        String run = WebhookSamples.newRun();
        deliverSigned(WebhookSamples.load("x/tweet-create.json", run))
                .statusCode(200).body("accepted", is(2)).body("skipped", is(1));

        List<ConsumerRecord<String, String>> records = POSTS.exactly(run, 2);
        PostIngested customer = PostEvents.byExternalId(records, "1050118621198921728" + run);
        assertThat(customer.channel()).isEqualTo(Channel.X);
        assertThat(customer.createdAt()).isEqualTo(Instant.parse("2018-10-10T20:19:24Z"));
        assertThat(customer.text()).endsWith("customer for ten years " + run);
        assertThat(customer.author().handle()).isEqualTo("danakim");
        // The author's profile from X's user object travels on the event (checked against the schema above).
        assertThat(customer.author().profile()).isEqualTo(new PostIngested.Profile("Leeds, UK",
                "Trains, coffee and the occasional complaint. Views my own.", "https://dana.example.org",
                Instant.parse("2007-05-23T06:01:13Z"), 212, false));
        assertThat(customer.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(customer.fromOwnAccount()).isFalse();
        assertThat(customer.accountId()).as("the account the activity was delivered for: answers go out from it")
                .isEqualTo("2244994945" + run);
        PostIngested reply = PostEvents.byExternalId(records, "1050120037535678464" + run);
        assertThat(reply.inReplyToExternalId()).isEqualTo(customer.externalId());
        assertThat(reply.fromOwnAccount()).isTrue();
        assertThat(reply.conversationKey()).isEqualTo(customer.conversationKey()).isEqualTo("x:" + customer.externalId());
    }

    @Test
    void directMessagesArePrivateInOneThreadPerPair() {
        String run = WebhookSamples.newRun();
        deliverSigned(WebhookSamples.load("x/direct-message.json", run))
                .statusCode(200).body("accepted", is(2));

        List<ConsumerRecord<String, String>> records = POSTS.exactly(run, 2);
        PostIngested customer = PostEvents.byExternalId(records, "954491830116155396" + run);
        PostIngested ours = PostEvents.byExternalId(records, "954491830116155397" + run);
        assertThat(customer.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(customer.createdAt()).isEqualTo(Instant.ofEpochMilli(1516403560557L));
        assertThat(customer.author().handle()).isEqualTo("furiouscamper");
        assertThat(customer.author().profile().location()).isEqualTo("Boulder, CO");
        assertThat(customer.author().profile().accountCreatedAt()).isEqualTo(Instant.ofEpochMilli(1422556069340L));
        assertThat(customer.fromOwnAccount()).isFalse();
        assertThat(ours.fromOwnAccount()).isTrue();
        assertThat(List.of(customer, ours)).extracting(PostIngested::accountId).containsOnly("2244994945" + run);
        assertThat(records).extracting(ConsumerRecord::key)
                .containsOnly("x:thread:2244994945" + run + "-3001969357" + run);
    }

    @Test
    void aTweetByARegisteredAccountOfOursIsOursThoughTheWebhookIsForAnother() {
        String run = WebhookSamples.newRun();
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"channel\":\"x\",\"platformAccountId\":\"6253282" + run + "\",\"handle\":\"AcmeHelp\"}")
                .when().post("/api/v1/channel-accounts")
                .then().statusCode(201);
        String tweet = WebhookSamples.load("x/tweet-create.json", run);
        deliverSigned(tweet).statusCode(200).body("accepted", is(2));

        List<ConsumerRecord<String, String>> records = POSTS.exactly(run, 2);
        assertThat(PostEvents.byExternalId(records, "1050118621198921728" + run).fromOwnAccount()).isTrue();
    }

    @Test
    void aRedeliveryPublishesNothingTwice() {
        String run = WebhookSamples.newRun();
        String body = WebhookSamples.load("x/direct-message.json", run);
        deliverSigned(body).statusCode(200).body("accepted", is(2));
        deliverSigned(body).statusCode(200).body("accepted", is(0)).body("duplicates", is(2));

        POSTS.exactly(run, 2);
    }

    @Test
    void deletesOfUnknownTweetsAndOtherEventTypesAreAcknowledgedAndNothingIsPublished() {
        String run = WebhookSamples.newRun();
        deliverSigned(WebhookSamples.load("x/tweet-delete.json", run))
                .statusCode(200).body("accepted", is(0)).body("skipped", is(0)).body("changed", is(0)).body("unchanged", is(1));
        deliverSigned(WebhookSamples.load("x/favorite-events.json", run))
                .statusCode(200).body("accepted", is(0)).body("skipped", is(2));

        POSTS.none(run);
    }

    @Test
    void deliveriesWithoutTheRightSignatureAreRefusedAndNothingIsIngested() {
        String run = WebhookSamples.newRun();
        byte[] body = WebhookSamples.load("x/tweet-create.json", run).getBytes(StandardCharsets.UTF_8);
        String valid = WebhookSignatures.xSignature(consumerSecret(), body);

        deliver(body, null).statusCode(401).contentType("application/problem+json");
        deliver(body, WebhookSignatures.xSignature("not-our-secret", body)).statusCode(403)
                .contentType("application/problem+json");
        deliver(body, WebhookSignatures.metaSignature(consumerSecret(), body)).statusCode(403);
        byte[] altered = new String(body, StandardCharsets.UTF_8).replace("danakim", "mallory")
                .getBytes(StandardCharsets.UTF_8);
        deliver(altered, valid).statusCode(403).contentType("application/problem+json");

        POSTS.none(run);
    }

    @Test
    void badInputIsRefusedWithA4xxAndNothingIsPublished() {
        String run = WebhookSamples.newRun();
        deliverSigned("{\"tweet_create_events\":[" + run).statusCode(400).contentType("application/problem+json");
        deliverSigned("{\"tweet_create_events\":[{\"id_str\":\"" + run + "\",\"text\":\"hi\",\"user\":{\"id_str\":\"1\"},"
                + "\"created_at\":\"yesterday\"}]}")
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("created_at"));
        // A raw NUL byte inside a string Jackson reads: the audit copy could never be stored, so it is refused here.
        deliverSigned("{\"tweet_create_events\":[], \"pad\":\"" + run + "\u0000\"}").statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("NUL"));
        byte[] text = ("hello " + run).getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.TEXT).header("x-twitter-webhooks-signature",
                WebhookSignatures.xSignature(consumerSecret(), text))
                .body(text).when().post(PATH).then().statusCode(415);
        byte[] huge = ("{\"pad\":\"" + run + "a".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSamples.postOversized(PATH, "x-twitter-webhooks-signature",
                WebhookSignatures.xSignature(consumerSecret(), huge), huge)).isEqualTo(413);

        POSTS.none(run);
    }
}
