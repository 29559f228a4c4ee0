package io.outpost.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.IncidentSuggested;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.ingest.PostEvents;
import io.outpost.ingest.WebhookSamples;
import io.outpost.ingest.store.SurgeSuggestions;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/surges: a burst of one intent against its usual rate; roles agent, supervisor, admin.
 * And the one {@code incident.suggested} per surge (store/SurgeSuggestions).
 */
@QuarkusTest
class SurgesResourceTest {

    /** One settle for the class's counts on outpost.posts: {@link PostEvents#settledOnce()}. */
    static final PostEvents.SettledOnce POSTS = PostEvents.settledOnce();

    @AfterAll
    static void settled() {
        POSTS.assertSettled();
    }

    @Inject
    SurgeSuggestions suggestions;

    /** One surge check at {@code at}, as the scheduler runs it (on a Vert.x context). */
    int check(Instant at) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> suggestions.check(at));
        } catch (Throwable e) {
            throw new AssertionError("surge check failed", e);
        }
    }

    static final String PATH = "/api/v1/surges";

    static String post(String author, String text, Instant createdAt) {
        return given().auth().oauth2(TestTokens.integration()).contentType(ContentType.JSON)
                .body("""
                        {"channel":"forum","externalId":"%s","author":{"platformUserId":"%s"},"text":"%s","createdAt":"%s"}
                        """.formatted("surge-" + UUID.randomUUID(), author, text, createdAt))
                .when().post("/api/v1/posts").then().statusCode(202).extract().path("postId");
    }

    @Test
    void aBurstOfOutageReportsIsASurgeAQuietIntentIsNot() {
        // A window of our own, far from every other test's post times.
        Instant base = Instant.parse("2015-01-01T00:00:00Z").plus(ThreadLocalRandom.current().nextLong(360 * 24 * 60), ChronoUnit.MINUTES);
        String run = UUID.randomUUID().toString();
        post("usual-" + run, "no internet again in the evening " + run, base.minus(3, ChronoUnit.HOURS));
        List<String> outage = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            outage.add(post("o" + i + "-" + run, "no internet since this morning, all lights off " + run, base.plus(i, ChronoUnit.MINUTES)));
        }
        post("b1-" + run, "I was charged twice this month " + run, base.plus(2, ChronoUnit.MINUTES));
        post("b2-" + run, "I was charged twice this month " + run, base.plus(3, ChronoUnit.MINUTES));

        JsonPath report = given().auth().oauth2(TestTokens.agent()).queryParam("at", base.plus(10, ChronoUnit.MINUTES).toString())
                .when().get(PATH).then().statusCode(200).extract().jsonPath();

        assertThat(report.getString("window")).isEqualTo("PT15M");
        assertThat(report.getList("surges.intent", String.class)).containsExactly("outage");
        assertThat(report.getLong("surges[0].posts")).isEqualTo(6);
        assertThat(report.getDouble("surges[0].usualPerWindow")).isCloseTo(15.0 / (24 * 60), org.assertj.core.data.Offset.offset(1e-6));
        List<String> samples = report.getList("surges[0].samplePostIds", String.class);
        assertThat(samples).hasSize(5).isSubsetOf(outage).doesNotContain(outage.get(0));

        // The same burst seen an hour later is over.
        given().auth().oauth2(TestTokens.supervisor()).queryParam("at", base.plus(70, ChronoUnit.MINUTES).toString())
                .when().get(PATH).then().statusCode(200).body("surges.size()", equalTo(0));
    }

    @Test
    void aSurgeIsSuggestedAsAnIncidentOnceWhileItLastsAndAgainAfterItEnded() {
        Instant base = Instant.parse("2016-01-01T00:00:00Z").plus(ThreadLocalRandom.current().nextLong(360 * 24 * 60), ChronoUnit.MINUTES);
        String run = UUID.randomUUID().toString();
        List<String> outage = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            outage.add(post("so" + i + "-" + run, "the whole network is down, outage everywhere " + run, base.plus(i, ChronoUnit.MINUTES)));
        }
        Instant first = base.plus(7, ChronoUnit.MINUTES);

        assertThat(check(first)).isEqualTo(1);
        // Still the same surge a few minutes later: nothing new.
        assertThat(check(first.plus(3, ChronoUnit.MINUTES))).isZero();

        java.util.function.Predicate<ConsumerRecord<String, String>> ours = r -> r.value() != null
                && r.value().contains(outage.get(5))
                && TestEvents.header(r, "ce_type").orElse("").equals(EventTypes.INCIDENT_SUGGESTED);
        List<ConsumerRecord<String, String>> records = TestEvents.readUntil(Topics.POSTS, rs -> rs.stream().anyMatch(ours),
                Duration.ofSeconds(20)).stream().filter(ours).toList();
        assertThat(records).hasSize(1);
        // A second suggestion, if there were one, is counted after the class's settle.
        POSTS.expect("incident.suggested for the outage", ours, 1);
        ContractCheck.assertConforms(records.get(0));
        assertThat(records.get(0).key()).isEqualTo("incident:outage");
        IncidentSuggested event = TestEvents.payload(records.get(0), IncidentSuggested.class);
        assertThat(event.subject()).isEqualTo("outage");
        assertThat(event.posts()).isEqualTo(6);
        assertThat(event.windowEnd()).isEqualTo(first);
        assertThat(event.samplePostIds()).hasSize(5).allMatch(id -> outage.contains(id.toString()));

        // A new burst after a quiet window is a new surge with a new suggestion.
        Instant later = base.plus(3, ChronoUnit.HOURS);
        for (int i = 1; i <= 6; i++) {
            post("so2-" + i + "-" + run, "outage again, the network is down " + run, later.plus(i, ChronoUnit.MINUTES));
        }
        assertThat(check(later.plus(7, ChronoUnit.MINUTES))).isEqualTo(1);
    }

    static void registerX(String platformAccountId, String region) {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("""
                        {"channel":"x","platformAccountId":"%s","handle":"Acme_%s_Help","region":"%s"}"""
                        .formatted(platformAccountId, region, region))
                .when().post("/api/v1/channel-accounts").then().statusCode(201);
    }

    @Test
    void surgesAreCountedPerRegionOfTheAccountThePostsWereDeliveredTo() {
        Instant base = Instant.parse("2017-01-01T00:00:00Z").plus(ThreadLocalRandom.current().nextLong(360 * 24 * 60), ChronoUnit.MINUTES);
        String run = WebhookSamples.newRun();
        String ukHandle = "31" + run;
        String usHandle = "32" + run;
        String unregistered = "33" + run;
        registerX(ukHandle, "gb");
        registerX(usHandle, "us");
        String text = "the whole network is down, outage everywhere " + run;
        Instant oldAccount = base.minus(Duration.ofDays(2000));
        // Six to the UK handle, three to the US one, three to an account without a region: twelve outage
        // posts, which without regions would be one surge; per region only the UK's is one.
        for (int i = 1; i <= 6; i++) {
            XWebhookResourceTest.deliverSigned(WebhookSamples.xTweet(run, ukHandle, "1" + i, base.plus(i, ChronoUnit.MINUTES),
                    oldAccount, text)).statusCode(200).body("accepted", equalTo(1));
        }
        for (int i = 1; i <= 3; i++) {
            XWebhookResourceTest.deliverSigned(WebhookSamples.xTweet(run, usHandle, "2" + i, base.plus(i, ChronoUnit.MINUTES),
                    oldAccount, text)).statusCode(200).body("accepted", equalTo(1));
            XWebhookResourceTest.deliverSigned(WebhookSamples.xTweet(run, unregistered, "3" + i,
                    base.plus(i, ChronoUnit.MINUTES), oldAccount, text)).statusCode(200).body("accepted", equalTo(1));
        }
        // Settled now, not at the class's end: this test delivers three more posts of the same run below.
        List<ConsumerRecord<String, String>> posts = PostEvents.exactly(run, 12);
        List<UUID> ukPosts = IntStream.rangeClosed(1, 6)
                .mapToObj(i -> PostEvents.byExternalId(posts, "186100001" + i + run).postId()).toList();
        Instant at = base.plus(7, ChronoUnit.MINUTES);

        JsonPath report = given().auth().oauth2(TestTokens.agent()).queryParam("at", at.toString())
                .when().get(PATH).then().statusCode(200).extract().jsonPath();
        assertThat(report.getList("surges.intent", String.class)).containsExactly("outage");
        assertThat(report.getString("surges[0].region")).isEqualTo("gb");
        assertThat(report.getLong("surges[0].posts")).isEqualTo(6);

        assertThat(check(at)).isEqualTo(1);
        java.util.function.Predicate<ConsumerRecord<String, String>> ours = r -> r.value() != null
                && r.value().contains(ukPosts.get(5).toString())
                && TestEvents.header(r, "ce_type").orElse("").equals(EventTypes.INCIDENT_SUGGESTED);
        List<ConsumerRecord<String, String>> records = TestEvents.readUntil(Topics.POSTS, rs -> rs.stream().anyMatch(ours),
                Duration.ofSeconds(20)).stream().filter(ours).toList();
        assertThat(records).hasSize(1);
        POSTS.expect("incident.suggested for the outage in gb", ours, 1);
        ContractCheck.assertConforms(records.get(0));
        assertThat(records.get(0).key()).isEqualTo("incident:outage:gb");
        IncidentSuggested event = TestEvents.payload(records.get(0), IncidentSuggested.class);
        assertThat(event.subject()).isEqualTo("outage");
        assertThat(event.region()).isEqualTo("gb");
        assertThat(event.posts()).isEqualTo(6);
        assertThat(event.samplePostIds()).hasSize(5).isSubsetOf(ukPosts);
        // The UK surge goes on; three more US posts make the US one a surge of its own, suggested once.
        for (int i = 4; i <= 6; i++) {
            XWebhookResourceTest.deliverSigned(WebhookSamples.xTweet(run, usHandle, "2" + i, base.plus(i, ChronoUnit.MINUTES),
                    oldAccount, text)).statusCode(200).body("accepted", equalTo(1));
        }
        assertThat(check(at.plusSeconds(60))).as("the US surge only; the UK one is still open").isEqualTo(1);
    }

    @Test
    void rolesAndBadInput() {
        given().auth().oauth2(TestTokens.agent()).when().get(PATH).then().statusCode(200);
        given().auth().oauth2(TestTokens.supervisor()).when().get(PATH).then().statusCode(200);
        given().auth().oauth2(TestTokens.admin()).when().get(PATH).then().statusCode(200);
        given().auth().oauth2(TestTokens.integration()).when().get(PATH).then().statusCode(403)
                .contentType("application/problem+json");
        given().when().get(PATH).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.supervisor()).queryParam("at", "yesterday").when().get(PATH)
                .then().statusCode(400).contentType("application/problem+json");
    }
}
