package io.outpost.crmlink.api;

import io.outpost.devstack.LocalTokens;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.devstack.Poll;
import io.outpost.crmlink.Posts;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeliveryOutcomesResourceTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Instant AT = Instant.parse("2026-11-02T08:00:00Z");

    /** delivered and failed counts of instagram: only this test reports deliveries there. */
    static long[] instagram() {
        List<Map<String, Object>> rows = given().auth().oauth2(TestTokens.supervisor())
                .when().get("/api/v1/delivery-outcomes")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return rows.stream().filter(r -> "instagram".equals(r.get("channel")))
                .map(r -> new long[] { ((Number) r.get("delivered")).longValue(), ((Number) r.get("failed")).longValue() })
                .findFirst().orElse(new long[] { 0, 0 });
    }

    static DeliveryReported report(DeliveryReported.Status status) {
        return new DeliveryReported(UUID.randomUUID(), UUID.randomUUID(), Channel.INSTAGRAM, status,
                status == DeliveryReported.Status.DELIVERED ? "ig-" + UUID.randomUUID() : null,
                status == DeliveryReported.Status.FAILED ? "recipient blocked us" : null, AT);
    }

    static String publish(String key, DeliveryReported report) {
        return TestEvents.publish(Topics.DELIVERY, key, EventTypes.DELIVERY_REPORTED, report);
    }

    @Test
    void outcomesAreCountedOncePerEventAndPoisonIsDeadLettered() {
        String key = Posts.unique("msg-");
        long[] before = instagram();
        publish(key, report(DeliveryReported.Status.DELIVERED));
        DeliveryReported failed = report(DeliveryReported.Status.FAILED);
        String failedId = publish(key, failed);
        Poll.until(WAIT, DeliveryOutcomesResourceTest::instagram,
                now -> now[0] == before[0] + 1 && now[1] == before[1] + 1);

        TestEvents.publishRaw(Topics.DELIVERY, key, failedId, EventTypes.DELIVERY_REPORTED, TestEvents.json(failed));
        String poison = Posts.unique("poison");
        TestEvents.publishRaw(Topics.DELIVERY, key, UUID.randomUUID().toString(), EventTypes.DELIVERY_REPORTED,
                "{\"messageId\":\"" + poison + "\",\"status\":\"lost-in-space\"}");
        publish(key, report(DeliveryReported.Status.DELIVERED));

        long[] after = Poll.until(WAIT, DeliveryOutcomesResourceTest::instagram, now -> now[0] == before[0] + 2);
        assertThat(after[1]).as("failures after a redelivery").isEqualTo(before[1] + 1);
        assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.DELIVERY), poison, WAIT)).hasSize(1);

        Map<String, Object> row = given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/delivery-outcomes")
                .then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$").stream()
                .filter(r -> "instagram".equals(r.get("channel"))).findFirst().orElseThrow();
        assertThat(row).containsEntry("lastReportedAt", AT.toString()).containsKey("failureRate");
    }

    @Test
    void supervisorsAndAdminsMayReadOutcomes() {
        String path = "/api/v1/delivery-outcomes";
        given().when().get(path).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).when().get(path).then().statusCode(401);
        for (String role : List.of("agent", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(path)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        for (String role : List.of("supervisor", "admin")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(path).then().statusCode(200);
        }
    }
}
