package io.outpost.ingest.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.OutboundRequested.Kind;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.ingest.FakeForum;
import io.outpost.ingest.SettledCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Forum delivery end to end: outpost.outbound (real Kafka) → the forum client → a strict fake forum
 * integration ({@link FakeForum}: verifies the signature and timestamp, honours Idempotency-Key) →
 * outpost.delivery, reported exactly as X and Meta outcomes are ({@link OutboundDeliveryTest#checked}).
 */
@QuarkusTest
class ForumDeliveryTest {

    static final String SECRET = "forum-test-signing-secret-0123456789abcdef";

    /** Outcomes stay single and forum calls unrepeated: checked once for the whole class, see {@link SettledCounts}. */
    static final SettledCounts SETTLED = new SettledCounts(Topics.DELIVERY, OutboundDeliveryTest.SETTLE);
    /** Each test's fake forum, kept answering until the class has settled (a late repeated call would reach it). */
    static final List<FakeForum> FORUMS = new ArrayList<>();

    FakeForum forum;
    String account;

    @BeforeEach
    void forum() throws Exception {
        forum = FakeForum.start(SECRET);
        FORUMS.add(forum);
        account = "forum-bot-" + UUID.randomUUID();
        registerForum(account, forum.endpoint(), SECRET);
    }

    /** What the test's forum received by its end must still be all it received once the class has settled. */
    @AfterEach
    void noteForum(TestInfo test) {
        FakeForum mine = forum;
        int calls = mine.calls().size();
        int posts = mine.posts().size();
        SETTLED.recount("the forum of " + test.getDisplayName() + ": " + calls + " call(s), " + posts + " post(s)", () -> {
            assertThat(mine.calls()).as("calls").hasSize(calls);
            assertThat(mine.posts()).as("posts").hasSize(posts);
        });
    }

    @AfterAll
    static void settled() {
        try {
            SETTLED.assertSettled();
        } finally {
            FORUMS.forEach(FakeForum::close);
            FORUMS.clear();
        }
    }

    /** The outcome of {@code r}, checked; that it stays the only one is checked after the class's settle. */
    static DeliveryReported reported(OutboundRequested r) {
        return reported(r, r.caseId().toString());
    }

    static DeliveryReported reported(OutboundRequested r, String expectedKey) {
        DeliveryReported event = OutboundDeliveryTest.checked(OutboundDeliveryTest.awaitFirst(r), r, expectedKey);
        OutboundDeliveryTest.expectOne(SETTLED, r);
        return event;
    }

    static void registerForum(String platformId, String endpoint, String secret) {
        String body = endpoint == null
                ? "{\"channel\":\"forum\",\"platformAccountId\":\"%s\",\"handle\":\"AcmeTeam\"}".formatted(platformId)
                : """
                        {"channel":"forum","platformAccountId":"%s","handle":"AcmeTeam","endpointUrl":"%s","signingSecret":"%s"}"""
                        .formatted(platformId, endpoint, secret);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/channel-accounts").then().statusCode(201);
    }

    OutboundRequested reply(Kind kind, String inReplyTo, String text) {
        return new OutboundRequested(UUID.randomUUID(), kind, UUID.randomUUID(), Channel.FORUM, account,
                kind == Kind.PUBLIC_REPLY ? null : "member-7", inReplyTo, text, Instant.now());
    }

    @Test
    void aReplyIsPostedSignedToTheIntegrationAndReportedDelivered() {
        String postId = "topic-12-post-" + UUID.randomUUID();
        OutboundRequested r = reply(Kind.PUBLIC_REPLY, postId, "Thanks Dana, a fix is on its way — Sam");
        OutboundDeliveryTest.publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(event.failureReason()).isNull();
        assertThat(forum.posts()).singleElement().satisfies(post -> {
            assertThat(event.platformMessageId()).isEqualTo(post.id());
            assertThat(post.body().path("messageId").asText()).isEqualTo(r.messageId().toString());
            assertThat(post.body().path("caseId").asText()).isEqualTo(r.caseId().toString());
            assertThat(post.body().path("account").asText()).isEqualTo(account);
            assertThat(post.body().path("kind").asText()).isEqualTo("reply");
            assertThat(post.body().path("inReplyTo").asText()).isEqualTo(postId);
            assertThat(post.body().path("text").asText()).isEqualTo(r.text());
            assertThat(Instant.parse(post.body().path("sentAt").asText())).isBetween(r.requestedAt().minusSeconds(1),
                    Instant.now());
        });
        assertThat(forum.calls()).singleElement().satisfies(call -> {
            assertThat(call.status()).isEqualTo(201);
            assertThat(call.idempotencyKey()).isEqualTo(r.messageId().toString());
        });
    }

    @Test
    void anIncidentsPublicPostGoesToTheForumAsAPostWithoutParent() {
        String key = "incident:" + UUID.randomUUID();
        OutboundRequested post = new OutboundRequested(UUID.randomUUID(), Kind.PUBLIC_POST, null, Channel.FORUM, account, null,
                null, "We know about the outage in the north and are working on it", Instant.now());
        TestEvents.publish(Topics.OUTBOUND, key, EventTypes.OUTBOUND_REQUESTED, post);

        DeliveryReported event = reported(post, key);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(forum.posts()).singleElement().satisfies(p -> {
            assertThat(p.body().path("kind").asText()).isEqualTo("post");
            assertThat(p.body().path("inReplyTo").isNull()).isTrue();
            assertThat(p.body().path("caseId").isNull()).isTrue();
        });
    }

    @Test
    void a500AndA429AreRetriedHonouringRetryAfterWithTheSameKeyAndBody() {
        forum.answerNext(500, Map.of(), "{\"title\":\"Internal Server Error\",\"detail\":\"database restarting\"}");
        forum.answerNext(429, Map.of("Retry-After", "1"), "{\"title\":\"Too Many Requests\",\"detail\":\"slow down\"}");
        OutboundRequested r = reply(Kind.PUBLIC_REPLY, "post-1", "We have refunded the second charge");
        OutboundDeliveryTest.publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        List<FakeForum.Call> calls = forum.calls();
        assertThat(calls).extracting(FakeForum.Call::status).containsExactly(500, 429, 201);
        assertThat(Duration.ofNanos(calls.get(2).arrivedNanos() - calls.get(1).arrivedNanos()))
                .as("the Retry-After of 1 s was honoured").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        // One message, recognisable as such on every attempt: same key, same bytes (each attempt signed afresh).
        assertThat(calls).extracting(FakeForum.Call::idempotencyKey).containsOnly(r.messageId().toString());
        assertThat(calls).extracting(call -> new String(call.body())).containsOnly(new String(calls.get(0).body()));
        assertThat(forum.posts()).hasSize(1);
    }

    @Test
    void a400FailsAtOnceWithTheIntegrationsReason() {
        forum.answerNext(400, Map.of(), "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"topic 77 is locked\"}");
        OutboundRequested r = reply(Kind.PUBLIC_REPLY, "topic-77-post-3", "We are looking into it");
        OutboundDeliveryTest.publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(event.failureReason()).isEqualTo("the forum integration answered 400: topic 77 is locked");
        assertThat(event.platformMessageId()).isNull();
        // The outcome is reported after the last attempt: one call means it was not retried.
        assertThat(forum.calls()).extracting(FakeForum.Call::status).containsExactly(400);
        assertThat(forum.posts()).isEmpty();
    }

    @Test
    void aReplySignedWithAnotherSecretIsRefusedByTheIntegration() throws Exception {
        try (FakeForum strangers = FakeForum.start("the-integrations-own-secret-0123456789abcdef")) {
            String other = "forum-bot-" + UUID.randomUUID();
            registerForum(other, strangers.endpoint(), SECRET);
            OutboundRequested r = new OutboundRequested(UUID.randomUUID(), Kind.PUBLIC_REPLY, UUID.randomUUID(), Channel.FORUM,
                    other, null, "post-9", "Hello", Instant.now());
            OutboundDeliveryTest.publish(r);

            DeliveryReported event = reported(r);
            assertThat(event.status()).isEqualTo(DeliveryReported.Status.FAILED);
            assertThat(event.failureReason()).isEqualTo("the forum integration answered 401: signature check failed: MISMATCH");
            assertThat(strangers.calls()).extracting(FakeForum.Call::status).containsExactly(401);
            assertThat(strangers.posts()).isEmpty();
        }
    }

    @Test
    void privateKindsOnAForumFailWithoutAnyCall() {
        UUID caseId = UUID.randomUUID();
        OutboundRequested dm = new OutboundRequested(UUID.randomUUID(), Kind.PRIVATE_MESSAGE, caseId, Channel.FORUM, account,
                "member-7", null, "Please send us your order number", Instant.now());
        OutboundRequested survey = new OutboundRequested(UUID.randomUUID(), Kind.SURVEY_INVITATION, caseId, Channel.FORUM, account,
                "member-7", null, "How did we do?", Instant.now());
        // The marker: the same case (key, so partition) after them; once it is reported, they were handled.
        OutboundRequested marker = new OutboundRequested(UUID.randomUUID(), Kind.PUBLIC_REPLY, caseId, Channel.FORUM, account,
                null, "post-5", "Answered in public", Instant.now());
        OutboundDeliveryTest.publish(dm);
        OutboundDeliveryTest.publish(survey);
        OutboundDeliveryTest.publish(marker);

        List<DeliveryReported> events = List.of(dm, survey, marker).stream().map(ForumDeliveryTest::reported).toList();
        for (DeliveryReported event : events.subList(0, 2)) {
            assertThat(event.status()).isEqualTo(DeliveryReported.Status.FAILED);
            assertThat(event.failureReason()).isEqualTo("channel forum has no private path: reply publicly");
        }
        assertThat(events.get(2).status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(forum.calls()).as("only the public reply reached the forum").singleElement()
                .satisfies(call -> assertThat(call.idempotencyKey()).isEqualTo(marker.messageId().toString()));
    }

    @Test
    void aPostWhoseAnswerTimedOutIsRetriedUnderTheSameKeyAndPostedOnce() {
        // Longer than the test profile's read timeout (5 s): the forum has posted, the sender never hears it.
        forum.postNextButAnswerAfter(Duration.ofSeconds(7));
        OutboundRequested r = reply(Kind.PUBLIC_REPLY, "post-2", "Your replacement ships today");
        OutboundDeliveryTest.publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(forum.posts()).singleElement().satisfies(post -> assertThat(event.platformMessageId()).isEqualTo(post.id()));
        assertThat(forum.calls()).extracting(FakeForum.Call::repeat).containsExactly(false, true);
    }

    @Test
    void aForumAccountWithoutEndpointFailsTheDeliveryWithTheReason() {
        String bare = "forum-bare-" + UUID.randomUUID();
        registerForum(bare, null, null);
        OutboundRequested r = new OutboundRequested(UUID.randomUUID(), Kind.PUBLIC_REPLY, UUID.randomUUID(), Channel.FORUM, bare,
                null, "post-3", "Hello", Instant.now());
        OutboundDeliveryTest.publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(event.failureReason()).isEqualTo("the forum account " + bare
                + " has no endpointUrl and signingSecret: set them on the channel account");
    }
}
