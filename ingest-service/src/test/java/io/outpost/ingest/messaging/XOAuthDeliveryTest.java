package io.outpost.ingest.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.ingest.SettledCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * X accounts with OAuth 2.0 user tokens (README "X tokens"): outpost.outbound (real Kafka) → the real
 * REST clients → a strict fake X (WireMock) whose token endpoint honours a refresh token once and whose
 * tweet endpoint refuses any access token but the current one → outpost.delivery.
 *
 * <p>The fake's rules come from X's OAuth 2.0 documentation (user access tokens, refresh tokens, the
 * token endpoint); the comment at each stub names the rule it checks.
 */
@QuarkusTest
class XOAuthDeliveryTest {

    static final String PATH = "/api/v1/channel-accounts";
    static final String CLIENT_ID = "test-x-client-id";
    static final String CLIENT_SECRET = "test-x-client-secret";
    static final Pattern FAILING = Pattern.compile(
            "^outpost_channel_account_credentials_failing\\{([^}]*)} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    @ConfigProperty(name = "outpost.test.wiremock-port")
    int wiremockPort;

    @Inject
    Pool db;

    /** Outcomes stay single: checked once for the whole class, see {@link SettledCounts}. */
    static final SettledCounts SETTLED = new SettledCounts(Topics.DELIVERY, OutboundDeliveryTest.SETTLE);

    WireMock x;
    String account;
    String run;

    @BeforeEach
    void fakeX() {
        x = new WireMock("localhost", wiremockPort);
        account = "x-oauth-" + UUID.randomUUID();
        run = UUID.randomUUID().toString();
        // X rule: every refresh answers a new refresh token and the one used is spent; a spent, revoked or unknown
        // refresh token is answered 400 {"error":"invalid_request","error_description":"Value passed for the token
        // was invalid."}. Lowest priority: the scenario stubs below honour each refresh token once and then move on,
        // so a second use of one falls through to this answer.
        x.register(token().atPriority(10).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_request\",\"error_description\":\"Value passed for the token was invalid.\"}")));
    }

    /**
     * X rule (token endpoint, refresh): {@code POST /2/oauth2/token}, body form-encoded with
     * {@code grant_type=refresh_token} and {@code client_id}; a confidential client authenticates with HTTP
     * Basic (client id : client secret). A request of another shape matches nothing here (WireMock's 404).
     */
    static MappingBuilder token() {
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        return post(urlPathEqualTo("/2/oauth2/token"))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withHeader("Authorization", equalTo(basic))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("client_id=" + CLIENT_ID));
    }

    static RequestPatternBuilder tokenCalls(String refreshToken) {
        return postRequestedFor(urlPathEqualTo("/2/oauth2/token")).withRequestBody(containing("refresh_token=" + refreshToken));
    }

    /**
     * X rule (refresh answer): {@code {"token_type":"bearer","expires_in":7200,"access_token":…,"scope":…,
     * "refresh_token":…}}, a new refresh token every time. The refresh token {@code from} is honoured once: only in
     * scenario state {@code state}, which the answer leaves.
     */
    void rotates(String scenario, String state, String from, String nextState, String access, String refresh, int expiresIn) {
        x.register(token().withRequestBody(containing("refresh_token=" + from))
                .inScenario(scenario).whenScenarioStateIs(state)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"token_type":"bearer","expires_in":%d,"access_token":"%s","scope":"tweet.read tweet.write users.read offline.access","refresh_token":"%s"}"""
                                .formatted(expiresIn, access, refresh)))
                .willSetStateTo(nextState));
    }

    /**
     * {@code POST /2/tweets} as a reply to {@code inReplyTo}: 201 with the current access token. X rule: a user
     * access token is valid for 2 hours (or until revoked); a request with an expired or revoked one is answered
     * 401 with X's problem body (lower priority: any other token).
     */
    void tweets(String inReplyTo, String accessToken) {
        x.register(post(urlPathEqualTo("/2/tweets"))
                .withHeader("Authorization", equalTo("Bearer " + accessToken))
                .withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo(inReplyTo)))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"id\":\"reply-to-" + inReplyTo + "\",\"text\":\"ok\"}}")));
        x.register(post(urlPathEqualTo("/2/tweets")).atPriority(10)
                .withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo(inReplyTo)))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}")));
    }

    static RequestPatternBuilder tweetCalls(String inReplyTo) {
        return postRequestedFor(urlPathEqualTo("/2/tweets"))
                .withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo(inReplyTo)));
    }

    static String oauthAccount(String platformId, String access, String refresh, Instant expiresAt) {
        return """
                {"channel":"x","platformAccountId":"%s","handle":"AcmeHelp",
                 "oauth":{"accessToken":"%s","refreshToken":"%s","expiresAt":"%s"}}""".formatted(platformId, access, refresh, expiresAt);
    }

    String register(String access, String refresh, Instant expiresAt) {
        String body = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(oauthAccount(account, access, refresh, expiresAt))
                .when().post(PATH).then().statusCode(201).extract().asString();
        assertThat(body).doesNotContain(access).doesNotContain(refresh);
        return JsonPath.from(body).getString("id");
    }

    JsonPath view(String id) {
        return given().auth().oauth2(TestTokens.admin()).when().get(PATH + "/" + id).then().statusCode(200).extract().jsonPath();
    }

    String viewBody(String id) {
        return given().auth().oauth2(TestTokens.admin()).when().get(PATH + "/" + id).then().statusCode(200).extract().asString();
    }

    Row row(String id) {
        return db.preparedQuery("select access_token, refresh_token, access_token_expires_at, refresh_claimed_until"
                        + " from channel_account where id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    OutboundRequested reply(String inReplyTo) {
        return new OutboundRequested(UUID.randomUUID(), Kind.PUBLIC_REPLY, UUID.randomUUID(), Channel.X, account, "dana",
                inReplyTo, "Sorry about that, we are on it", Instant.now());
    }

    @AfterAll
    static void settled() {
        SETTLED.assertSettled();
    }

    DeliveryReported send(OutboundRequested r) {
        TestEvents.publish(Topics.OUTBOUND, r.caseId().toString(), EventTypes.OUTBOUND_REQUESTED, r);
        return reported(r, r.caseId().toString());
    }

    /** The outcome of {@code r}; that it stays the only one is checked after the class's settle. */
    DeliveryReported reported(OutboundRequested r, String expectedKey) {
        DeliveryReported event = OutboundDeliveryTest.checked(OutboundDeliveryTest.awaitFirst(r), r, expectedKey);
        OutboundDeliveryTest.expectOne(SETTLED, r);
        return event;
    }

    /** {@code count} calls of {@code pattern} now, and still after the class's settle (none repeated later). */
    void verifyCalls(int count, RequestPatternBuilder pattern) {
        x.verifyThat(count, pattern);
        WireMock fake = x;
        SETTLED.recount(count + " call(s) " + pattern.build(), () -> fake.verifyThat(count, pattern));
    }

    /** outpost_channel_account_credentials_failing{account=…,channel="x"} on /q/metrics; -1 when absent. */
    double failingGauge(String platformId) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = FAILING.matcher(metrics);
        while (m.find()) {
            if (m.group(1).contains("account=\"" + platformId + "\"") && m.group(1).contains("channel=\"x\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }

    @Test
    void anExpiredTokenIsRefreshedBeforeTheSendAndTheRotatedRefreshTokenIsStoredAndUsedNext() {
        String a1 = "a1-" + run, r1 = "r1-" + run, a2 = "a2-" + run, r2 = "r2-" + run, a3 = "a3-" + run, r3 = "r3-" + run;
        String scenario = "rotation-" + run;
        // The first refresh answers a token that lives 60 s: under the 5-minute margin, so the next send refreshes again.
        rotates(scenario, STARTED, r1, "r2 issued", a2, r2, 60);
        rotates(scenario, "r2 issued", r2, "r3 issued", a3, r3, 7200);
        String first = "t1-" + run, second = "t2-" + run;
        tweets(first, a2);
        tweets(second, a3);
        String id = register(a1, r1, Instant.now().minusSeconds(60));
        assertThat(view(id).getString("credentialsStatus")).isEqualTo("unknown");

        DeliveryReported one = send(reply(first));
        assertThat(one.status()).as(one.failureReason()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(one.platformMessageId()).isEqualTo("reply-to-" + first);
        verifyCalls(1, tokenCalls(r1));
        verifyCalls(1, tweetCalls(first));

        Row stored = row(id);
        String sealedRefresh = new String(stored.getBuffer("refresh_token").getBytes(), StandardCharsets.ISO_8859_1);
        String sealedAccess = new String(stored.getBuffer("access_token").getBytes(), StandardCharsets.ISO_8859_1);
        assertThat(sealedRefresh).as("sealed, not in clear").doesNotContain(r2).doesNotContain(r1);
        assertThat(sealedAccess).doesNotContain(a2);
        assertThat(stored.getValue("refresh_claimed_until")).as("the claim was released").isNull();
        JsonPath view = view(id);
        assertThat(view.getBoolean("oauthTokenSet")).isTrue();
        assertThat(view.getString("credentialsStatus")).isEqualTo("ok");
        assertThat(view.getString("credentialsError")).isNull();
        assertThat(view.getString("credentialsCheckedAt")).isNotNull();
        assertThat(Instant.parse(view.getString("accessTokenExpiresAt")))
                .isBetween(Instant.now().plusSeconds(30), Instant.now().plusSeconds(61));
        assertThat(viewBody(id)).doesNotContain(a1).doesNotContain(r1).doesNotContain(a2).doesNotContain(r2);

        // The second refresh must use r2: the fake no longer honours r1.
        DeliveryReported two = send(reply(second));
        assertThat(two.status()).as(two.failureReason()).isEqualTo(DeliveryReported.Status.DELIVERED);
        verifyCalls(1, tokenCalls(r1));
        verifyCalls(1, tokenCalls(r2));
        assertThat(Instant.parse(view(id).getString("accessTokenExpiresAt"))).isAfter(Instant.now().plus(Duration.ofMinutes(110)));
        assertThat(failingGauge(account)).isEqualTo(0);
    }

    @Test
    void a401MidLifeRefreshesOnceAndTheSameAttemptSucceeds() {
        String a1 = "a1-" + run, r1 = "r1-" + run, a2 = "a2-" + run, r2 = "r2-" + run;
        rotates("revoked-" + run, STARTED, r1, "r2 issued", a2, r2, 7200);
        String tweet = "t-" + run;
        tweets(tweet, a2); // a1 gets X's 401 although it has an hour to live (revoked early)
        String id = register(a1, r1, Instant.now().plus(Duration.ofHours(1)));

        DeliveryReported event = send(reply(tweet));
        assertThat(event.status()).as(event.failureReason()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(event.platformMessageId()).isEqualTo("reply-to-" + tweet);
        verifyCalls(2, tweetCalls(tweet));
        verifyCalls(1, tweetCalls(tweet).withHeader("Authorization", equalTo("Bearer " + a1)));
        verifyCalls(1, tweetCalls(tweet).withHeader("Authorization", equalTo("Bearer " + a2)));
        verifyCalls(1, tokenCalls(r1));
        assertThat(view(id).getString("credentialsStatus")).isEqualTo("ok");
    }

    @Test
    void aRefusedRefreshMarksTheAccountFailingAndFailsTheDeliveryWithTheReason() {
        String a1 = "a1-" + run, spent = "spent-" + run;
        String tweet = "t-" + run;
        tweets(tweet, "never-issued-" + run);
        String id = register(a1, spent, Instant.now().minusSeconds(1));

        DeliveryReported event = send(reply(tweet));
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(event.failureReason()).contains(account).contains("Value passed for the token was invalid.");
        verifyCalls(0, tweetCalls(tweet));
        verifyCalls(1, tokenCalls(spent));

        JsonPath view = view(id);
        assertThat(view.getString("credentialsStatus")).isEqualTo("failing");
        assertThat(view.getString("credentialsError")).contains("invalid_request").contains("Value passed for the token was invalid.");
        assertThat(view.getString("credentialsCheckedAt")).isNotNull();
        assertThat(viewBody(id)).doesNotContain(a1).doesNotContain(spent);
        assertThat(failingGauge(account)).isEqualTo(1);
        assertThat(row(id).getValue("refresh_claimed_until")).as("the claim was released").isNull();

        // An admin authorises the account again: new tokens, nobody has tried them yet.
        String replaced = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(oauthAccount(account, "a9-" + run, "r9-" + run, Instant.now().plus(Duration.ofHours(2))))
                .when().put(PATH + "/" + id)
                .then().statusCode(200).extract().asString();
        assertThat(replaced).doesNotContain("a9-" + run).doesNotContain("r9-" + run);
        assertThat(view(id).getString("credentialsStatus")).isEqualTo("unknown");
        assertThat(view(id).getString("credentialsError")).isNull();
        assertThat(failingGauge(account)).isEqualTo(0);
    }

    @Test
    void anXAccountWithoutOauthOrConfiguredTokenIsMarkedFailing() {
        String id = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"channel\":\"x\",\"platformAccountId\":\"" + account + "\",\"credentialsRef\":\"not-configured-" + run + "\"}")
                .when().post(PATH).then().statusCode(201).extract().path("id");
        DeliveryReported event = send(reply("t-" + run));
        assertThat(event.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(event.failureReason()).contains(account).contains("no credentials");
        assertThat(view(id).getString("credentialsStatus")).isEqualTo("failing");
        assertThat(failingGauge(account)).isEqualTo(1);
    }

    @Test
    void concurrentSendsFromOneAccountRefreshOnce() {
        String a1 = "a1-" + run, r1 = "r1-" + run, a2 = "a2-" + run, r2 = "r2-" + run;
        // Slow answers: the sends overlap while the first refresh is in flight.
        x.register(token().withRequestBody(containing("refresh_token=" + r1)).atPriority(1)
                .inScenario("concurrent-" + run).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(500).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"token_type":"bearer","expires_in":7200,"access_token":"%s","scope":"tweet.write offline.access","refresh_token":"%s"}"""
                                .formatted(a2, r2)))
                .willSetStateTo("r2 issued"));
        List<String> tweetIds = List.of("t1-" + run, "t2-" + run, "t3-" + run, "t4-" + run);
        tweetIds.forEach(t -> tweets(t, a2));
        register(a1, r1, Instant.now().minusSeconds(1));

        // Bulk lane: each send runs on its own, not one after another in the consumer.
        List<OutboundRequested> requests = tweetIds.stream().map(t -> reply(t).inBulkLane()).toList();
        requests.forEach(r -> TestEvents.publish(Topics.OUTBOUND, "incident:" + run, EventTypes.OUTBOUND_REQUESTED, r));
        for (OutboundRequested r : requests) {
            DeliveryReported event = reported(r, "incident:" + run);
            assertThat(event.status()).as(event.failureReason()).isEqualTo(DeliveryReported.Status.DELIVERED);
        }
        Poll.until("token calls", Duration.ofSeconds(5), () -> x.find(tokenCalls(r1)).size(), n -> n >= 1);
        verifyCalls(1, tokenCalls(r1));
        tweetIds.forEach(t -> verifyCalls(1, tweetCalls(t).withHeader("Authorization", equalTo("Bearer " + a2))));
        // They did overlap: every send was claimed (began) before X answered the one refresh (500 ms after its request).
        Instant answered = x.find(tokenCalls(r1)).get(0).getLoggedDate().toInstant().plusMillis(500);
        for (OutboundRequested r : requests) {
            Instant began = db.preparedQuery("select sending_since from delivery where message_id = $1")
                    .execute(Tuple.of(r.messageId())).await().atMost(Duration.ofSeconds(10)).iterator().next()
                    .getOffsetDateTime("sending_since").toInstant();
            assertThat(began).as("send of " + r.inReplyToExternalId() + " began while the refresh was in flight").isBefore(answered);
        }
    }
}
