package io.outpost.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local run's stand-in for X and Meta answers as they do and checks what they check. */
class ChannelSandboxTest {

    static final String APP_SECRET = "local-app-secret";
    static final String FORUM_SECRET = "local-forum-signing-secret-0123456789";
    final HttpClient http = HttpClient.newHttpClient();
    ChannelSandbox sandbox;

    @BeforeEach
    void start() throws IOException {
        sandbox = ChannelSandbox.start(0, "x-token", "page-token", APP_SECRET, FORUM_SECRET);
        // Messages to made-up recipients: Meta's windows (who wrote, and when) have their own test,
        // SandboxMessagingWindowTest.
        sandbox.enforceMessagingWindow(false);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    HttpResponse<String> post(String path, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anXReplyWithTheAccountsTokenIsCreatedAndListed() throws Exception {
        HttpResponse<String> created = post("/2/tweets", "Bearer x-token",
                "{\"text\":\"Sorry about that! ^JK\",\"reply\":{\"in_reply_to_tweet_id\":\"119237\"}}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"data\":{\"id\":\"");
        assertThat(sandbox.received()).singleElement().satisfies(r -> {
            assertThat(r.platform()).isEqualTo("x");
            assertThat(r.kind()).isEqualTo("tweet");
            assertThat(r.target()).isEqualTo("119237");
            assertThat(r.text()).isEqualTo("Sorry about that! ^JK");
        });
        String listed = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/messages")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(listed).contains("Sorry about that! ^JK", "\"target\":\"119237\"");
    }

    @Test
    void xRefusesAWrongTokenAndAnOverlongTweet() throws Exception {
        assertThat(post("/2/tweets", "Bearer other", "{\"text\":\"hi\"}").statusCode()).isEqualTo(401);
        assertThat(post("/2/tweets", null, "{\"text\":\"hi\"}").statusCode()).isEqualTo(401);
        assertThat(post("/2/tweets", "Bearer x-token", "{\"text\":\"" + "a".repeat(281) + "\"}").statusCode())
                .isEqualTo(400);
        assertThat(sandbox.received()).isEmpty();
    }

    @Test
    void anXDirectMessageGoesToItsParticipant() throws Exception {
        HttpResponse<String> sent = post("/2/dm_conversations/with/115712/messages", "Bearer x-token", "{\"text\":\"hello\"}");

        assertThat(sent.statusCode()).isEqualTo(201);
        assertThat(sent.body()).contains("dm_event_id");
        assertThat(sandbox.received()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("direct-message");
            assertThat(r.target()).isEqualTo("115712");
        });
    }

    @Test
    void metaNeedsTheTokenAndAMatchingAppsecretProof() throws Exception {
        String proof = Signatures.hmacHex(APP_SECRET, "page-token");
        String body = "{\"recipient\":{\"id\":\"psid-9\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"hi\"}}";

        assertThat(post("/v21.0/me/messages?appsecret_proof=" + proof, "Bearer page-token", body).statusCode())
                .isEqualTo(200);
        assertThat(post("/v21.0/me/messages?appsecret_proof=" + Signatures.hmacHex("other", "page-token"),
                "Bearer page-token", body).body()).contains("appsecret_proof");
        assertThat(post("/v21.0/me/messages", "Bearer page-token", body).statusCode()).isEqualTo(400);
        assertThat(post("/v21.0/me/messages?appsecret_proof=" + proof, "Bearer stolen", body).statusCode()).isEqualTo(400);
        assertThat(post("/v21.0/1234_5678/comments?appsecret_proof=" + proof, "Bearer page-token",
                "{\"message\":\"Thanks for asking\"}").body()).startsWith("{\"id\":\"1234_5678_");

        assertThat(sandbox.received()).extracting(ChannelSandbox.Received::kind).containsExactly("message", "comment");
    }

