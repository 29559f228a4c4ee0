package io.outpost.ingest.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.ingest.WebhookSamples;
import io.outpost.ingest.domain.WebhookSignatures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** outpost.identity erasure-requested → the person's posts, messages and deliveries anonymised → erasure-confirmed. */
@QuarkusTest
class ErasureTest {

    static final Duration ARRIVAL = Duration.ofSeconds(30);
    static final Duration SETTLE = Duration.ofSeconds(3);

    @Inject
    Pool db;

    @Test
    void aPersonsPostsAndDeliveriesAreAnonymisedAndTheErasureConfirmedOnce() {
        String run = WebhookSamples.newRun();
        String person = "6253282" + run;
        // Two posts by the person (one through the X webhook, one through the API), one by someone else.
        byte[] delivery = WebhookSamples.load("x/tweet-create.json", run).getBytes(StandardCharsets.UTF_8);
        WebhookSamples.ingested(given().contentType(ContentType.JSON).body(delivery)
                .header("x-twitter-webhooks-signature", WebhookSignatures.xSignature(
                        ConfigProvider.getConfig().getValue("outpost.x.consumer-secret", String.class), delivery))
                .when().post("/webhooks/x").then().statusCode(200)).body("accepted", is(2));
        apiPost("x", "api-" + run, person, "my router is still broken " + run);
        apiPost("x", "other-" + run, "someone-else-" + run, "mine works fine " + run);
        awaitStored("other-" + run);
        UUID deliveryId = row("select id from raw_payload where strpos(body, $1) > 0", "1050118621198921728" + run).getUUID("id");

        UUID erasureId = UUID.randomUUID();
        ErasureRequested request = new ErasureRequested(erasureId, "crm-42",
                List.of(new ErasureRequested.Subject(Channel.X, person)), Instant.now());
        String firstEventId = TestEvents.publish(Topics.IDENTITY, erasureId.toString(), EventTypes.ERASURE_REQUESTED, request);

        ConsumerRecord<String, String> confirmation = confirmations(erasureId, 1).get(0);
        ContractCheck.assertConforms(confirmation);
        assertThat(confirmation.key()).isEqualTo(erasureId.toString());
        ErasureConfirmed confirmed = TestEvents.payload(confirmation, ErasureConfirmed.class);
        assertThat(confirmed.service()).isEqualTo("ingest-service");
        // Two posts and the one webhook delivery that carried the person's id.
        assertThat(confirmed.recordsAffected()).isEqualTo(3);

        Row erased = row("select author_platform_id, author_handle, author_display_name, text, text_fingerprint "
                + "from post where external_id = $1", "1050118621198921728" + run);
        assertThat(erased.getString("author_platform_id")).isEqualTo("erased-" + erasureId);
        assertThat(erased.getString("author_handle")).isNull();
        assertThat(erased.getString("author_display_name")).isNull();
        assertThat(erased.getString("text")).isEqualTo("[erased]");
        assertThat(erased.getString("text_fingerprint")).isNull();
        assertThat(row("select text from post where external_id = $1", "api-" + run).getString("text")).isEqualTo("[erased]");
        assertThat(row("select text from post where external_id = $1", "other-" + run).getString("text"))
                .isEqualTo("mine works fine " + run);
        Row payload = db.preparedQuery("select body, redacted_at from raw_payload where id = $1").execute(Tuple.of(deliveryId))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(payload.getString("body")).as("the delivery that carried the person's tweet, redacted").isNull();
        assertThat(payload.getValue("redacted_at")).isNotNull();
        assertThat(db.preparedQuery("select count(*) as n from raw_payload where strpos(body, $1) > 0")
                .execute(Tuple.of("\"" + person + "\"")).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong("n")).as("deliveries still carrying the person's id").isZero();

        // The same event again (same ce_id), the same request under a new event id, and another type on the topic.
        TestEvents.publishRaw(Topics.IDENTITY, erasureId.toString(), firstEventId, EventTypes.ERASURE_REQUESTED,
                TestEvents.json(request));
        TestEvents.publish(Topics.IDENTITY, erasureId.toString(), EventTypes.ERASURE_REQUESTED, request);
        TestEvents.publish(Topics.IDENTITY, "identity-" + run, EventTypes.LINK_REMOVED,
                new LinkRemoved(UUID.randomUUID(), UUID.randomUUID(), Channel.X, person, "crm-42", LinkRemoved.Reason.ADMIN_REMOVED,
                        Instant.now()));
        confirmations(erasureId, 1);
        assertThat(TestEvents.readUntil(Topics.dlq(Topics.IDENTITY), rs -> false, Duration.ofSeconds(1)).stream()
                .filter(r -> r.value() != null && r.value().contains(person)).toList())
                .as("nothing dead-lettered").isEmpty();
    }

    private void apiPost(String channel, String externalId, String author, String text) {
        given().auth().oauth2(TestTokens.integration()).contentType(ContentType.JSON)
                .body("""
                        {"channel":"%s","externalId":"%s","author":{"platformUserId":"%s","handle":"h"},
                         "text":"%s","createdAt":"2026-11-01T08:00:00Z"}
                        """.formatted(channel, externalId, author, text))
                .when().post("/api/v1/posts").then().statusCode(202);
    }

    private void awaitStored(String externalId) {
        assertThat(row("select count(*) as n from post where external_id = $1", externalId).getLong("n")).isEqualTo(1);
    }

    /** Waits for {@code count} confirmations of the erasure, lets extras arrive, asserts exactly {@code count}. */
    private static List<ConsumerRecord<String, String>> confirmations(UUID erasureId, int count) {
        TestEvents.readUntil(Topics.IDENTITY, rs -> ofErasure(rs, erasureId).size() >= count, ARRIVAL);
        List<ConsumerRecord<String, String>> settled = ofErasure(TestEvents.readUntil(Topics.IDENTITY, rs -> false, SETTLE), erasureId);
        assertThat(settled).as("erasure-confirmed for " + erasureId).hasSize(count);
        return settled;
    }

    private static List<ConsumerRecord<String, String>> ofErasure(List<ConsumerRecord<String, String>> records, UUID erasureId) {
        return records.stream()
                .filter(r -> TestEvents.header(r, "ce_type").filter(EventTypes.ERASURE_CONFIRMED::equals).isPresent())
                .filter(r -> r.value() != null && r.value().contains(erasureId.toString()))
                .toList();
    }

    private Row row(String sql, String parameter) {
        List<Row> rows = db.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10))
                .stream().toList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
