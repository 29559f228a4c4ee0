package io.outpost.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's X side is as strict as X documents it: for each rule a request X accepts and one it refuses,
 * with X's answer (devstack README, "Which documented X rule each check comes from").
 */
class ChannelSandboxXRulesTest {

    static final String MAIN = "1000000001";
    static final String UK = "1000000002";
    static final String CLIENT = "outpost-test-app";
    static final String CLIENT_SECRET = "outpost-test-app-secret";
    static final String UNAUTHORIZED = "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}";
    static final ObjectMapper JSON = new ObjectMapper();

    /** "Now" for token expiry and rate-limit windows, moved on by the tests instead of waiting. */
    static final class TestClock implements InstantSource {
        volatile Instant now = Instant.parse("2026-12-07T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    final HttpClient http = HttpClient.newHttpClient();
    final TestClock clock = new TestClock();
    ChannelSandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    ChannelSandbox start(XRules rules) throws Exception {
        sandbox = ChannelSandbox.start(0, List.of(new ChannelSandbox.XAccount(MAIN, "OutpostLocal", "main-static"),
                new ChannelSandbox.XAccount(UK, "OutpostLocalUK", "uk-static")), rules.withClock(clock), "page-token",
                "app-secret", "forum-secret-0123456789abcdef0123456789");
        return sandbox;
    }

    XRules rules() {
        return XRules.documented().withClient(CLIENT, CLIENT_SECRET);
    }

    HttpResponse<String> post(String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> tweet(String token, String text) throws Exception {
        return post("/2/tweets", token, "{\"text\":\"" + text + "\"}");
    }

    HttpResponse<String> dm(String token, String participant, String text) throws Exception {
        return post("/2/dm_conversations/with/" + participant + "/messages", token, "{\"text\":\"" + text + "\"}");
    }

    HttpResponse<String> refresh(String basicUser, String basicSecret, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/2/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (basicUser != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((basicUser + ":" + basicSecret).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String refreshForm(String refreshToken, String clientId) {
        return "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)
                + "&client_id=" + clientId;
    }

    @Test
    void eachAccountSendsWithItsOwnTokensAndItsSendsAreAttributedToIt() throws Exception {
        start(rules());
        ChannelSandbox.XTokens uk = sandbox.issueTokens(UK);

        assertThat(tweet("main-static", "from main").statusCode()).isEqualTo(201);
        assertThat(tweet(uk.accessToken(), "from uk").statusCode()).isEqualTo(201);
        assertThat(dm("uk-static", "115712", "uk dm").statusCode()).isEqualTo(201);

        assertThat(sandbox.received()).extracting(ChannelSandbox.Received::text, ChannelSandbox.Received::account)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("from main", MAIN),
                        org.assertj.core.groups.Tuple.tuple("from uk", UK), org.assertj.core.groups.Tuple.tuple("uk dm", UK));
        JsonNode listed = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/messages"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(listed.get(1).path("account").asText()).isEqualTo(UK);
        // The earlier fields are all still there: the list only gained "account".
        assertThat(listed.get(1).fieldNames()).toIterable()
                .containsExactly("id", "platform", "kind", "target", "text", "receivedAt", "account");
        assertThat(JSON.readTree(dm("main-static", "115712", "x").body()).path("data").path("dm_conversation_id").asText())
                .isEqualTo("115712-1000000001");
    }

    @Test
    void anUnknownAccountCannotBeIssuedTokens() throws Exception {
        start(rules());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.issueTokens("42"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAccessTokenWorksForItsLifetimeThenIs401WhileTheStaticTokenNeverExpires() throws Exception {
        start(rules().withAccessTokenLifetime(Duration.ofSeconds(30)));
        ChannelSandbox.XTokens tokens = sandbox.issueTokens(MAIN);
        assertThat(tokens.expiresAt()).isEqualTo(clock.now.plusSeconds(30));

        clock.advance(Duration.ofSeconds(29));
        assertThat(tweet(tokens.accessToken(), "in time").statusCode()).isEqualTo(201);
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> expired = tweet(tokens.accessToken(), "too late");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).isEqualTo(UNAUTHORIZED);
        assertThat(expired.headers().firstValue("x-rate-limit-remaining")).isEmpty();
        assertThat(dm(tokens.accessToken(), "115712", "too late").statusCode()).isEqualTo(401);
        assertThat(tweet("never-issued", "hi").statusCode()).isEqualTo(401);

        clock.advance(Duration.ofDays(30));
        assertThat(tweet("main-static", "static stand-in").statusCode()).isEqualTo(201);
        assertThat(sandbox.received()).extracting(ChannelSandbox.Received::text).containsExactly("in time", "static stand-in");
    }

    @Test
    void aRefreshGivesANewPairAndTheUsedRefreshTokenIsRefusedAfterwards() throws Exception {
        start(rules());
        ChannelSandbox.XTokens first = sandbox.issueTokens(UK);

        HttpResponse<String> refreshed = refresh(CLIENT, CLIENT_SECRET, refreshForm(first.refreshToken(), CLIENT));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(refreshed.body());
        assertThat(answer.path("token_type").asText()).isEqualTo("bearer");
        assertThat(answer.path("expires_in").asLong()).isEqualTo(7200);
        assertThat(answer.path("scope").asText()).isEqualTo("tweet.read tweet.write users.read dm.read dm.write offline.access");
        String access = answer.path("access_token").asText();
        String next = answer.path("refresh_token").asText();
        assertThat(access).isNotBlank().isNotEqualTo(first.accessToken());
        assertThat(next).isNotBlank().isNotEqualTo(first.refreshToken());
        assertThat(tweet(access, "with the new token").statusCode()).isEqualTo(201);
        assertThat(sandbox.received()).singleElement().extracting(ChannelSandbox.Received::account).isEqualTo(UK);

        HttpResponse<String> reused = refresh(CLIENT, CLIENT_SECRET, refreshForm(first.refreshToken(), CLIENT));
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(reused.body())
                .isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"Value passed for the token was invalid.\"}");
        assertThat(refresh(CLIENT, CLIENT_SECRET, refreshForm("never-issued", CLIENT)).statusCode()).isEqualTo(400);
        // The rotated one works, once.
        assertThat(refresh(CLIENT, CLIENT_SECRET, "grant_type=refresh_token&refresh_token=" + next).statusCode()).isEqualTo(200);
        assertThat(refresh(CLIENT, CLIENT_SECRET, "grant_type=refresh_token&refresh_token=" + next).statusCode()).isEqualTo(400);
    }

    @Test
    void aConfidentialClientMustAuthenticateWithBasicAndAWrongClientIs401() throws Exception {
        start(rules());
        ChannelSandbox.XTokens tokens = sandbox.issueTokens(MAIN);
        String refused = "{\"error\":\"unauthorized_client\",\"error_description\":\"Missing valid authorization header\"}";

        HttpResponse<String> wrongSecret = refresh(CLIENT, "guessed", refreshForm(tokens.refreshToken(), CLIENT));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).isEqualTo(refused);
        assertThat(refresh("another-app", CLIENT_SECRET, refreshForm(tokens.refreshToken(), "another-app")).statusCode())
                .isEqualTo(401);
        assertThat(refresh(null, null, refreshForm(tokens.refreshToken(), CLIENT)).statusCode()).isEqualTo(401);
        assertThat(refresh(CLIENT, CLIENT_SECRET, refreshForm(tokens.refreshToken(), "another-app")).statusCode()).isEqualTo(401);
        // None of these spent the refresh token.
        assertThat(refresh(CLIENT, CLIENT_SECRET, refreshForm(tokens.refreshToken(), CLIENT)).statusCode()).isEqualTo(200);
    }

    @Test
    void aPublicClientNamesItselfInTheFormAndAWrongIdIs401() throws Exception {
        start(XRules.documented().withClient(CLIENT, null));
        ChannelSandbox.XTokens tokens = sandbox.issueTokens(MAIN);

        HttpResponse<String> wrong = refresh(null, null, refreshForm(tokens.refreshToken(), "another-app"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("\"error\":\"unauthorized_client\"");
        assertThat(refresh(null, null, refreshForm(tokens.refreshToken(), CLIENT)).statusCode()).isEqualTo(200);
    }

    @Test
    void aDmToAUserWhoDoesNotAcceptDmsIs403() throws Exception {
        start(rules());

        HttpResponse<String> refused = dm("main-static", XRules.USER_NOT_ACCEPTING_DMS, "our survey");
        assertThat(refused.statusCode()).isEqualTo(403);
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("title").asText()).isEqualTo("Forbidden");
        assertThat(problem.path("status").asInt()).isEqualTo(403);
        assertThat(problem.path("detail").asText()).isEqualTo("You are not permitted to send a DM to this user.");
        assertThat(dm("main-static", "115712", "our survey").statusCode()).isEqualTo(201);
        assertThat(sandbox.received()).singleElement().extracting(ChannelSandbox.Received::target).isEqualTo("115712");
    }

    @Test
    void aReplyToADeletedTweetIs403() throws Exception {
        start(rules());
        String reply = "{\"text\":\"Sorry!\",\"reply\":{\"in_reply_to_tweet_id\":\"%s\"}}";

        HttpResponse<String> refused = post("/2/tweets", "main-static", reply.formatted(XRules.DELETED_TWEET));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("detail").asText())
                .isEqualTo("You attempted to reply to a Tweet that is deleted or not visible to you.");
        assertThat(post("/2/tweets", "main-static", reply.formatted("119237")).statusCode()).isEqualTo(201);
        sandbox.deleteTweet("119237");
        assertThat(post("/2/tweets", "main-static", reply.formatted("119237")).statusCode()).isEqualTo(403);
        assertThat(sandbox.received()).hasSize(1);
    }

    @Test
    void eachAccountAndEndpointHasItsRateLimitWithXsHeadersAnd429WhenSpent() throws Exception {
        start(rules().withTweetLimit(2, Duration.ofMinutes(15)).withDirectMessageLimit(1, Duration.ofMinutes(15)));
        long reset = clock.now.plus(Duration.ofMinutes(15)).getEpochSecond();

        HttpResponse<String> first = tweet("main-static", "one");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("x-rate-limit-limit")).hasValue("2");
        assertThat(first.headers().firstValue("x-rate-limit-remaining")).hasValue("1");
        assertThat(first.headers().firstValue("x-rate-limit-reset")).hasValue(Long.toString(reset));
        clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> second = tweet("main-static", "two");
        assertThat(second.headers().firstValue("x-rate-limit-remaining")).hasValue("0");
        assertThat(second.headers().firstValue("x-rate-limit-reset")).hasValue(Long.toString(reset));

        HttpResponse<String> third = tweet("main-static", "three");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("x-rate-limit-limit")).hasValue("2");
        assertThat(third.headers().firstValue("x-rate-limit-remaining")).hasValue("0");
        assertThat(third.headers().firstValue("x-rate-limit-reset")).hasValue(Long.toString(reset));
        assertThat(JSON.readTree(third.body()).path("title").asText()).isEqualTo("Too Many Requests");

        // Another endpoint and another account have windows of their own.
        assertThat(dm("main-static", "115712", "dm").statusCode()).isEqualTo(201);
        assertThat(dm("main-static", "115712", "dm again").statusCode()).isEqualTo(429);
        assertThat(tweet("uk-static", "uk one").statusCode()).isEqualTo(201);
        // A refused request counts too (X counts requests, not successes).
        assertThat(post("/2/tweets", "uk-static", "{\"text\":\"\"}").statusCode()).isEqualTo(400);
        assertThat(tweet("uk-static", "uk three").statusCode()).isEqualTo(429);

        clock.advance(Duration.ofMinutes(14));
        HttpResponse<String> afterReset = tweet("main-static", "four");
        assertThat(afterReset.statusCode()).isEqualTo(201);
        assertThat(afterReset.headers().firstValue("x-rate-limit-remaining")).hasValue("1");
        assertThat(sandbox.received()).extracting(ChannelSandbox.Received::text)
                .containsExactly("one", "two", "dm", "uk one", "four");
    }

    @Test
    void xsDocumentedLimitsAreTheDefaults() {
        XRules documented = XRules.documented();
        assertThat(documented.accessTokenLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(documented.tweets()).isEqualTo(new XRules.RateLimit(100, Duration.ofMinutes(15)));
        assertThat(documented.directMessages()).isEqualTo(new XRules.RateLimit(200, Duration.ofMinutes(15)));
        assertThat(documented.usersNotAcceptingDms()).isEqualTo(Set.of(XRules.USER_NOT_ACCEPTING_DMS));
    }

    @Test
    void issuedTokensOutliveARestartThroughTheTokenStore(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("x-tokens.json");
        start(rules().withTokenStore(store));
        ChannelSandbox.XTokens tokens = sandbox.issueTokens(MAIN);
        sandbox.close();
        assertThat(Files.readString(store)).contains(tokens.refreshToken());

        start(rules().withTokenStore(store));
        assertThat(tweet(tokens.accessToken(), "after a restart").statusCode()).isEqualTo(201);
        HttpResponse<String> refreshed = refresh(CLIENT, CLIENT_SECRET, refreshForm(tokens.refreshToken(), CLIENT));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        sandbox.close();

        start(rules().withTokenStore(store));
        assertThat(refresh(CLIENT, CLIENT_SECRET, refreshForm(tokens.refreshToken(), CLIENT)).statusCode()).isEqualTo(400);
        String rotated = JSON.readTree(refreshed.body()).path("refresh_token").asText();
        assertThat(refresh(CLIENT, CLIENT_SECRET, refreshForm(rotated, CLIENT)).statusCode()).isEqualTo(200);
    }

    @Test
    void theLocalRunsSandboxKnowsBothLocalXAccountsAndItsOwnClient() throws Exception {
        sandbox = LocalChannels.startSandbox(0, "app-secret");
        assertThat(tweet(LocalChannels.X_TOKEN, "main").statusCode()).isEqualTo(201);
        assertThat(tweet(LocalChannels.X_UK_TOKEN, "uk").statusCode()).isEqualTo(201);
        ChannelSandbox.XTokens tokens = sandbox.issueTokens(LocalChannels.X_UK_ACCOUNT_ID);
        assertThat(refresh(LocalChannels.X_CLIENT_ID, LocalChannels.X_CLIENT_SECRET,
                refreshForm(tokens.refreshToken(), LocalChannels.X_CLIENT_ID)).statusCode()).isEqualTo(200);
        assertThat(sandbox.received()).extracting(ChannelSandbox.Received::account)
                .containsExactly(LocalChannels.X_ACCOUNT_ID, LocalChannels.X_UK_ACCOUNT_ID);
        assertThat(LocalChannels.ingestConfig(sandbox.baseUrl()))
                .containsEntry("outpost.credentials.\"local-sandbox/x-uk\".token", LocalChannels.X_UK_TOKEN);
        assertThat(LocalChannels.ingestOAuthConfig()).containsEntry("outpost.outbound.x.client-id", LocalChannels.X_CLIENT_ID)
                .containsEntry("outpost.outbound.x.client-secret", LocalChannels.X_CLIENT_SECRET);
    }
}