    @Test
    void metaAnswersCarryTheBusinessUseCaseUsageAndAPageOverItsLimitGetsTheUseCasesThrottlingError() throws Exception {
        // Graph API rate limiting, "Business Use Case Rate Limits": per page and use-case type; usage in
        // percent and the regain time in minutes on every answer; over the limit, the type's 8000x code.
        sandbox.limitMeta(2, java.time.Duration.ofMinutes(10));
        String proof = Signatures.hmacHex(APP_SECRET, "page-token");
        String message = "{\"recipient\":{\"id\":\"psid-9\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"hi\"}}";
        String path = "/v21.0/me/messages?appsecret_proof=" + proof;

        HttpResponse<String> first = post(path, "Bearer page-token", message);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Business-Use-Case-Usage")).hasValue("{\"" + LocalChannels.META_PAGE_ID
                + "\":[{\"type\":\"messenger\",\"call_count\":50,\"total_cputime\":50,\"total_time\":50,"
                + "\"estimated_time_to_regain_access\":0}]}");
        assertThat(post(path, "Bearer page-token", message).statusCode()).isEqualTo(200);
        HttpResponse<String> over = post(path, "Bearer page-token", message);
        assertThat(over.statusCode()).isEqualTo(400);
        assertThat(over.body()).contains("\"code\":80006", "too many messenger api calls");
        assertThat(over.headers().firstValue("X-Business-Use-Case-Usage").orElseThrow())
                .contains("\"call_count\":100", "\"estimated_time_to_regain_access\":10");
        // Another use case of the same page has its own count.
        HttpResponse<String> comment = post("/v21.0/1234_5678/comments?appsecret_proof=" + proof, "Bearer page-token",
                "{\"message\":\"Thanks for asking\"}");
        assertThat(comment.statusCode()).isEqualTo(200);
        assertThat(comment.headers().firstValue("X-Business-Use-Case-Usage").orElseThrow()).contains("\"type\":\"pages\"");
        assertThat(sandbox.received()).extracting(ChannelSandbox.Received::kind).containsExactly("message", "message", "comment");
    }

    HttpResponse<String> forum(String json, long timestamp, String secret, String idempotencyKey) throws Exception {
        String signature = "sha256=" + Signatures.hmacHex(secret, timestamp + "." + json);
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + ChannelSandbox.FORUM_PATH))
                .header("Content-Type", "application/json").header("X-Outpost-Timestamp", Long.toString(timestamp))
                .header("X-Outpost-Signature", signature).header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String forumReply(String messageId) {
        return """
                {"messageId":"%s","caseId":"c-1","account":"team","kind":"reply","inReplyTo":"post-7","text":"Fixed now ^JK","sentAt":"2026-12-07T08:00:00Z"}"""
                .formatted(messageId);
    }

    @Test
    void aSignedForumReplyIsPostedOnceEvenWhenSentAgainUnderItsKey() throws Exception {
        long now = java.time.Instant.now().getEpochSecond();
        HttpResponse<String> created = forum(forumReply("m-1"), now, FORUM_SECRET, "m-1");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).startsWith("{\"id\":\"forum-");
        HttpResponse<String> again = forum(forumReply("m-1"), now + 2, FORUM_SECRET, "m-1");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(created.body());
        assertThat(sandbox.received()).singleElement().satisfies(r -> {
            assertThat(r.platform()).isEqualTo("forum");
            assertThat(r.kind()).isEqualTo("reply");
            assertThat(r.target()).isEqualTo("post-7");
            assertThat(r.text()).isEqualTo("Fixed now ^JK");
        });
    }

    @Test
    void theForumRefusesAnotherSecretAnOldTimestampATamperedBodyAndAMissingKey() throws Exception {
        long now = java.time.Instant.now().getEpochSecond();
        assertThat(forum(forumReply("m-2"), now, "another-secret-0123456789abcdef", "m-2").statusCode()).isEqualTo(401);
        assertThat(forum(forumReply("m-2"), now - 301, FORUM_SECRET, "m-2").statusCode()).isEqualTo(401);
        String signedBody = forumReply("m-2");
        String signature = "sha256=" + Signatures.hmacHex(FORUM_SECRET, now + "." + signedBody);
        HttpResponse<String> tampered = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + ChannelSandbox.FORUM_PATH))
                .header("Content-Type", "application/json").header("X-Outpost-Timestamp", Long.toString(now))
                .header("X-Outpost-Signature", signature).header("Idempotency-Key", "m-2")
                .POST(HttpRequest.BodyPublishers.ofString(signedBody.replace("Fixed now", "Broken now"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(tampered.body()).contains("signature does not match");
        assertThat(forum(forumReply("m-2"), now, FORUM_SECRET, "other-key").statusCode()).isEqualTo(400);
        assertThat(sandbox.received()).isEmpty();
    }
}
