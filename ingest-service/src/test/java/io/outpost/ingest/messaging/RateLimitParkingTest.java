package io.outpost.ingest.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.OutboundRequested.Kind;
import io.outpost.devstack.ChannelSandbox;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.XRules;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A send that runs into X's spent window, whose reset lies past the retry budget (the test profile's
 * {@code outpost.outbound.retry.max-duration} is 10 s), against the strict X of devstack's {@link ChannelSandbox}
 * (fixed windows per account and endpoint, {@code x-rate-limit-*} headers, 429 until the reset). The sandbox is
 * reached through the module's WireMock, which proxies this test's account's token to it (the X base URL is one
 * per application start).
 */
@QuarkusTest
class RateLimitParkingTest {

    static final String SANDBOX_TOKEN = "sandbox-x-static-token";
    static final String SANDBOX_META_TOKEN = "sandbox-meta-page-token";
    /** The sandbox's tweet window: long enough that its reset lies past the 10 s retry budget. */
    static final Duration WINDOW = Duration.ofSeconds(14);

    @ConfigProperty(name = "outpost.test.wiremock-port")
    int wiremockPort;

    @Inject
    Pool db;

    WireMock platform;
    ChannelSandbox sandbox;
    StubMapping proxy;
    StubMapping metaProxy;
    String xAccount;

