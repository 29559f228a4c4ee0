package io.outpost.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.outpost.contracts.Topics;
import io.outpost.devstack.Devstack;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.ingest.PostEvents;
import io.outpost.ingest.WebhookSamples;
import io.outpost.ingest.domain.WebhookSignatures;
import io.outpost.ingest.messaging.WebhookQueue;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The intake buffer on real Kafka and PostgreSQL: a webhook answers once its delivery is queued,
 * the delivery is ingested once however often its record is read, a record that is not a delivery
 * is dead-lettered without holding up the ones behind it, and the outcome endpoint's roles.
 */
@QuarkusTest
class WebhookQueueTest {

    /**
     * Counts settled once at the class's end ({@link PostEvents#settledOnce()}) where nothing after them
     * leans on the settle; the checks followed by a read of the delivery's outcome settle at once
     * ({@link PostEvents#exactly}): the outcome must be read after a repeated record could have been handled.
     */
    static final PostEvents.SettledOnce POSTS = PostEvents.settledOnce();

    @AfterAll
    static void settled() {
        POSTS.assertSettled();
    }

    /** X's sample delivery: two tweets (a customer's and our reply) and one event type we skip. */
    static byte[] signedTweets(String run) {
        return WebhookSamples.load("x/tweet-create.json", run).getBytes(StandardCharsets.UTF_8);
    }

    static String queue(byte[] body) {
        return given().contentType(ContentType.JSON).body(body)
                .header("x-twitter-webhooks-signature", WebhookSignatures.xSignature(
                        ConfigProvider.getConfig().getValue("outpost.x.consumer-secret", String.class), body))
                .when().post("/webhooks/x")
                .then().statusCode(200).body("posts", is(2)).body("changes", is(0)).body("skipped", is(1))
                .body("deliveryId", notNullValue())
                .extract().path("deliveryId");
    }

    @Test
    void theAnswerSaysWhatWasQueuedAndTheOutcomeWhatItLedTo() {
        String run = WebhookSamples.newRun();
        String id = queue(signedTweets(run));

        PostEvents.exactly(run, 2);
        given().when().get("/api/v1/webhook-deliveries/" + id).then().statusCode(401).contentType("application/problem+json");
        for (String token : List.of(TestTokens.admin(), TestTokens.integration())) {
            given().auth().oauth2(token).when().get("/api/v1/webhook-deliveries/" + id)
                    .then().statusCode(200).body("id", is(id)).body("platform", is("x")).body("accepted", is(2))
                    .body("duplicates", is(0)).body("skipped", is(1)).body("receivedAt", notNullValue())
                    .body("processedAt", notNullValue());
        }
        for (String token : List.of(TestTokens.agent(), TestTokens.supervisor())) {
            given().auth().oauth2(token).when().get("/api/v1/webhook-deliveries/" + id)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/webhook-deliveries/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/webhook-deliveries/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aBufferRecordReadTwiceIsIngestedOnce() throws Exception {
        String run = WebhookSamples.newRun();
        UUID id = UUID.randomUUID();
        byte[] body = signedTweets(run);
        // The same record twice, as a producer retry or a consumer replaying uncommitted offsets would present it.
        write(id.toString(), "x", Instant.now().toString(), body);
        write(id.toString(), "x", Instant.now().toString(), body);

        PostEvents.exactly(run, 2);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/webhook-deliveries/" + id)
                .then().statusCode(200).body("accepted", is(2)).body("duplicates", is(0));
    }

    @Test
    void deliveriesReadInOnePollAreIngestedAsIfOneAfterAnother() throws Exception {
        String run = WebhookSamples.newRun();
        Instant at = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<UUID> ids = new java.util.ArrayList<>();
        List<byte[]> bodies = new java.util.ArrayList<>();
        for (int i = 10; i < 20; i++) {
            ids.add(UUID.randomUUID());
            bodies.add(WebhookSamples.xTweet(run, "2244994945" + run, Integer.toString(i), at.plusSeconds(i),
                    at.minus(Duration.ofDays(900)), "my order " + i + " never arrived " + run).getBytes(StandardCharsets.UTF_8));
        }
        UUID redelivery = UUID.randomUUID();
        // Sent together, so that the consumer reads them in one poll (one transaction): ten tweets, the platform
        // sending the fourth again under a new delivery, and the sixth's record written twice.
        Properties config = new Properties();
        config.put("bootstrap.servers", Devstack.testKafkaBootstrap());
        config.put("linger.ms", "50");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                sent.add(producer.send(record(ids.get(i), bodies.get(i))));
            }
            sent.add(producer.send(record(redelivery, bodies.get(3))));
            sent.add(producer.send(record(ids.get(5), bodies.get(5))));
            for (var future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        }

        PostEvents.exactly(run, 10);
        awaitOutcome(redelivery).body("accepted", is(0)).body("duplicates", is(1));
        for (UUID id : ids) {
            awaitOutcome(id).body("accepted", is(1)).body("duplicates", is(0));
        }
    }

    private static io.restassured.response.ValidatableResponse awaitOutcome(UUID id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            var response = given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/webhook-deliveries/" + id);
            if (response.statusCode() != 404 || System.nanoTime() > deadline) {
                return response.then().statusCode(200);
            }
            Thread.sleep(20);
        }
    }

