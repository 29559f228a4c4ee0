package io.outpost.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the sandbox accepts comes back to ingest's webhooks as the platforms' echoes, signed as they sign
 * (a stand-in ingest records the deliveries and checks nothing itself: the test checks the signatures with
 * its own HMAC); Meta's Private Replies go once per comment.
 */
class SandboxEchoesTest {

    static final String APP_SECRET = "local-app-secret";
    static final String X_SECRET = "local-x-consumer-secret";
    static final ObjectMapper JSON = new ObjectMapper();

    record Delivery(String path, String signature, byte[] body) {
    }

    final HttpClient http = HttpClient.newHttpClient();
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    HttpServer ingest;
    ChannelSandbox sandbox;
    PlatformEchoes echoes;

    @BeforeEach
    void start() throws Exception {
        ingest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ingest.createContext("/webhooks/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String signature = exchange.getRequestHeaders().getFirst(
                        path.endsWith("/x") ? "x-twitter-webhooks-signature" : "X-Hub-Signature-256");
                deliveries.add(new Delivery(path, signature, exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        ingest.start();
        sandbox = ChannelSandbox.start(0, "x-token", "page-token", APP_SECRET, "forum-secret-0123456789");
        // Messages to made-up recipients: Meta's windows (who wrote, and when) have their own test,
        // SandboxMessagingWindowTest.
        sandbox.enforceMessagingWindow(false);
        echoes = new PlatformEchoes("http://127.0.0.1:" + ingest.getAddress().getPort(), X_SECRET, APP_SECRET);
        sandbox.echoTo(echoes, "2000000001");
    }

    @AfterEach
    void stop() throws Exception {
        sandbox.close();
        echoes.close();
        ingest.stop(0);
    }

    HttpResponse<String> post(String path, String authorization, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).header("Content-Type", "application/json")
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String metaPath(String path) {
        return path + "?appsecret_proof=" + Signatures.hmacHex(APP_SECRET, "page-token");
    }

    Delivery awaitDelivery(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (deliveries.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(deliveries).as("echo deliveries").hasSizeGreaterThanOrEqualTo(count);
        return deliveries.get(count - 1);
    }

    static byte[] hmac(String key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(body);
    }

    @Test
    void anAcceptedTweetComesBackAsTheAccountsOwnTweetSignedWithTheConsumerSecret() throws Exception {
        HttpResponse<String> created = post("/2/tweets", "Bearer x-token",
                "{\"text\":\"Sorry about that! ^JK\",\"reply\":{\"in_reply_to_tweet_id\":\"119237\"}}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("data").path("id").asText();

        Delivery echo = awaitDelivery(1);
        assertThat(echo.path()).isEqualTo("/webhooks/x");
        assertThat(echo.signature()).isEqualTo("sha256=" + Base64.getEncoder().encodeToString(hmac(X_SECRET, echo.body())));
        JsonNode body = JSON.readTree(echo.body());
        assertThat(body.path("for_user_id").asText()).isEqualTo(LocalChannels.X_ACCOUNT_ID);
        JsonNode tweet = body.path("tweet_create_events").path(0);
        assertThat(tweet.path("id_str").asText()).as("the id the send was answered with").isEqualTo(id);
        assertThat(tweet.path("in_reply_to_status_id_str").asText()).isEqualTo("119237");
        assertThat(tweet.path("user").path("id_str").asText()).isEqualTo(LocalChannels.X_ACCOUNT_ID);
        assertThat(tweet.path("created_at").asText()).matches("[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} \\+0000 \\d{4}");
        // Counted once the sender has ingest's answer, which may come a moment after the stand-in recorded the body.
        assertThat(Poll.until("echoes delivered", Duration.ofSeconds(5), echoes::delivered, n -> n >= 1)).isEqualTo(1);
    }

    @Test
    void anXDirectMessageComesBackSentByTheAccount() throws Exception {
        HttpResponse<String> sent = post("/2/dm_conversations/with/115712/messages", "Bearer x-token", "{\"text\":\"hello\"}");
        assertThat(sent.statusCode()).isEqualTo(201);
        String eventId = JSON.readTree(sent.body()).path("data").path("dm_event_id").asText();

        JsonNode event = JSON.readTree(awaitDelivery(1).body()).path("direct_message_events").path(0);
        assertThat(event.path("id").asText()).isEqualTo(eventId);
        assertThat(event.path("message_create").path("sender_id").asText()).isEqualTo(LocalChannels.X_ACCOUNT_ID);
        assertThat(event.path("message_create").path("target").path("recipient_id").asText()).isEqualTo("115712");
    }

    @Test
    void aMessengerMessageComesBackAsAnEchoSignedWithTheAppSecret() throws Exception {
        HttpResponse<String> sent = post(metaPath("/v21.0/me/messages"), "Bearer page-token",
                "{\"recipient\":{\"id\":\"psid-1\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"hi\"}}");
        assertThat(sent.statusCode()).isEqualTo(200);

        Delivery echo = awaitDelivery(1);
        assertThat(echo.path()).isEqualTo("/webhooks/meta");
        assertThat(echo.signature()).isEqualTo("sha256=" + java.util.HexFormat.of().formatHex(hmac(APP_SECRET, echo.body())));
        JsonNode messaging = JSON.readTree(echo.body()).path("entry").path(0).path("messaging").path(0);
        assertThat(messaging.path("sender").path("id").asText()).isEqualTo("2000000001");
        assertThat(messaging.path("message").path("is_echo").asBoolean()).isTrue();
        assertThat(messaging.path("message").path("mid").asText()).isEqualTo(JSON.readTree(sent.body()).path("message_id").asText());
    }

    @Test
    void anInstagramDmComesBackAsAnInstagramEchoOfTheLinkedAccount() throws Exception {
        sandbox.linkInstagram("17841400000000001", "outpostlocal");
        sandbox.instagramUser("igsid-77");
        HttpResponse<String> sent = post(metaPath("/v21.0/me/messages"), "Bearer page-token",
                "{\"recipient\":{\"id\":\"igsid-77\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"hi there\"}}");
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.headers().firstValue("X-Business-Use-Case-Usage").orElseThrow()).contains("\"type\":\"instagram\"");

        Delivery echo = awaitDelivery(1);
        assertThat(echo.path()).isEqualTo("/webhooks/meta");
        assertThat(echo.signature()).isEqualTo("sha256=" + java.util.HexFormat.of().formatHex(hmac(APP_SECRET, echo.body())));
        JsonNode body = JSON.readTree(echo.body());
        assertThat(body.path("object").asText()).isEqualTo("instagram");
        assertThat(body.path("entry").path(0).path("id").asText()).isEqualTo("17841400000000001");
        JsonNode messaging = body.path("entry").path(0).path("messaging").path(0);
        assertThat(messaging.path("sender").path("id").asText()).isEqualTo("17841400000000001");
        assertThat(messaging.path("recipient").path("id").asText()).isEqualTo("igsid-77");
        assertThat(messaging.path("message").path("is_echo").asBoolean()).isTrue();
        assertThat(messaging.path("message").path("mid").asText()).isEqualTo(JSON.readTree(sent.body()).path("message_id").asText());
        assertThat(sandbox.received()).extracting(ChannelSandbox.Received::kind).containsExactly("instagram-message");
    }

    @Test
    void anInstagramCommentReplyComesBackAsTheAccountsOwnCommentsChange() throws Exception {
        sandbox.linkInstagram("17841400000000001", "outpostlocal");
        HttpResponse<String> sent = post(metaPath("/v21.0/17865799348089039/replies"), "Bearer page-token",
                "{\"message\":\"@dana.k Yes, in 40 countries!\"}");
        assertThat(sent.statusCode()).isEqualTo(200);

        JsonNode body = JSON.readTree(awaitDelivery(1).body());
        assertThat(body.path("object").asText()).isEqualTo("instagram");
        JsonNode change = body.path("entry").path(0).path("changes").path(0);
        assertThat(change.path("field").asText()).isEqualTo("comments");
        assertThat(change.path("value").path("from").path("id").asText()).isEqualTo("17841400000000001");
        assertThat(change.path("value").path("from").path("username").asText()).isEqualTo("outpostlocal");
        assertThat(change.path("value").path("id").asText()).isEqualTo(JSON.readTree(sent.body()).path("id").asText());
        assertThat(change.path("value").path("parent_id").asText()).isEqualTo("17865799348089039");
        assertThat(change.path("value").path("text").asText()).isEqualTo("@dana.k Yes, in 40 countries!");
    }

    @Test
    void aPrivateReplyGoesOncePerCommentAsMetaDocuments() throws Exception {
        String privateReply = "{\"recipient\":{\"comment_id\":\"901_3001\"},\"message\":{\"text\":\"Could you DM us?\"}}";
        HttpResponse<String> first = post(metaPath("/v21.0/me/messages"), "Bearer page-token", privateReply);
        HttpResponse<String> second = post(metaPath("/v21.0/me/messages"), "Bearer page-token", privateReply);
        HttpResponse<String> both = post(metaPath("/v21.0/me/messages"), "Bearer page-token",
                "{\"recipient\":{\"id\":\"psid-1\",\"comment_id\":\"901_3002\"},\"message\":{\"text\":\"x\"}}");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).path("recipient_id").asText()).isNotBlank();
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(second.body()).path("error").path("code").asInt()).isEqualTo(10900);
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(sandbox.received()).extracting(ChannelSandbox.Received::kind).containsExactly("private-reply");
    }
}
