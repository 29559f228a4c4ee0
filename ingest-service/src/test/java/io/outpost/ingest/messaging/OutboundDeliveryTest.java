package io.outpost.ingest.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.OutboundRequested.Kind;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.ingest.SettledCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outbound delivery end to end: outpost.outbound (real Kafka) → the real REST clients → a fake X /
 * Meta (WireMock) that only answers requests of the documented shape with our credentials →
 * outpost.delivery.
 */
@QuarkusTest
class OutboundDeliveryTest {

    static final Duration ARRIVAL = Duration.ofSeconds(30);
    /** Long enough for a wrongly repeated send or outcome to show up before we count. */
    static final Duration SETTLE = Duration.ofSeconds(3);
    static final String X_TOKEN = "test-x-user-token";
    static final String META_TOKEN = "test-meta-page-token";
    static final String META_APP_SECRET = "test-meta-app-secret";

    @ConfigProperty(name = "outpost.test.wiremock-port")
    int wiremockPort;

    @Inject
    Pool db;

    /** Outcomes stay single: checked once for the whole class, see {@link SettledCounts}. */
    static final SettledCounts SETTLED = new SettledCounts(Topics.DELIVERY, OutboundDeliveryTest.SETTLE);

    WireMock platform;
    String xAccount;
    String pageId;

    @BeforeEach
    void accounts() {
        platform = new WireMock("localhost", wiremockPort);
        xAccount = "x-" + UUID.randomUUID();
        pageId = "page-" + UUID.randomUUID();
        register("x", xAccount, "test-x-token");
        register("facebook", pageId, "test-meta-page/token");
    }

    @AfterAll
    static void settled() {
        SETTLED.assertSettled();
    }

    static void register(String channel, String platformId, String credentialsRef) {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("""
                        {"channel":"%s","platformAccountId":"%s","handle":"acme","displayName":"Acme","credentialsRef":"%s"}
                        """.formatted(channel, platformId, credentialsRef))
                .when().post("/api/v1/channel-accounts").then().statusCode(201);
    }

    OutboundRequested request(Kind kind, Channel channel, String account, String recipient, String inReplyTo, String text) {
        return new OutboundRequested(UUID.randomUUID(), kind, UUID.randomUUID(), channel, account, recipient, inReplyTo,
                text, Instant.now());
    }

    static String publish(OutboundRequested r) {
        return TestEvents.publish(Topics.OUTBOUND, r.caseId().toString(), EventTypes.OUTBOUND_REQUESTED, r);
    }

