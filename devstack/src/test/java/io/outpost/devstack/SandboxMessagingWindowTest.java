package io.outpost.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Meta's windows in the sandbox's Send API, counted from what customers wrote through its customer side
 * ({@link MetaCustomers}): the 24-hour standard window, the HUMAN_AGENT tag's 7 days on a granted page, no message to
 * a person who never wrote, and a Private Reply once per comment within 7 days. A stand-in ingest records the
 * customer deliveries (their signature is checked here with the test's own HMAC); the clock is moved, not waited.
 */
class SandboxMessagingWindowTest {

    static final String APP_SECRET = "window-app-secret";
    static final String PAGE = "2000000001";
    static final String OTHER_PAGE = "2000000002";
    static final String INSTAGRAM = "17841400000000001";
    static final ObjectMapper JSON = new ObjectMapper();

    record Delivery(String signature, byte[] body) {
    }

    final HttpClient http = HttpClient.newHttpClient();
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    final AtomicInteger ingestAnswers = new AtomicInteger(200);
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T12:00:00Z"));
    HttpServer ingest;
    ChannelSandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        ingest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ingest.createContext("/webhooks/meta", exchange -> {
            try (exchange) {
                deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"),
                        exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(ingestAnswers.get(), -1);
            }
        });
        ingest.start();
        sandbox = ChannelSandbox.start(0, List.of(new ChannelSandbox.XAccount("1000000001", "OutpostLocal", "x-token")),
                XRules.documented().withClock(clock), "page-token", APP_SECRET, "forum-secret-0123456789");
        sandbox.metaCustomers().deliverTo("http://127.0.0.1:" + ingest.getAddress().getPort());
        sandbox.grantHumanAgent(PAGE);
        sandbox.linkInstagram(INSTAGRAM, "outpostlocal");
    }

    @AfterEach
    void stop() {
        sandbox.close();
        ingest.stop(0);
    }

    HttpResponse<String> send(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/v21.0/me/messages?appsecret_proof="
                        + Signatures.hmacHex(APP_SECRET, "page-token"))).header("Content-Type", "application/json")
                .header("Authorization", "Bearer page-token").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> respond(String recipient) throws Exception {
        return send("{\"recipient\":{\"id\":\"" + recipient + "\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"hi\"}}");
    }

    HttpResponse<String> humanAgent(String recipient) throws Exception {
        return send("{\"recipient\":{\"id\":\"" + recipient + "\"},\"messaging_type\":\"MESSAGE_TAG\",\"tag\":\"HUMAN_AGENT\","
                + "\"message\":{\"text\":\"an agent's answer\"}}");
    }

    HttpResponse<String> privateReply(String commentId) throws Exception {
        return send("{\"recipient\":{\"comment_id\":\"" + commentId + "\"},\"message\":{\"text\":\"Could you DM us?\"}}");
    }

    static void refused(HttpResponse<String> answer, int code, int subcode) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertThat(error.path("code").asInt()).as(answer.body()).isEqualTo(code);
        assertThat(error.path("error_subcode").asInt()).as(answer.body()).isEqualTo(subcode);
        assertThat(error.path("type").asText()).isEqualTo("OAuthException");
    }

    @Test
    void aCustomersMessengerMessageReachesIngestSignedAsMetaSendsIt() throws Exception {
        String mid = sandbox.metaCustomers().messenger(PAGE, "psid-1", "my order never came");

        assertThat(deliveries).hasSize(1);
        Delivery d = deliveries.get(0);
        assertThat(d.signature()).isEqualTo("sha256=" + HexFormat.of().formatHex(Signatures.hmacSha256(APP_SECRET, d.body())));
        JsonNode body = JSON.readTree(d.body());
        assertThat(body.path("object").asText()).isEqualTo("page");
        JsonNode entry = body.path("entry").path(0);
        assertThat(entry.path("id").asText()).isEqualTo(PAGE);
        JsonNode messaging = entry.path("messaging").path(0);
        assertThat(messaging.path("sender").path("id").asText()).isEqualTo("psid-1");
        assertThat(messaging.path("recipient").path("id").asText()).isEqualTo(PAGE);
        assertThat(messaging.path("timestamp").asLong()).isEqualTo(clock.instant().toEpochMilli());
        assertThat(messaging.path("message").path("mid").asText()).isEqualTo(mid);
        assertThat(messaging.path("message").path("text").asText()).isEqualTo("my order never came");
        assertThat(messaging.path("message").has("is_echo")).isFalse();

        ingestAnswers.set(403);
        assertThatThrownBy(() -> sandbox.metaCustomers().messenger(PAGE, "psid-1", "again"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HTTP 403");
    }

    @Test
    void theStandardWindowIs24HoursAfterTheCustomersLastMessageThenHumanAgentTo7DaysOnAGrantedPage() throws Exception {
        sandbox.metaCustomers().messenger(PAGE, "psid-1", "hello?");
        assertThat(respond("psid-1").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofHours(24));
        assertThat(respond("psid-1").statusCode()).as("24 h exactly: still inside").isEqualTo(200);

        clock.advance(Duration.ofHours(1));
        refused(respond("psid-1"), 10, 2018278);
        assertThat(humanAgent("psid-1").statusCode()).as("25 h, HUMAN_AGENT on a granted page").isEqualTo(200);

        // The customer writes again: the window counts from their last message.
        sandbox.metaCustomers().messenger(PAGE, "psid-1", "any news?");
        assertThat(respond("psid-1").statusCode()).isEqualTo(200);

        clock.advance(Duration.ofDays(8));
        refused(humanAgent("psid-1"), 10, 2018278);
        refused(respond("psid-1"), 10, 2018278);
        assertThat(sandbox.received()).extracting(ChannelSandbox.Received::text)
                .containsExactly("hi", "hi", "an agent's answer", "hi");
    }

    @Test
    void withoutTheHumanAgentPermissionTheTagIsRefusedLikeAnyLateMessage() throws Exception {
        sandbox.metaCustomers().messenger(OTHER_PAGE, "psid-2", "hello?");
        clock.advance(Duration.ofHours(25));
        refused(humanAgent("psid-2"), 10, 2018278);
        assertThat(sandbox.received()).isEmpty();
    }

    @Test
    void aPersonWhoNeverWroteCannotBeMessagedAndTheMessagingTypeIsRequired() throws Exception {
        refused(respond("psid-never"), 100, 2018001);
        refused(humanAgent("psid-never"), 100, 2018001);
        sandbox.metaCustomers().messenger(PAGE, "psid-1", "hello?");
        HttpResponse<String> untyped = send("{\"recipient\":{\"id\":\"psid-1\"},\"message\":{\"text\":\"hi\"}}");
        assertThat(untyped.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(untyped.body()).path("error").path("code").asInt()).isEqualTo(100);
        assertThat(sandbox.received()).isEmpty();
    }

    @Test
    void aPrivateReplyGoesOncePerCommentWithin7DaysOfIt() throws Exception {
        String comment = sandbox.metaCustomers().facebookComment(PAGE, PAGE + "_501", "4401", "Dana K", "Where is my refund?");
        JsonNode value = JSON.readTree(deliveries.get(0).body()).path("entry").path(0).path("changes").path(0).path("value");
        assertThat(value.path("item").asText()).isEqualTo("comment");
        assertThat(value.path("verb").asText()).isEqualTo("add");
        assertThat(value.path("comment_id").asText()).isEqualTo(comment);
        assertThat(value.path("parent_id").asText()).isEqualTo(PAGE + "_501");
        assertThat(value.path("from").path("id").asText()).isEqualTo("4401");
        assertThat(value.path("created_time").asLong()).isEqualTo(clock.instant().getEpochSecond());

        refused(respond("4401"), 100, 2018001); // a comment opens no messaging window
        clock.advance(Duration.ofDays(6));
        assertThat(privateReply(comment).statusCode()).isEqualTo(200);
        HttpResponse<String> again = privateReply(comment);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(again.body()).path("error").path("code").asInt()).isEqualTo(10900);

        String old = sandbox.metaCustomers().facebookComment(PAGE, PAGE + "_502", "4402", "Lee", "Still broken");
        clock.advance(Duration.ofDays(7).plusSeconds(1));
        refused(privateReply(old), 10, 2018278);
        refused(privateReply("9999_123"), 100, 33);
        assertThat(sandbox.received()).extracting(ChannelSandbox.Received::kind).containsExactly("private-reply");
    }

    @Test
    void instagramDmsAndCommentsFollowTheSameRules() throws Exception {
        sandbox.metaCustomers().instagramDm(INSTAGRAM, "igsid-7", "do you ship to Norway?");
        JsonNode dm = JSON.readTree(deliveries.get(0).body());
        assertThat(dm.path("object").asText()).isEqualTo("instagram");
        assertThat(dm.path("entry").path(0).path("id").asText()).isEqualTo(INSTAGRAM);
        HttpResponse<String> answer = respond("igsid-7");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Business-Use-Case-Usage").orElseThrow()).contains("\"type\":\"instagram\"");
        clock.advance(Duration.ofHours(25));
        refused(humanAgent("igsid-7"), 10, 2018278); // the Instagram account was not granted the tag

        String comment = sandbox.metaCustomers().instagramComment(INSTAGRAM, "17895695668004550", "igsid-8", "lee.k",
                "price?");
        JsonNode change = JSON.readTree(deliveries.get(1).body()).path("entry").path(0).path("changes").path(0);
        assertThat(change.path("field").asText()).isEqualTo("comments");
        assertThat(change.path("value").path("id").asText()).isEqualTo(comment);
        assertThat(change.path("value").path("media").path("id").asText()).isEqualTo("17895695668004550");
        assertThat(privateReply(comment).statusCode()).isEqualTo(200);
        assertThat(sandbox.received()).extracting(ChannelSandbox.Received::kind)
                .containsExactly("instagram-message", "private-reply");
    }

    @Test
    void switchedOffAnyRecipientAndAnyCommentIsAcceptedButAPrivateReplyStillOnce() throws Exception {
        sandbox.enforceMessagingWindow(false);
        assertThat(respond("psid-never").statusCode()).isEqualTo(200);
        assertThat(privateReply("9999_123").statusCode()).isEqualTo(200);
        assertThat(privateReply("9999_123").statusCode()).isEqualTo(400);
    }

    @Test
    void theCustomerSideOverHttpForTheLocalRun() throws Exception {
        HttpResponse<String> wrote = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + ChannelSandbox.CUSTOMER_PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"platform\":\"messenger\",\"account\":\"" + PAGE + "\",\"from\":\"psid-5\",\"text\":\"hi\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrote.statusCode()).as(wrote.body()).isEqualTo(200);
        assertThat(JSON.readTree(wrote.body()).path("id").asText()).startsWith("m_");
        assertThat(deliveries).hasSize(1);
        assertThat(respond("psid-5").statusCode()).isEqualTo(200);

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + ChannelSandbox.CUSTOMER_PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"platform\":\"facebook-comment\",\"account\":\"" + PAGE + "\",\"from\":\"1\",\"text\":\"no post\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
    }
}
