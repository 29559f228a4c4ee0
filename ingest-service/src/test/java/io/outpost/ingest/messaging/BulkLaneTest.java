package io.outpost.ingest.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.OutboundRequested.Kind;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The two lanes end to end: an incident's bulk replies and a conversation's ordinary ones from one
 * Instagram account, whose test-profile limit is 2 at once then 1 per second.
 */
@QuarkusTest
class BulkLaneTest {

    private static final Duration ALL_SENT = Duration.ofSeconds(90);
    private static final Pattern BULK_WAITING = Pattern.compile(
            "^outpost_outbound_bulk_waiting\\{[^}]*channel=\"instagram\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    @ConfigProperty(name = "outpost.test.wiremock-port")
    int wiremockPort;

    @Test
    void ordinaryRepliesOvertakeAnIncidentsBulkRepliesAndEveryBulkReplyIsStillSentOnce() throws Exception {
        WireMock platform = new WireMock("localhost", wiremockPort);
        String igAccount = "ig-" + UUID.randomUUID();
        OutboundDeliveryTest.register("instagram", igAccount, "test-meta-page/token");
        String run = "lanes-" + UUID.randomUUID();
        platform.register(post(urlPathMatching("/v21\\.0/" + run + "-(bulk|ordinary)-[0-9]+/replies"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"ig-reply\"}")));
        List<OutboundRequested> bulk = IntStream.range(0, 20).mapToObj(i -> reply(igAccount, run + "-bulk-" + i).inBulkLane())
                .toList();
        List<OutboundRequested> ordinary = IntStream.range(0, 3).mapToObj(i -> reply(igAccount, run + "-ordinary-" + i))
                .toList();
        // One key: one partition, so ingest reads the 20 bulk requests before the 3 ordinary ones, as it
        // would an incident's bulk reply followed by an agent's next replies.
        String key = "incident:" + run;
        TestEvents.publishAllRaw(Topics.OUTBOUND, bulk.stream().map(r -> raw(key, r)).toList());

        Poll.until("bulk sends waiting on the metric", Duration.ofSeconds(30), this::bulkWaitingOnInstagram, n -> n >= 10);
        int bulkNotYetSent = 20 - platform.find(postRequestedFor(urlPathMatching("/v21\\.0/" + run + "-bulk-[0-9]+/replies"))).size();
        TestEvents.publishAllRaw(Topics.OUTBOUND, ordinary.stream().map(r -> raw(key, r)).toList());

        List<String> markers = Stream.concat(bulk.stream(), ordinary.stream()).map(r -> r.messageId().toString()).toList();
        TestEvents.readUntil(Topics.DELIVERY, rs -> markers.stream().allMatch(m -> rs.stream().anyMatch(r -> r.value().contains(m))),
                ALL_SENT);
        // Settle, then count: each exactly once.
        List<ConsumerRecord<String, String>> outcomes = TestEvents.readUntil(Topics.DELIVERY, rs -> false, OutboundDeliveryTest.SETTLE);
        for (OutboundRequested r : Stream.concat(bulk.stream(), ordinary.stream()).toList()) {
            List<ConsumerRecord<String, String>> mine = outcomes.stream()
                    .filter(rec -> rec.value().contains(r.messageId().toString())).toList();
            assertThat(mine).as("delivery.reported of " + r.inReplyToExternalId()).hasSize(1);
            ContractCheck.assertConforms(mine.get(0));
            assertThat(TestEvents.payload(mine.get(0), DeliveryReported.class).status())
                    .as(r.inReplyToExternalId()).isEqualTo(DeliveryReported.Status.DELIVERED);
            platform.verifyThat(1, postRequestedFor(urlPathEqualTo("/v21.0/" + r.inReplyToExternalId() + "/replies")));
        }

        List<String> order = platform.find(postRequestedFor(urlPathMatching("/v21\\.0/" + run + "-.*/replies"))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(req -> req.getUrl().contains("-ordinary-") ? "ordinary" : "bulk").toList();
        assertThat(order).hasSize(23);
        int bulkAfterLastOrdinary = order.size() - 1 - order.lastIndexOf("ordinary");
        // Queued behind the bulk line, the ordinary replies would be the last three calls. In their own lane
        // they go before (nearly) every bulk reply still waiting when they were published: the slack is
        // the bulk sends made while ingest reads the three (about one a second) and one bulk token that
        // may fall between two ordinary reservations on a slow machine.
        assertThat(bulkNotYetSent).as("bulk replies still to send when the ordinary ones were published").isGreaterThanOrEqualTo(10);
        assertThat(bulkAfterLastOrdinary).as("bulk calls after the last ordinary one in %s", order)
                .isGreaterThanOrEqualTo(bulkNotYetSent - 5);
        Poll.until("the bulk line drained on the metric", Duration.ofSeconds(10), this::bulkWaitingOnInstagram, n -> n == 0);
    }

    private static OutboundRequested reply(String account, String commentId) {
        return new OutboundRequested(UUID.randomUUID(), Kind.PUBLIC_REPLY, UUID.randomUUID(), Channel.INSTAGRAM, account, "fan",
                commentId, "Sorry for the trouble, we are on it", Instant.now());
    }

    private static TestEvents.Raw raw(String key, OutboundRequested r) {
        return new TestEvents.Raw(key, UUID.randomUUID().toString(), EventTypes.OUTBOUND_REQUESTED, TestEvents.json(r));
    }

    /** outpost_outbound_bulk_waiting{channel="instagram"} on /q/metrics (0 before the first bulk send). */
    private double bulkWaitingOnInstagram() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = BULK_WAITING.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