    @BeforeEach
    void sandbox() throws Exception {
        xAccount = Long.toString(1_500_000_000L + (System.nanoTime() & 0xffffff));
        // One tweet per window: the window's one request is spent by "another sender" below.
        sandbox = ChannelSandbox.start(0, List.of(new ChannelSandbox.XAccount(xAccount, "acme_help", SANDBOX_TOKEN)),
                XRules.documented().withTweetLimit(1, WINDOW), SANDBOX_META_TOKEN, OutboundDeliveryTest.META_APP_SECRET,
                "unused-forum-secret-0123456789abcdef");
        platform = new WireMock("localhost", wiremockPort);
        proxy = platform.register(post(urlPathEqualTo("/2/tweets")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + SANDBOX_TOKEN))
                .willReturn(aResponse().proxiedFrom(sandbox.baseUrl())));
        metaProxy = platform.register(post(WireMock.urlPathMatching("/v21\\.0/.*")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + SANDBOX_META_TOKEN))
                .willReturn(aResponse().proxiedFrom(sandbox.baseUrl())));
        OutboundDeliveryTest.register("x", xAccount, "sandbox-x/token");
    }

    @AfterEach
    void stop() {
        platform.removeStubMapping(proxy);
        platform.removeStubMapping(metaProxy);
        sandbox.close();
    }

    @Test
    void aSendThatGetsX429WithAResetPastTheRetryBudgetIsParkedAndDeliveredAfterTheReset() throws Exception {
        // Another sender (a second replica, a scheduled tool on the same app) spends the account's window first:
        // ingest's own limiter cannot know, and its send gets X's 429 with x-rate-limit-reset ~14 s ahead.
        HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/2/tweets"))
                .header("Authorization", "Bearer " + SANDBOX_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"scheduled post from elsewhere\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(201);
        Instant reset = Instant.ofEpochSecond(Long.parseLong(other.headers().firstValue("x-rate-limit-reset").orElseThrow()));

        String tweetId = "1" + (System.nanoTime() & 0xffffffffL);
        OutboundRequested r = new OutboundRequested(UUID.randomUUID(), Kind.PUBLIC_REPLY, UUID.randomUUID(), Channel.X,
                xAccount, "dana-1", tweetId, "@dana We are on it, sorry for the wait", Instant.now());
        OutboundDeliveryTest.publish(r);

        // Parked: the row is pending again with X's reset as its not-before time — the state a restart finds.
        Row parked = Poll.until("the parked row", Duration.ofSeconds(10), () -> row(r.messageId()),
                row -> row != null && "pending".equals(row.getString("status")) && row.getValue("not_before") != null);
        assertThat(parked.getOffsetDateTime("not_before").toInstant()).isBetween(reset.minusSeconds(1), reset.plusSeconds(1));
        assertThat(parked.getString("reason")).startsWith("X answered 429").contains("waiting until");
        assertThat(parked.getInteger("attempts")).isEqualTo(1);
        // Nothing reported while it waits (checked a real interval after the park, the marker).
        List<?> early = TestEvents.readUntil(Topics.DELIVERY, rs -> false, Duration.ofSeconds(2)).stream()
                .filter(rec -> rec.value().contains(r.messageId().toString())).toList();
        assertThat(early).as("no delivery.reported while parked").isEmpty();

        DeliveryReported event = OutboundDeliveryTest.outcome(r);
        assertThat(event.status()).as(event.failureReason()).isEqualTo(DeliveryReported.Status.DELIVERED);
        List<ChannelSandbox.Received> ours = sandbox.received().stream().filter(m -> tweetId.equals(m.target())).toList();
        assertThat(ours).as("X took our reply once").hasSize(1);
        assertThat(ours.get(0).receivedAt()).as("after X's reset, not into the spent window").isAfterOrEqualTo(reset);
        assertThat(event.platformMessageId()).isEqualTo(ours.get(0).id());
        Row done = row(r.messageId());
        assertThat(done.getString("status")).isEqualTo("delivered");
        assertThat(done.getInteger("attempts")).as("the 429 and the send after the reset").isEqualTo(2);
    }

    @Test
    void metasThrottlingAsTheSandboxSendsItIsReadByIngestAndParksTheMessageUntilTheRegainTime() throws Exception {
        // The sandbox's Meta: Business Use Case limits per page and use case (devstack MetaUsage), here one
        // Messenger call per 10 minutes, spent by another sender; ingest's message then gets 80006 with
        // X-Business-Use-Case-Usage saying 10 minutes, which MetaThrottling must read as code and regain time.
        sandbox.limitMeta(1, Duration.ofMinutes(10));
        sandbox.enforceMessagingWindow(false); // made-up recipients; the window is MetaWindowDeliveryTest's
        String pageId = "page-" + UUID.randomUUID();
        OutboundDeliveryTest.register("facebook", pageId, "sandbox-meta/token");
        String proof = OutboundDeliveryTest.appsecretProof(SANDBOX_META_TOKEN);
        HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.baseUrl() + "/v21.0/me/messages?appsecret_proof=" + proof))
                .header("Authorization", "Bearer " + SANDBOX_META_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"recipient":{"id":"psid-other"},"messaging_type":"RESPONSE","message":{"text":"from elsewhere"}}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(200);

        OutboundRequested r = new OutboundRequested(UUID.randomUUID(), Kind.PRIVATE_MESSAGE, UUID.randomUUID(), Channel.MESSENGER,
                pageId, "psid-dana", null, "Could you send us your order number?", Instant.now());
        Instant sent = Instant.now();
        OutboundDeliveryTest.publish(r);

        Row parked = Poll.until("the parked row", Duration.ofSeconds(10), () -> row(r.messageId()),
                row -> row != null && "pending".equals(row.getString("status")) && row.getValue("not_before") != null);
        assertThat(parked.getString("reason")).startsWith("Meta answered 400: There have been too many messenger api calls")
                .contains("rate limited, code 80006");
        assertThat(parked.getOffsetDateTime("not_before").toInstant())
                .isBetween(sent.plus(Duration.ofMinutes(10)), Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(sandbox.received()).extracting(ChannelSandbox.Received::target).containsExactly("psid-other");
        // The run ends long before the regain time: the row goes, or the sweeper would send it into a later test.
        db.preparedQuery("delete from delivery where message_id = $1").execute(Tuple.of(r.messageId()))
                .await().atMost(Duration.ofSeconds(10));
    }

    Row row(UUID messageId) {
        var rows = db.preparedQuery("select status, not_before, reason, attempts from delivery where message_id = $1")
                .execute(Tuple.of(messageId)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next();
    }

}