    static MappingBuilder xTweet(String inReplyTo) {
        return post(urlPathEqualTo("/2/tweets"))
                .withHeader("Authorization", equalTo("Bearer " + X_TOKEN))
                .withHeader("Content-Type", WireMock.containing("application/json"))
                .withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo(inReplyTo)));
    }

    static RequestPatternBuilder xTweetCalls(String inReplyTo) {
        return postRequestedFor(urlPathEqualTo("/2/tweets"))
                .withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo(inReplyTo)));
    }

    static String appsecretProof() throws Exception {
        return appsecretProof(META_TOKEN);
    }

    static String appsecretProof(String pageToken) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(META_APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(pageToken.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Waits for the outcome of {@code messageId}, checks it against the contract, and asserts it is the only
     * one after {@link #SETTLE}: a settle per outcome (for classes whose fakes do not outlive a test).
     */
    static DeliveryReported outcome(OutboundRequested r) {
        return outcome(r, r.caseId().toString());
    }

    static DeliveryReported outcome(OutboundRequested r, String expectedKey) {
        String marker = r.messageId().toString();
        awaitFirst(r);
        List<ConsumerRecord<String, String>> settled = TestEvents.readUntil(Topics.DELIVERY, rs -> false, SETTLE).stream()
                .filter(rec -> rec.value().contains(marker)).toList();
        assertThat(settled).as("delivery.reported for " + marker + " after settling").hasSize(1);
        return checked(settled.get(0), r, expectedKey);
    }

    /** The first (so far only) outcome of {@code r}, within {@link #ARRIVAL}. */
    static ConsumerRecord<String, String> awaitFirst(OutboundRequested r) {
        String marker = r.messageId().toString();
        List<ConsumerRecord<String, String>> first = TestEvents.awaitContaining(Topics.DELIVERY, marker, ARRIVAL);
        assertThat(first).as("delivery.reported for " + marker).hasSize(1);
        return first.get(0);
    }

    /** Checks an outcome record of {@code r} against the contract and the request, and returns its payload. */
    static DeliveryReported checked(ConsumerRecord<String, String> record, OutboundRequested r, String expectedKey) {
        ContractCheck.assertConforms(record);
        assertThat(TestEvents.header(record, "ce_type")).contains(EventTypes.DELIVERY_REPORTED);
        assertThat(record.key()).isEqualTo(expectedKey);
        DeliveryReported event = TestEvents.payload(record, DeliveryReported.class);
        assertThat(event.messageId()).isEqualTo(r.messageId());
        assertThat(event.caseId()).isEqualTo(r.caseId());
        assertThat(event.channel()).isEqualTo(r.channel());
        return event;
    }

    /**
     * The outcome of {@code r}, checked as {@link #outcome} does; that it stays the only one is checked once
     * for the whole class ({@link SettledCounts}), after a settle that starts after the class's last outcome.
     */
    DeliveryReported reported(OutboundRequested r) {
        return reported(r, r.caseId().toString());
    }

    DeliveryReported reported(OutboundRequested r, String expectedKey) {
        DeliveryReported event = checked(awaitFirst(r), r, expectedKey);
        expectOne(SETTLED, r);
        return event;
    }

    /** Notes that {@code r} must have exactly one outcome once the class has settled. */
    static void expectOne(SettledCounts ledger, OutboundRequested r) {
        String marker = r.messageId().toString();
        ledger.expect("delivery.reported for " + marker, rec -> rec.value() != null && rec.value().contains(marker), 1);
    }

    /** {@code count} calls of {@code pattern} now, and still after settling (no call repeated later). */
    void verifyCalls(int count, RequestPatternBuilder pattern) {
        platform.verifyThat(count, pattern);
        WireMock fake = platform;
        SETTLED.recount(count + " platform call(s) " + pattern.build(), () -> fake.verifyThat(count, pattern));
    }

    void assertCalls(int count, RequestPatternBuilder pattern) {
        Poll.until("platform calls", Duration.ofSeconds(5), () -> platform.find(pattern).size(), n -> n >= count);
        verifyCalls(count, pattern);
    }

    @Test
    void anXPublicReplyIsPostedAsAReplyWithTheUserTokenAndReportedDelivered() {
        String tweetId = "t-" + UUID.randomUUID();
        String text = "@dana Sorry about that, we are on it";
        platform.register(xTweet(tweetId)
                .withRequestBody(equalToJson("{\"text\":\"" + text + "\",\"reply\":{\"in_reply_to_tweet_id\":\"" + tweetId + "\"}}"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"id\":\"x-reply-" + tweetId + "\",\"text\":\"" + text + "\"}}")));
        OutboundRequested r = request(Kind.PUBLIC_REPLY, Channel.X, xAccount, "dana-1", tweetId, text);
        publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(event.platformMessageId()).isEqualTo("x-reply-" + tweetId);
        assertThat(event.failureReason()).isNull();
        assertCalls(1, xTweetCalls(tweetId));
    }

    @Test
    void anIncidentsPublicPostIsATweetWithoutReplyAndAFacebookPagePost() throws Exception {
        String text = "We know about the outage in the north and are working on it " + UUID.randomUUID();
        platform.register(post(urlPathEqualTo("/2/tweets"))
                .withHeader("Authorization", equalTo("Bearer " + X_TOKEN))
                .withRequestBody(equalToJson("{\"text\":\"" + text + "\"}"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"id\":\"x-post-1\",\"text\":\"" + text + "\"}}")));
        String feed = "/v21.0/" + pageId + "/feed";
        platform.register(post(urlPathEqualTo(feed))
                .withHeader("Authorization", equalTo("Bearer " + META_TOKEN))
                .withQueryParam("appsecret_proof", equalTo(appsecretProof()))
                .withRequestBody(equalToJson("{\"message\":\"" + text + "\"}"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + pageId + "_post-1\"}")));
        String key = "incident:" + UUID.randomUUID();
        OutboundRequested onX = new OutboundRequested(UUID.randomUUID(), Kind.PUBLIC_POST, null, Channel.X, xAccount, null, null,
                text, Instant.now());
        OutboundRequested onFacebook = new OutboundRequested(UUID.randomUUID(), Kind.PUBLIC_POST, null, Channel.FACEBOOK, pageId,
                null, null, text, Instant.now());
        TestEvents.publish(Topics.OUTBOUND, key, EventTypes.OUTBOUND_REQUESTED, onX);
        TestEvents.publish(Topics.OUTBOUND, key, EventTypes.OUTBOUND_REQUESTED, onFacebook);

        DeliveryReported tweeted = reported(onX, key);
        assertThat(tweeted.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(tweeted.platformMessageId()).isEqualTo("x-post-1");
        assertThat(tweeted.caseId()).isNull();
        DeliveryReported posted = reported(onFacebook, key);
        assertThat(posted.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(posted.platformMessageId()).isEqualTo(pageId + "_post-1");
        // Not a reply: the tweet carries no reply object.
        assertCalls(1, postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(equalToJson("{\"text\":\"" + text + "\"}")));
        assertCalls(1, postRequestedFor(urlPathEqualTo(feed)));
    }

    @Test
    void aPublicPostWhereThePlatformHasNoTextPostFailsWithoutAnyCall() {
        String key = "incident:" + UUID.randomUUID();
        String igAccount = "ig-" + UUID.randomUUID();
        register("instagram", igAccount, "test-meta-page/token");
        OutboundRequested onInstagram = new OutboundRequested(UUID.randomUUID(), Kind.PUBLIC_POST, null, Channel.INSTAGRAM,
                igAccount, null, null, "We are on it", Instant.now());
        OutboundRequested tooLong = new OutboundRequested(UUID.randomUUID(), Kind.PUBLIC_POST, null, Channel.X, xAccount, null,
                null, "x".repeat(281), Instant.now());
        TestEvents.publish(Topics.OUTBOUND, key, EventTypes.OUTBOUND_REQUESTED, onInstagram);
        TestEvents.publish(Topics.OUTBOUND, key, EventTypes.OUTBOUND_REQUESTED, tooLong);

        DeliveryReported instagram = reported(onInstagram, key);
        assertThat(instagram.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(instagram.failureReason()).contains("Instagram cannot publish a text-only post");
        DeliveryReported x = reported(tooLong, key);
        assertThat(x.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(x.failureReason()).contains("281").contains("280");
        verifyCalls(0, postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(matchingJsonPath("$.text",
                equalTo("x".repeat(281)))));
    }

    @Test
    void anXDirectMessageGoesToTheConversationWithTheRecipient() {
        String user = "u-" + UUID.randomUUID();
        String path = "/2/dm_conversations/with/" + user + "/messages";
        platform.register(post(urlPathEqualTo(path))
                .withHeader("Authorization", equalTo("Bearer " + X_TOKEN))
                .withRequestBody(equalToJson("{\"text\":\"How would you rate our help?\"}"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"dm_conversation_id\":\"1-2\",\"dm_event_id\":\"dm-" + user + "\"}}")));
        OutboundRequested r = request(Kind.SURVEY_INVITATION, Channel.X, xAccount, user, null, "How would you rate our help?");
        publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(event.platformMessageId()).isEqualTo("dm-" + user);
        assertCalls(1, postRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void aFacebookCommentReplyCarriesThePageTokenAndTheAppsecretProof() throws Exception {
        String commentId = pageId + "_" + UUID.randomUUID();
        String path = "/v21.0/" + commentId + "/comments";
        platform.register(post(urlPathEqualTo(path))
                .withHeader("Authorization", equalTo("Bearer " + META_TOKEN))
                .withQueryParam("appsecret_proof", equalTo(appsecretProof()))
                .withRequestBody(equalToJson("{\"message\":\"Thanks, sent you a DM\"}"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"c-" + commentId + "\"}")));
        OutboundRequested r = request(Kind.PUBLIC_REPLY, Channel.FACEBOOK, pageId, "psid-1", commentId, "Thanks, sent you a DM");
        publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(event.platformMessageId()).isEqualTo("c-" + commentId);
        assertCalls(1, postRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void aMessengerMessageUsesTheSendApiFromThePageRegisteredAsFacebook() throws Exception {
        String psid = "psid-" + UUID.randomUUID();
        platform.register(post(urlPathEqualTo("/v21.0/me/messages"))
                .withHeader("Authorization", equalTo("Bearer " + META_TOKEN))
                .withQueryParam("appsecret_proof", equalTo(appsecretProof()))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)))
                .withRequestBody(equalToJson("""
                        {"recipient":{"id":"%s"},"messaging_type":"RESPONSE","message":{"text":"Your refund is on its way"}}
                        """.formatted(psid)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"recipient_id\":\"" + psid + "\",\"message_id\":\"m_" + psid + "\"}")));
        OutboundRequested r = request(Kind.PRIVATE_MESSAGE, Channel.MESSENGER, null, psid, null, "Your refund is on its way");
        r = new OutboundRequested(r.messageId(), r.kind(), r.caseId(), r.channel(), pageId, psid, null, r.text(), r.requestedAt());
        publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(event.platformMessageId()).isEqualTo("m_" + psid);
        assertCalls(1, postRequestedFor(urlPathEqualTo("/v21.0/me/messages"))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
    }

    @Test
    void aPrivateMessageToAFacebookCommenterIsAPrivateReplyAddressedByTheComment() throws Exception {
        String comment = "901_" + UUID.randomUUID();
        String commenter = "feed-user-" + UUID.randomUUID();
        // Messenger Platform, "Private Replies": recipient.comment_id, no messaging_type; Meta answers with the
        // commenter's page-scoped id.
        platform.register(post(urlPathEqualTo("/v21.0/me/messages"))
                .withQueryParam("appsecret_proof", equalTo(appsecretProof()))
                .withRequestBody(equalToJson("""
                        {"recipient":{"comment_id":"%s"},"message":{"text":"Could you DM us your order number?"}}
                        """.formatted(comment)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"recipient_id\":\"psid-1\",\"message_id\":\"m_" + comment + "\"}")));
        OutboundRequested r = new OutboundRequested(UUID.randomUUID(), Kind.PRIVATE_MESSAGE, UUID.randomUUID(),
                Channel.FACEBOOK, pageId, commenter, comment, "Could you DM us your order number?", Instant.now());
        publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(event.platformMessageId()).isEqualTo("m_" + comment);
        assertCalls(1, postRequestedFor(urlPathEqualTo("/v21.0/me/messages"))
                .withRequestBody(matchingJsonPath("$.recipient.comment_id", equalTo(comment))));
    }

    @Test
    void anXReplyOver280CharactersAsXCountsThemFailsWithoutAnyCall() {
        String tweetId = "t-" + UUID.randomUUID();
        // 280 code points, but the emoji weighs 2 on X: 281 as X counts it (service-kit's ChannelTextLimits).
        String text = "a".repeat(279) + "\uD83D\uDE00";
        platform.register(xTweet(tweetId).willReturn(aResponse().withStatus(201).withBody("{\"data\":{\"id\":\"1\"}}")));
        OutboundRequested r = request(Kind.PUBLIC_REPLY, Channel.X, xAccount, "dana-1", tweetId, text);
        publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(event.failureReason())
                .isEqualTo("text is 281 characters, X allows 280 (X counts a link as 23 and an emoji as 2)");
        verifyCalls(0, xTweetCalls(tweetId));
    }

    @Test
    void a429WithRetryAfterIsWaitedForAndRetried() {
        String tweetId = "t-" + UUID.randomUUID();
        String scenario = "rate-limited-" + tweetId;
        platform.register(xTweet(tweetId).inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"status\":429}"))
                .willSetStateTo("waited"));
        platform.register(xTweet(tweetId).inScenario(scenario).whenScenarioStateIs("waited")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"id\":\"after-retry-" + tweetId + "\"}}")));
        OutboundRequested r = request(Kind.PUBLIC_REPLY, Channel.X, xAccount, "dana-1", tweetId, "We hear you");
        Instant sent = Instant.now();
        publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(event.platformMessageId()).isEqualTo("after-retry-" + tweetId);
        verifyCalls(2, xTweetCalls(tweetId));
        List<Instant> calls = platform.find(xTweetCalls(tweetId)).stream()
                .map(req -> req.getLoggedDate().toInstant()).sorted().toList();
        assertThat(Duration.between(calls.get(0), calls.get(1))).as("the Retry-After of 1 s was honoured")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(calls.get(0)).isAfterOrEqualTo(sent.minusSeconds(1));
    }

    @Test
    void whenXSaysTheWindowIsSpentTheAccountsNextSendWaitsForTheResetInsteadOfBeingRefused() {
        String first = "t-" + UUID.randomUUID();
        String second = "t-" + UUID.randomUUID();
        // X API v2, "Rate limits": every answer carries x-rate-limit-remaining and x-rate-limit-reset (epoch s);
        // X counts in fixed windows, so with none remaining a send before the reset would get a 429.
        // 3-4 s ahead: the first send is reported well before it, so a second send that ignored the spent window
        // would be logged seconds early.
        long reset = Instant.now().getEpochSecond() + 4;
        platform.register(xTweet(first).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withHeader("x-rate-limit-limit", "100").withHeader("x-rate-limit-remaining", "0")
                .withHeader("x-rate-limit-reset", Long.toString(reset))
                .withBody("{\"data\":{\"id\":\"spent-" + first + "\"}}")));
        platform.register(xTweet(second).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"id\":\"after-reset-" + second + "\"}}")));
        OutboundRequested spending = request(Kind.PUBLIC_REPLY, Channel.X, xAccount, "dana-1", first, "First answer");
        publish(spending);
        assertThat(reported(spending).status()).isEqualTo(DeliveryReported.Status.DELIVERED);

        OutboundRequested next = request(Kind.PUBLIC_REPLY, Channel.X, xAccount, "dana-2", second, "Second answer");
        publish(next);

        assertThat(reported(next).status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        Instant called = platform.find(xTweetCalls(second)).get(0).getLoggedDate().toInstant();
        assertThat(called).as("sent after X's reset, not into the spent window")
                .isAfterOrEqualTo(Instant.ofEpochSecond(reset).minusMillis(50));
    }

    @Test
    void repeated5xxFailAfterTheMaximumAttemptsWithTheLastStatus() {
        String tweetId = "t-" + UUID.randomUUID();
        platform.register(xTweet(tweetId).willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withBody("{\"title\":\"Service Unavailable\",\"detail\":\"Service Unavailable\",\"status\":503}")));
        OutboundRequested r = request(Kind.PUBLIC_REPLY, Channel.X, xAccount, "dana-1", tweetId, "Still looking");
        publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(event.failureReason()).contains("X answered 503: Service Unavailable").contains("after 3 attempts");
        verifyCalls(3, xTweetCalls(tweetId));
    }

    @Test
    void aClientErrorFailsAtOnceWithThePlatformsMessage() throws Exception {
        String commentId = pageId + "_" + UUID.randomUUID();
        String path = "/v21.0/" + commentId + "/comments";
        platform.register(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#100) Unsupported post request.\",\"type\":\"GraphMethodException\",\"code\":100}}")));
        OutboundRequested r = request(Kind.PUBLIC_REPLY, Channel.FACEBOOK, pageId, "psid-1", commentId, "Hello");
        publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(event.failureReason()).isEqualTo("Meta answered 400: (#100) Unsupported post request.");
        verifyCalls(1, postRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void aRevokedMetaPageTokenFailsAtOnceAndMarksTheAccountsCredentialsFailing() throws Exception {
        String commentId = pageId + "_" + UUID.randomUUID();
        String path = "/v21.0/" + commentId + "/comments";
        // Graph API "Handling Errors": code 190 is an invalid (expired or revoked) access token.
        platform.register(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(metaError(190, "Error validating access token: The user has not authorized application 1234."))));
        OutboundRequested r = request(Kind.PUBLIC_REPLY, Channel.FACEBOOK, pageId, "psid-1", commentId, "Hello");
        publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(event.failureReason()).contains("Meta answered 400: Error validating access token")
                .contains("the access token of the facebook account " + pageId + " was refused");
        verifyCalls(1, postRequestedFor(urlPathEqualTo(path)));
        Poll.until("the facebook account marked failing", Duration.ofSeconds(10), () -> db.preparedQuery(
                        "select credentials_status from channel_account where channel = 'facebook' and platform_account_id = $1")
                .execute(Tuple.of(pageId)).await().atMost(Duration.ofSeconds(10)).iterator().next().getString(0),
                "failing"::equals);
    }

    /** Meta's documented error body (https://developers.facebook.com/docs/graph-api/guides/error-handling). */
    static String metaError(int code, String message) {
        return """
                {"error":{"message":"%s","type":"OAuthException","code":%d,"fbtrace_id":"A1b2C3d4"}}"""
                .formatted(message, code);
    }

    @Test
    void metasThrottlingCodesAreRetriedLikeA429() throws Exception {
        // Meta answers a throttled call with 400 or 403 and the limit's code, never 429
        // (https://developers.facebook.com/docs/graph-api/overview/rate-limiting/, "Error codes").
        record Throttle(int status, int code, String message) {
        }
        List<Throttle> throttles = List.of(new Throttle(400, 4, "(#4) Application request limit reached"),
                new Throttle(403, 17, "(#17) User request limit reached"),
                new Throttle(400, 32, "(#32) Page request limit reached"),
                new Throttle(400, 613, "(#613) Calls to this api have exceeded the rate limit."));
        List<OutboundRequested> requests = new java.util.ArrayList<>();
        for (Throttle t : throttles) {
            String commentId = pageId + "_throttled-" + t.code() + "-" + UUID.randomUUID();
            String path = "/v21.0/" + commentId + "/comments";
            String scenario = "throttled-" + commentId;
            platform.register(post(urlPathEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + META_TOKEN))
                    .withQueryParam("appsecret_proof", equalTo(appsecretProof()))
                    .inScenario(scenario).whenScenarioStateIs(STARTED)
                    .willReturn(aResponse().withStatus(t.status()).withHeader("Content-Type", "application/json")
                            .withHeader("X-App-Usage", "{\"call_count\":100,\"total_cputime\":20,\"total_time\":25}")
                            .withBody(metaError(t.code(), t.message())))
                    .willSetStateTo("usage dropped"));
            platform.register(post(urlPathEqualTo(path)).inScenario(scenario).whenScenarioStateIs("usage dropped")
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"id\":\"c-" + commentId + "\"}")));
            OutboundRequested r = request(Kind.PUBLIC_REPLY, Channel.FACEBOOK, pageId, "psid-1", commentId, "Thanks " + t.code());
            requests.add(r);
            publish(r);
        }

        for (OutboundRequested r : requests) {
            DeliveryReported event = reported(r);
            assertThat(event.status()).as("code in " + r.inReplyToExternalId()).isEqualTo(DeliveryReported.Status.DELIVERED);
            assertThat(event.platformMessageId()).isEqualTo("c-" + r.inReplyToExternalId());
            verifyCalls(2, postRequestedFor(urlPathEqualTo("/v21.0/" + r.inReplyToExternalId() + "/comments")));
        }
    }

    @Test
    void metasEstimatedTimeToRegainAccessIsHonouredNotRetriedEarly() {
        // A page token's calls are Business Use Case calls: 80001 with X-Business-Use-Case-Usage saying 2
        // minutes. That is past the test profile's max-duration (10 s): the message is parked until then
        // (pending, with its not-before time), after one call, instead of calling again too soon or failing.
        String commentId = pageId + "_buc-" + UUID.randomUUID();
        String path = "/v21.0/" + commentId + "/comments";
        platform.register(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withHeader("X-Business-Use-Case-Usage", """
                        {"1122334455":[{"type":"pages","call_count":100,"total_cputime":12,"total_time":14,\
                        "estimated_time_to_regain_access":2}]}""")
                .withBody(metaError(80001, "There have been too many calls to this Page account. Wait a bit and try again."))));
        OutboundRequested r = request(Kind.PUBLIC_REPLY, Channel.FACEBOOK, pageId, "psid-1", commentId, "Hello");
        Instant sent = Instant.now();
        publish(r);

        OffsetDateTime notBefore = Poll.until("the parked row", Duration.ofSeconds(10), () -> db.preparedQuery(
                        "select not_before from delivery where message_id = $1 and status = 'pending'")
                .execute(Tuple.of(r.messageId())).await().atMost(Duration.ofSeconds(10)), rows -> rows.size() == 1
                        && rows.iterator().next().getValue(0) != null)
                .iterator().next().getOffsetDateTime(0);
        assertThat(notBefore.toInstant()).isBetween(sent.plus(Duration.ofMinutes(2)), Instant.now().plus(Duration.ofMinutes(2)));
        List<ConsumerRecord<String, String>> reported = TestEvents.readUntil(Topics.DELIVERY, rs -> false, SETTLE).stream()
                .filter(rec -> rec.value().contains(r.messageId().toString())).toList();
        assertThat(reported).as("no outcome while parked").isEmpty();
        verifyCalls(1, postRequestedFor(urlPathEqualTo(path)));
        // Not sent when the test run is long past (it would only be throttled again): the row goes.
        db.preparedQuery("delete from delivery where message_id = $1").execute(Tuple.of(r.messageId()))
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aRegainTimePastTheMaximumWaitFailsWithMetasReason() {
        // 1,500 minutes: past outpost.outbound.retry.max-rate-limit-wait (24 h after the request).
        String commentId = pageId + "_buc-" + UUID.randomUUID();
        String path = "/v21.0/" + commentId + "/comments";
        platform.register(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withHeader("X-Business-Use-Case-Usage", """
                        {"1122334455":[{"type":"pages","call_count":100,"total_cputime":12,"total_time":14,\
                        "estimated_time_to_regain_access":1500}]}""")
                .withBody(metaError(80001, "There have been too many calls to this Page account. Wait a bit and try again."))));
        OutboundRequested r = request(Kind.PUBLIC_REPLY, Channel.FACEBOOK, pageId, "psid-1", commentId, "Hello");
        publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(event.failureReason()).startsWith("Meta answered 400: There have been too many calls to this Page account")
                .contains("rate limited, code 80001").contains("max-rate-limit-wait");
        verifyCalls(1, postRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void aMessageIsSentOnceWhetherItsEventIsRedeliveredOrRequestedAgain() {
        String tweetId = "t-" + UUID.randomUUID();
        platform.register(xTweet(tweetId).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"id\":\"once-" + tweetId + "\"}}")));
        OutboundRequested r = request(Kind.PUBLIC_REPLY, Channel.X, xAccount, "dana-1", tweetId, "Only once");
        String ceId = UUID.randomUUID().toString();
        String key = r.caseId().toString();
        TestEvents.publishRaw(Topics.OUTBOUND, key, ceId, EventTypes.OUTBOUND_REQUESTED, TestEvents.json(r));
        TestEvents.publishRaw(Topics.OUTBOUND, key, ceId, EventTypes.OUTBOUND_REQUESTED, TestEvents.json(r));
        // A new event (new ce_id) for the same message id: e.g. case-service retrying its request.
        TestEvents.publish(Topics.OUTBOUND, key, EventTypes.OUTBOUND_REQUESTED, r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        verifyCalls(1, xTweetCalls(tweetId));
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopic() {
        String marker = "poison-" + UUID.randomUUID();
        TestEvents.publishRaw(Topics.OUTBOUND, "k", UUID.randomUUID().toString(), EventTypes.OUTBOUND_REQUESTED,
                "{\"messageId\": \"" + marker + "\", not json");
        List<ConsumerRecord<String, String>> dead = TestEvents.awaitContaining(Topics.dlq(Topics.OUTBOUND), marker, ARRIVAL);
        assertThat(dead).hasSize(1);
        // No outcome for it: checked after the class's settle, which starts after this marker (the dead letter).
        SETTLED.expect("delivery.reported for " + marker, rec -> rec.value() != null && rec.value().contains(marker), 0);
    }

    @Test
    void aSendWhoseOutcomeIsUnknownIsReportedFailedAndNeverResent() {
        String tweetId = "t-" + UUID.randomUUID();
        UUID messageId = UUID.randomUUID();
        UUID caseId = UUID.randomUUID();
        OffsetDateTime longAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        // What a crash after the claim leaves behind: a row 'sending' whose sender is gone.
        db.preparedQuery("""
                insert into delivery (message_id, event_key, case_id, channel, kind, account_id, in_reply_to_id, text,
                                      status, attempts, created_at, sending_since, updated_at)
                values ($1, $2, $3, 'x', 'public-reply', $4, $5, 'lost in a crash', 'sending', 0, $6, $6, $6)""")
                .execute(Tuple.from(List.of(messageId, caseId.toString(), caseId, xAccount, tweetId, longAgo)))
                .await().atMost(Duration.ofSeconds(10));
        OutboundRequested r = new OutboundRequested(messageId, Kind.PUBLIC_REPLY, caseId, Channel.X, xAccount, null, tweetId,
                "lost in a crash", Instant.now());
        // Its request redelivered after the restart changes nothing.
        publish(r);

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(event.failureReason()).isEqualTo(OutboundDelivery.OUTCOME_UNKNOWN);
        verifyCalls(0, xTweetCalls(tweetId));
    }

    @Test
    void aPendingDeliveryLeftByACrashIsSentByTheSweeper() {
        String tweetId = "t-" + UUID.randomUUID();
        platform.register(xTweet(tweetId).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"id\":\"swept-" + tweetId + "\"}}")));
        UUID messageId = UUID.randomUUID();
        UUID caseId = UUID.randomUUID();
        OffsetDateTime earlier = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        db.preparedQuery("""
                insert into delivery (message_id, event_key, case_id, channel, kind, account_id, in_reply_to_id, text,
                                      status, attempts, created_at, updated_at)
                values ($1, $2, $3, 'x', 'public-reply', $4, $5, 'recorded before a crash', 'pending', 0, $6, $6)""")
                .execute(Tuple.from(List.of(messageId, caseId.toString(), caseId, xAccount, tweetId, earlier)))
                .await().atMost(Duration.ofSeconds(10));
        OutboundRequested r = new OutboundRequested(messageId, Kind.PUBLIC_REPLY, caseId, Channel.X, xAccount, null, tweetId,
                "recorded before a crash", Instant.now());

        DeliveryReported event = reported(r);
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(event.platformMessageId()).isEqualTo("swept-" + tweetId);
        verifyCalls(1, xTweetCalls(tweetId));
    }

    @Test
    void sendsFromOneAccountAreSpacedByItsRateLimit() throws Exception {
        // Test profile: instagram accounts may send 2 at once, then 1 per second.
        String igAccount = "ig-" + UUID.randomUUID();
        register("instagram", igAccount, "test-meta-page/token");
        String media = "media-" + UUID.randomUUID();
        RequestPatternBuilder replies = postRequestedFor(WireMock.urlPathMatching("/v21\\.0/" + media + "-c[0-9]/replies"));
        platform.register(post(WireMock.urlPathMatching("/v21\\.0/" + media + "-c[0-9]/replies"))
                .withHeader("Authorization", equalTo("Bearer " + META_TOKEN))
                .withQueryParam("appsecret_proof", equalTo(appsecretProof()))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"ig-reply\"}")));
        List<OutboundRequested> requests = List.of(1, 2, 3).stream()
                .map(i -> request(Kind.PUBLIC_REPLY, Channel.INSTAGRAM, igAccount, "fan", media + "-c" + i, "Thanks " + i))
                .toList();
        requests.forEach(OutboundDeliveryTest::publish);

        requests.forEach(r -> assertThat(reported(r).status()).isEqualTo(DeliveryReported.Status.DELIVERED));
        List<Instant> calls = platform.find(replies).stream().map(req -> req.getLoggedDate().toInstant()).sorted().toList();
        assertThat(calls).hasSize(3);
        // The bucket makes the third send wait about 1 s; the times are when the fake platform logged each
        // request, and on a saturated test machine the first one can be logged ~100 ms after its token was
        // taken (0.895 s was seen), so the bound leaves room for that. Without the bucket the gap is ~0.
        assertThat(Duration.between(calls.get(0), calls.get(2))).as("the third send waited for a token")
                .isGreaterThanOrEqualTo(Duration.ofMillis(750));
    }
}
