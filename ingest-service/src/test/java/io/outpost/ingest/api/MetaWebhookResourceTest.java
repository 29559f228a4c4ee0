package io.outpost.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestEvents;
import io.outpost.ingest.PostEvents;
import io.outpost.ingest.WebhookSamples;
import io.outpost.ingest.domain.WebhookSignatures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetaWebhookResourceTest {

    /** One settle for the class's post counts: {@link PostEvents#settledOnce()}. */
    static final PostEvents.SettledOnce POSTS = PostEvents.settledOnce();

    @AfterAll
    static void settled() {
        POSTS.assertSettled();
    }

    static final String PATH = "/webhooks/meta";

    static String appSecret() {
        return ConfigProvider.getConfig().getValue("outpost.meta.app-secret", String.class);
    }

    static ValidatableResponse deliver(byte[] body, String signature) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return request.when().post(PATH).then().log().ifValidationFails();
    }

    /** Delivers a signed body; when it is answered 200 (queued), what it led to once ingested. */
    static ValidatableResponse deliverSigned(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return WebhookSamples.ingested(deliver(bytes, WebhookSignatures.metaSignature(appSecret(), bytes)));
    }

    @Test
    void theSubscriptionHandshakeEchoesTheChallengeOnlyForOurVerifyToken() {
        String token = ConfigProvider.getConfig().getValue("outpost.meta.verify-token", String.class);
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", token)
                .queryParam("hub.challenge", "1158201444")
                .when().get(PATH)
                .then().statusCode(200).contentType(ContentType.TEXT).body(equalTo("1158201444"));

        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", token + "x")
                .queryParam("hub.challenge", "1158201444")
                .when().get(PATH)
                .then().statusCode(403).contentType("application/problem+json");
        given().queryParam("hub.mode", "unsubscribe").queryParam("hub.verify_token", token)
                .queryParam("hub.challenge", "1158201444")
                .when().get(PATH)
                .then().statusCode(403);
        given().queryParam("hub.challenge", "1158201444")
                .when().get(PATH)
                .then().statusCode(403);
    }

    @Test
    void pageFeedPostsAndCommentsArePublishedWithTheirPlatformTimeInOneConversation() {
        String run = WebhookSamples.newRun();
        String page = "1067280970047460" + run;
        deliverSigned(WebhookSamples.load("meta/page-feed.json", run))
                .statusCode(200)
                .body("accepted", is(3)).body("duplicates", is(0)).body("skipped", is(1))
                // The removal of a comment we never ingested: recorded, nothing published.
                .body("changed", is(0)).body("unchanged", is(1));

        List<ConsumerRecord<String, String>> records = POSTS.exactly(run, 3);
        PostIngested status = PostEvents.byExternalId(records, page + "_901");
        assertThat(status.channel()).isEqualTo(Channel.FACEBOOK);
        assertThat(status.createdAt()).isEqualTo(Instant.ofEpochSecond(1730448000));
        assertThat(status.author().displayName()).isEqualTo("Dana Kim");
        assertThat(status.author().profile()).as("Meta's from carries only id and name").isNull();
        assertThat(status.fromOwnAccount()).isFalse();
        assertThat(status.accountId()).as("the page of the webhook entry: answers go out from it").isEqualTo(page);
        PostIngested comment = PostEvents.byExternalId(records, "901_3001" + run);
        assertThat(comment.inReplyToExternalId()).isEqualTo(page + "_901");
        assertThat(comment.createdAt()).isEqualTo(Instant.ofEpochSecond(1730448060));
        PostIngested ours = PostEvents.byExternalId(records, "901_3002" + run);
        assertThat(ours.fromOwnAccount()).isTrue();
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("facebook:" + page + "_901");
    }

    @Test
    void messengerMessagesArePrivateInTheCustomersThreadAndEchoesAreOurs() {
        String run = WebhookSamples.newRun();
        deliverSigned(WebhookSamples.load("meta/messenger.json", run))
                .statusCode(200)
                .body("accepted", is(2)).body("skipped", is(1));

        List<ConsumerRecord<String, String>> records = POSTS.exactly(run, 2);
        List<PostIngested> posts = records.stream().map(r -> TestEvents.payload(r, PostIngested.class)).toList();
        assertThat(posts).extracting(PostIngested::channel).containsOnly(Channel.MESSENGER);
        assertThat(posts).extracting(PostIngested::visibility).containsOnly(Visibility.PRIVATE);
        assertThat(posts).extracting(PostIngested::accountId).containsOnly("1067280970047460" + run);
        assertThat(posts).extracting(PostIngested::conversationKey).containsOnly(
                "messenger:thread:1067280970047460" + run + "-6789012345" + run);
        PostIngested customer = posts.stream().filter(p -> !p.fromOwnAccount()).findFirst().orElseThrow();
        assertThat(customer.author().platformUserId()).isEqualTo("6789012345" + run);
        assertThat(customer.createdAt()).isEqualTo(Instant.ofEpochMilli(1730448299123L));
        PostIngested echo = posts.stream().filter(PostIngested::fromOwnAccount).findFirst().orElseThrow();
        assertThat(echo.createdAt()).isEqualTo(Instant.ofEpochMilli(1730448399456L));
    }

    @Test
    void instagramCommentsAndMessagesArePublished() {
        String run = WebhookSamples.newRun();
        deliverSigned(WebhookSamples.load("meta/instagram-comments.json", run))
                .statusCode(200).body("accepted", is(2)).body("skipped", is(1));
        deliverSigned(WebhookSamples.load("meta/instagram-messages.json", run))
                .statusCode(200).body("accepted", is(2));

        List<ConsumerRecord<String, String>> records = POSTS.exactly(run, 4);
        PostIngested comment = PostEvents.byExternalId(records, "17865799348089039" + run);
        assertThat(comment.channel()).isEqualTo(Channel.INSTAGRAM);
        assertThat(comment.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(comment.author().handle()).isEqualTo("dana.k");
        assertThat(comment.createdAt()).isEqualTo(Instant.ofEpochSecond(1730448500));
        assertThat(comment.inReplyToExternalId()).isEqualTo("17918195224117851" + run);
        PostIngested reply = PostEvents.byExternalId(records, "17865799348089040" + run);
        assertThat(reply.fromOwnAccount()).isTrue();
        assertThat(reply.conversationKey()).isEqualTo(comment.conversationKey());
        PostIngested dm = PostEvents.byExternalId(records, "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1ODIy" + run);
        assertThat(dm.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(dm.fromOwnAccount()).isFalse();
    }

    @Test
    void aRedeliveredWebhookPublishesNothingTwice() {
        String run = WebhookSamples.newRun();
        String body = WebhookSamples.load("meta/messenger.json", run);
        deliverSigned(body).statusCode(200).body("accepted", is(2)).body("duplicates", is(0));
        deliverSigned(body).statusCode(200).body("accepted", is(0)).body("duplicates", is(2));

        POSTS.exactly(run, 2);
    }

    @Test
    void concurrentDeliveriesOfOneWebhookPublishEachPostOnce() {
        String run = WebhookSamples.newRun();
        String body = WebhookSamples.load("meta/messenger.json", run);
        List<CompletableFuture<Integer>> deliveries = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> deliverSigned(body).extract().statusCode()))
                .toList();
        assertThat(deliveries).extracting(CompletableFuture::join).containsOnly(200);

        POSTS.exactly(run, 2);
    }

    @Test
    void deliveriesWithoutTheRightSignatureAreRefusedAndNothingIsIngested() {
        String run = WebhookSamples.newRun();
        byte[] body = WebhookSamples.load("meta/page-feed.json", run).getBytes(StandardCharsets.UTF_8);
        String valid = WebhookSignatures.metaSignature(appSecret(), body);

        deliver(body, null).statusCode(401).contentType("application/problem+json");
        deliver(body, "").statusCode(401).contentType("application/problem+json");
        deliver(body, WebhookSignatures.metaSignature("not-our-secret", body)).statusCode(403)
                .contentType("application/problem+json");
        deliver(body, "sha256=nonsense").statusCode(403);
        deliver(body, WebhookSignatures.xSignature(appSecret(), body)).statusCode(403);
        byte[] altered = new String(body, StandardCharsets.UTF_8).replace("Dana Kim", "Mallory")
                .getBytes(StandardCharsets.UTF_8);
        deliver(altered, valid).statusCode(403).contentType("application/problem+json");

        POSTS.none(run);
    }

    @Test
    void unknownObjectsAndFieldsAreAcknowledgedAndNothingIsPublished() {
        String run = WebhookSamples.newRun();
        deliverSigned(WebhookSamples.load("meta/unknown-object.json", run))
                .statusCode(200).body("accepted", is(0)).body("skipped", is(1));
        deliverSigned(WebhookSamples.load("meta/page-unknown-field.json", run))
                .statusCode(200).body("accepted", is(0)).body("skipped", is(1));

        POSTS.none(run);
    }

    @Test
    void badInputIsRefusedWithA4xxAndNothingIsPublished() {
        String run = WebhookSamples.newRun();
        deliverSigned("{\"object\":\"page\",\"entry\":[" + run).statusCode(400).contentType("application/problem+json");
        deliverSigned("{\"object\":\"page\"} {\"extra\":\"" + run + "\"}").statusCode(400);
        deliverSigned("").statusCode(400).contentType("application/problem+json");
        // One good item and one without its id: the delivery is refused whole, the good item included.
        deliverSigned("""
                {"object":"page","entry":[{"id":"1","time":1,"changes":[
                 {"field":"feed","value":{"from":{"id":"2"},"item":"status","verb":"add","post_id":"1_%s","message":"%s","created_time":1}},
                 {"field":"feed","value":{"from":{"id":"2"},"item":"comment","verb":"add","message":"%s","created_time":1}}]}]}
                """.formatted(run, run, run))
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("comment_id"));

        byte[] text = ("hello " + run).getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.TEXT).header("X-Hub-Signature-256", WebhookSignatures.metaSignature(appSecret(), text))
                .body(text).when().post(PATH).then().statusCode(415);
        String huge = "{\"object\":\"page\",\"entry\":[],\"pad\":\"" + run + "a".repeat(1_100_000) + "\"}";
        byte[] hugeBytes = huge.getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSamples.postOversized(PATH, "X-Hub-Signature-256",
                WebhookSignatures.metaSignature(appSecret(), hugeBytes), hugeBytes)).isEqualTo(413);

        POSTS.none(run);
    }
}