    private static ProducerRecord<String, byte[]> record(UUID id, byte[] body) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.WEBHOOKS, "x:test", body);
        record.headers().add(WebhookQueue.DELIVERY_ID, id.toString().getBytes(StandardCharsets.UTF_8))
                .add(WebhookQueue.PLATFORM, "x".getBytes(StandardCharsets.UTF_8))
                .add(WebhookQueue.RECEIVED_AT, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void aPoisonRecordInThePollOfGoodDeliveriesHoldsNoneOfThemBack() throws Exception {
        String run = WebhookSamples.newRun();
        UUID good = UUID.randomUUID();
        Properties config = new Properties();
        config.put("bootstrap.servers", Devstack.testKafkaBootstrap());
        config.put("linger.ms", "50");
        // Read in one poll: the dead letter is written first, and the good delivery's transaction must still run
        // on the consumer's Vert.x context (it resumed on the producer's thread and failed, found by system-tests).
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            var poison = producer.send(new ProducerRecord<>(Topics.WEBHOOKS, "x:test", ("poison " + run).getBytes(StandardCharsets.UTF_8)));
            var delivery = producer.send(record(good, signedTweets(run)));
            poison.get(30, TimeUnit.SECONDS);
            delivery.get(30, TimeUnit.SECONDS);
        }

        POSTS.exactly(run, 2);
        awaitOutcome(good).body("accepted", is(2));
    }

    @Test
    void aRecordThatIsNotADeliveryIsDeadLetteredAndTheNextDeliveryIsIngested() throws Exception {
        String run = WebhookSamples.newRun();
        write(null, null, null, ("not a delivery " + run).getBytes(StandardCharsets.UTF_8));
        write(UUID.randomUUID().toString(), "x", Instant.now().toString(),
                ("{\"tweet_create_events\": \"" + run + "\"}").getBytes(StandardCharsets.UTF_8));
        String after = WebhookSamples.newRun();
        queue(signedTweets(after));

        POSTS.exactly(after, 2);
        List<ConsumerRecord<String, String>> dead = TestEvents.readUntil(Topics.dlq(Topics.WEBHOOKS),
                records -> records.stream().filter(r -> r.value() != null && r.value().contains(run)).count() >= 2,
                Duration.ofSeconds(20));
        assertThat(dead).filteredOn(r -> r.value() != null && r.value().contains(run)).hasSize(2)
                .allSatisfy(r -> assertThat(TestEvents.header(r, "dead-letter-reason")).isPresent());
        POSTS.none(run);
    }

    private static void write(String id, String platform, String receivedAt, byte[] body) throws Exception {
        Properties config = new Properties();
        config.put("bootstrap.servers", Devstack.testKafkaBootstrap());
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.WEBHOOKS, "x:test", body);
            if (id != null) {
                record.headers().add(WebhookQueue.DELIVERY_ID, id.getBytes(StandardCharsets.UTF_8))
                        .add(WebhookQueue.PLATFORM, platform.getBytes(StandardCharsets.UTF_8))
                        .add(WebhookQueue.RECEIVED_AT, receivedAt.getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }
}
