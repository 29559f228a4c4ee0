package io.outpost.ingest.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.OutboundRequested.Kind;
import io.outpost.devstack.ChannelSandbox;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.MovableClock;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.devstack.XRules;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Meta's messaging windows, through devstack's strict sandbox (reached through the module's WireMock, which proxies
 * this test's page token to it): customers write through the sandbox's customer side, which delivers their messages
 * to this ingest's webhook and notes when; the sandbox's clock then moves on, and ingest's sends meet Meta's answers.
 * ingest decides by those answers: a human reply refused as outside the 24 hours goes again with the HUMAN_AGENT tag
 * from a page configured with the permission ({@code %test.outpost.outbound.meta.human-agent-accounts}); an automated
 * message never does; a window refusal fails at once with a reason an agent can read.
 *
 * <p>All sends go at once, their outcomes awaited together and settled once (the sandbox's clock at "now", the
 * customers having written 8 days, 25 hours and 1 hour before).
 */
@QuarkusTest
class MetaWindowDeliveryTest {

    static final String PAGE_TOKEN = "sandbox-meta-page-token";
    /** In {@code %test.outpost.outbound.meta.human-agent-accounts}, and granted the tag in the sandbox. */
    static final String HUMAN_AGENT_PAGE = "2000000777";

    @ConfigProperty(name = "outpost.test.wiremock-port")
    int wiremockPort;

    WireMock platform;
    ChannelSandbox sandbox;
    StubMapping proxy;
    MovableClock clock;
    String run;

    @BeforeEach
    void sandbox() throws Exception {
        run = Long.toHexString(System.nanoTime());
        clock = new MovableClock(Instant.now().minus(Duration.ofDays(8)));
        sandbox = ChannelSandbox.start(0, List.of(new ChannelSandbox.XAccount("1600" + run.length(), "acme", "unused-" + run)),
                XRules.documented().withClock(clock), PAGE_TOKEN, OutboundDeliveryTest.META_APP_SECRET,
                "unused-forum-secret-0123456789abcdef");
        sandbox.metaCustomers().deliverTo(RestAssured.baseURI + ":" + RestAssured.port);
        sandbox.grantHumanAgent(HUMAN_AGENT_PAGE);
        platform = new WireMock("localhost", wiremockPort);
        proxy = platform.register(post(WireMock.urlPathMatching("/v21\\.0/.*")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + PAGE_TOKEN))
                .willReturn(aResponse().proxiedFrom(sandbox.baseUrl())));
        int status = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("""
                        {"channel":"facebook","platformAccountId":"%s","handle":"acme","displayName":"Acme","credentialsRef":"sandbox-meta/token"}
                        """.formatted(HUMAN_AGENT_PAGE))
                .when().post("/api/v1/channel-accounts").then().extract().statusCode();
        assertThat(status).as("registered now or by an earlier test run").isIn(201, 409);
    }

    @AfterEach
    void stop() {
        platform.removeStubMapping(proxy);
        sandbox.close();
    }

    OutboundRequested request(Kind kind, Channel channel, String account, String recipient, String inReplyTo, String text,
            UUID caseId) {
        return new OutboundRequested(UUID.randomUUID(), kind, caseId, channel, account, recipient, inReplyTo,
                text + " " + run, Instant.now());
    }

    int calls(String recipientOrComment, String... containing) {
        var pattern = postRequestedFor(urlPathEqualTo("/v21.0/me/messages"))
                .withHeader("Authorization", equalTo("Bearer " + PAGE_TOKEN))
                .withRequestBody(containing("\"" + recipientOrComment + "\""));
        for (String c : containing) {
            pattern = pattern.withRequestBody(containing(c));
        }
        return platform.find(pattern).size();
    }

    @Test
    void humanRepliesPast24HoursGoTaggedAutomatedOnesAndLateOnesFailWithTheReason() {
        String otherPage = "page-" + run; // registered without the Human Agent permission
        OutboundDeliveryTest.register("facebook", otherPage, "sandbox-meta/token");
        var customers = sandbox.metaCustomers();
        String eightDays = "psid-8d-" + run;
        String dayAgo = "psid-25h-" + run;
        String notGranted = "psid-ng-" + run;
        String recent = "psid-1h-" + run;
        String never = "psid-never-" + run;
        customers.messenger(HUMAN_AGENT_PAGE, eightDays, "my order never came");
        clock.advance(Duration.ofDays(8).minusHours(25));
        customers.messenger(HUMAN_AGENT_PAGE, dayAgo, "still waiting for my refund");
        customers.messenger(otherPage, notGranted, "hello?");
        clock.advance(Duration.ofHours(24));
        customers.messenger(HUMAN_AGENT_PAGE, recent, "where is my parcel?");
        String comment = customers.facebookComment(HUMAN_AGENT_PAGE, HUMAN_AGENT_PAGE + "_77" + run.length(), "4401" + run,
                "Dana K", "charged twice, help");
        clock.advance(Duration.ofHours(1));

        UUID commentCase = UUID.randomUUID();
        Map<String, OutboundRequested> sends = new LinkedHashMap<>();
        sends.put("inside 24 h", request(Kind.PRIVATE_MESSAGE, Channel.MESSENGER, HUMAN_AGENT_PAGE, recent, null,
                "It is on its way, arriving tomorrow.", UUID.randomUUID()));
        sends.put("25 h, human", request(Kind.PRIVATE_MESSAGE, Channel.MESSENGER, HUMAN_AGENT_PAGE, dayAgo, null,
                "Your refund went out today.", UUID.randomUUID()));
        sends.put("25 h, survey", request(Kind.SURVEY_INVITATION, Channel.MESSENGER, HUMAN_AGENT_PAGE, dayAgo, null,
                "How did we do? https://survey.example/t/1", UUID.randomUUID()));
        sends.put("25 h, page without the permission", request(Kind.PRIVATE_MESSAGE, Channel.MESSENGER, otherPage,
                notGranted, null, "Sorry for the wait.", UUID.randomUUID()));
        sends.put("8 days, human", request(Kind.PRIVATE_MESSAGE, Channel.MESSENGER, HUMAN_AGENT_PAGE, eightDays, null,
                "Did the parcel arrive?", UUID.randomUUID()));
        sends.put("never wrote", request(Kind.PRIVATE_MESSAGE, Channel.MESSENGER, HUMAN_AGENT_PAGE, never, null,
                "Hello there", UUID.randomUUID()));
        sends.put("private reply", request(Kind.PRIVATE_MESSAGE, Channel.FACEBOOK, HUMAN_AGENT_PAGE, "4401" + run, comment,
                "Could you DM us your order number?", commentCase));
        sends.put("private reply again", request(Kind.PRIVATE_MESSAGE, Channel.FACEBOOK, HUMAN_AGENT_PAGE, "4401" + run,
                comment, "Following up on your comment", commentCase));
        sends.values().forEach(OutboundDeliveryTest::publish);

        Map<String, DeliveryReported> outcomes = outcomes(sends);

        assertThat(outcomes.get("inside 24 h").status()).as(outcomes.get("inside 24 h").failureReason())
                .isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(calls(recent, "\"messaging_type\":\"RESPONSE\"")).isEqualTo(1);

        DeliveryReported tagged = outcomes.get("25 h, human");
        assertThat(tagged.status()).as(tagged.failureReason()).isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(calls(dayAgo, "\"messaging_type\":\"RESPONSE\"", "Your refund")).as("refused untagged first").isEqualTo(1);
        assertThat(calls(dayAgo, "\"messaging_type\":\"MESSAGE_TAG\"", "\"tag\":\"HUMAN_AGENT\"", "Your refund")).isEqualTo(1);
        assertThat(sandbox.received()).filteredOn(m -> m.target().equals(dayAgo)).singleElement()
                .satisfies(m -> assertThat(tagged.platformMessageId()).isEqualTo(m.id()));

        DeliveryReported survey = outcomes.get("25 h, survey");
        assertThat(survey.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(survey.failureReason()).startsWith("outside Meta's 24-hour window — ")
                .contains("survey invitation is automated", "(#10) This message is sent outside of allowed window");
        assertThat(calls(dayAgo, "How did we do?")).as("once, never tagged, never retried").isEqualTo(1);
        assertThat(calls(dayAgo, "How did we do?", "HUMAN_AGENT")).isZero();

        DeliveryReported notPermitted = outcomes.get("25 h, page without the permission");
        assertThat(notPermitted.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(notPermitted.failureReason()).startsWith("outside Meta's 24-hour window — ")
                .contains(otherPage + " is not configured with Meta's Human Agent permission");
        assertThat(calls(notGranted)).isEqualTo(1);

        DeliveryReported late = outcomes.get("8 days, human");
        assertThat(late.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(late.failureReason()).startsWith("outside Meta's 7-day Human Agent window — ");
        assertThat(calls(eightDays)).as("untagged, then tagged; no retry after").isEqualTo(2);

        DeliveryReported unknown = outcomes.get("never wrote");
        assertThat(unknown.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(unknown.failureReason()).startsWith("Meta knows no conversation of this person with " + HUMAN_AGENT_PAGE)
                .contains("(#100) No matching user found");
        assertThat(calls(never)).isEqualTo(1);

        assertThat(outcomes.get("private reply").status()).as(outcomes.get("private reply").failureReason())
                .isEqualTo(DeliveryReported.Status.DELIVERED);
        assertThat(calls(comment, "\"comment_id\"")).isEqualTo(2);
        DeliveryReported again = outcomes.get("private reply again");
        assertThat(again.status()).isEqualTo(DeliveryReported.Status.FAILED);
        assertThat(again.failureReason()).contains("(#10900) Activity already replied to");
        assertThat(sandbox.received()).extracting(ChannelSandbox.Received::kind)
                .containsExactlyInAnyOrder("message", "message", "private-reply");
    }

    /** Each send's one delivery.reported (all awaited, then one settling read: none came twice). */
    static Map<String, DeliveryReported> outcomes(Map<String, OutboundRequested> sends) {
        for (OutboundRequested r : sends.values()) {
            assertThat(TestEvents.awaitContaining(Topics.DELIVERY, r.messageId().toString(), OutboundDeliveryTest.ARRIVAL))
                    .as("delivery.reported for " + r.messageId()).hasSize(1);
        }
        List<ConsumerRecord<String, String>> settled = TestEvents.readUntil(Topics.DELIVERY, rs -> false,
                OutboundDeliveryTest.SETTLE);
        Map<String, DeliveryReported> outcomes = new LinkedHashMap<>();
        sends.forEach((name, r) -> {
            List<ConsumerRecord<String, String>> mine = settled.stream()
                    .filter(rec -> rec.value().contains(r.messageId().toString())).toList();
            assertThat(mine).as(name + ": one delivery.reported after settling").hasSize(1);
            ContractCheck.assertConforms(mine.get(0));
            outcomes.put(name, TestEvents.payload(mine.get(0), DeliveryReported.class));
        });
        return outcomes;
    }
}
