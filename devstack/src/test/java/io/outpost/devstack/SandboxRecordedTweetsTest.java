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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replay hooks of the X side: an account added after the start sends with the OAuth pair the sandbox issues
 * it, and a tweet the replay names gets the recorded id and created_at — in the answer, in what the sandbox
 * received, and in its echo.
 */
class SandboxRecordedTweetsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newHttpClient();
    final List<byte[]> echoBodies = new CopyOnWriteArrayList<>();
    HttpServer ingest;
    ChannelSandbox sandbox;
    PlatformEchoes echoes;

    @BeforeEach
    void start() throws Exception {
        ingest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ingest.createContext("/webhooks/", exchange -> {
            try (exchange) {
                echoBodies.add(exchange.getRequestBody().readAllBytes());
                exchange.sendResponseHeaders(200, -1);
            }
        });
        ingest.start();
        sandbox = ChannelSandbox.start(0, "x-token", "page-token", "app-secret", "forum-secret-0123456789");
        echoes = new PlatformEchoes("http://127.0.0.1:" + ingest.getAddress().getPort(), "x-secret", "app-secret");
        sandbox.echoTo(echoes, "2000000001");
    }

    @AfterEach
    void stop() throws Exception {
        sandbox.close();
        echoes.close();
        ingest.stop(0);
    }

    HttpResponse<String> tweet(String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/2/tweets")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAddedAccountsReplyGetsTheRecordedIdAndTimeUpToItsEcho() throws Exception {
        sandbox.addXAccount("7700000001", "AskBrand");
        ChannelSandbox.XTokens tokens = sandbox.issueTokens("7700000001");
        Instant recordedAt = Instant.parse("2017-10-31T22:10:47Z");
        sandbox.recordedTweets((account, inReplyTo, text) -> "7700000001".equals(account) && "119237".equals(inReplyTo)
                ? Optional.of(new ChannelSandbox.RecordedTweet("119238", recordedAt)) : Optional.empty());

        HttpResponse<String> recorded = tweet(tokens.accessToken(),
                "{\"text\":\"Sorry about that!\",\"reply\":{\"in_reply_to_tweet_id\":\"119237\"}}");
        HttpResponse<String> other = tweet(tokens.accessToken(),
                "{\"text\":\"Something else\",\"reply\":{\"in_reply_to_tweet_id\":\"555\"}}");

        assertThat(recorded.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(recorded.body()).path("data").path("id").asText()).isEqualTo("119238");
        assertThat(JSON.readTree(other.body()).path("data").path("id").asText()).as("not named: the sandbox's own id")
                .isNotEqualTo("119238").matches("19[0-9]{17}");
        ChannelSandbox.Received first = sandbox.received().get(0);
        assertThat(first.id()).isEqualTo("119238");
        assertThat(first.receivedAt()).isEqualTo(recordedAt);
        assertThat(first.account()).isEqualTo("7700000001");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (echoBodies.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        JsonNode echo = JSON.readTree(echoBodies.get(0));
        assertThat(echo.path("for_user_id").asText()).isEqualTo("7700000001");
        JsonNode event = echo.path("tweet_create_events").path(0);
        assertThat(event.path("id_str").asText()).isEqualTo("119238");
        assertThat(event.path("created_at").asText()).isEqualTo("Tue Oct 31 22:10:47 +0000 2017");
        assertThat(event.path("user").path("screen_name").asText()).isEqualTo("AskBrand");
    }

    @Test
    void anAccountNotAddedIsRefused() throws Exception {
        assertThat(tweet("not-a-token", "{\"text\":\"hi\"}").statusCode()).isEqualTo(401);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.issueTokens("7700000009"))
                .isInstanceOf(IllegalArgumentException.class);
        sandbox.addXAccount("7700000009", "AskOther");
        assertThat(tweet(sandbox.issueTokens("7700000009").accessToken(), "{\"text\":\"hi\"}").statusCode()).isEqualTo(201);
    }
}
