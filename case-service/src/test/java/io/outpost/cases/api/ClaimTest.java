package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.TIMEOUT;
import static io.outpost.cases.CaseFixtures.awaitEvents;
import static io.outpost.cases.CaseFixtures.openCase;
import static io.outpost.cases.CaseFixtures.patch;
import static io.outpost.cases.CaseFixtures.sql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.OfferMade;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Claiming from the inbox: one conditional UPDATE, so of many claims at once exactly one agent wins; the
 * case.updated that routing-service follows is published once, naming the winner's routing agent id (learned
 * from offer.made). Logins unique to this run.
 */
@QuarkusTest
class ClaimTest {

    private final String ann = "ann-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final UUID annId = UUID.randomUUID();
    private final UUID bobId = UUID.randomUUID();

    @Test
    void ofTenClaimsFromTwoAgentsAtOnceOneAgentWinsAndTheEventIsPublishedOnce() throws Exception {
        learn(ann, annId);
        learn(bob, bobId);
        String kase = openCase(Channel.X, Instant.now().minusSeconds(60));
        String annToken = TestTokens.forUser(ann, "agent");
        String bobToken = TestTokens.forUser(bob, "agent");

        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> annCalls = new ArrayList<>();
        List<Future<Response>> bobCalls = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                annCalls.add(pool.submit(() -> claimWhen(go, annToken, kase)));
                bobCalls.add(pool.submit(() -> claimWhen(go, bobToken, kase)));
            }
            go.countDown();
            List<Integer> annStatuses = statuses(annCalls);
            List<Integer> bobStatuses = statuses(bobCalls);
            // The winner's repeats are 200s that change nothing (a claim is idempotent); every claim of the
            // other agent is a 409 naming the winner.
            boolean annWon = annStatuses.contains(200);
            String winner = annWon ? ann : bob;
            UUID winnerId = annWon ? annId : bobId;
            assertThat(annWon ? annStatuses : bobStatuses).as("the winner's claims").containsOnly(200);
            assertThat(annWon ? bobStatuses : annStatuses).as("the loser's claims").containsOnly(409);
            Response lost = (annWon ? bobCalls : annCalls).get(0).get();
            assertThat(lost.contentType()).startsWith("application/problem+json");
            assertThat(lost.jsonPath().getString("detail")).contains(winner);

            Response won = (annWon ? annCalls : bobCalls).get(0).get();
            assertThat(won.jsonPath().getString("assignee.username")).isEqualTo(winner);
            assertThat(won.jsonPath().getString("assignee.id")).isEqualTo(winnerId.toString());
            assertThat(won.jsonPath().getString("status")).isEqualTo("open");

            // Marker: a later change of the same case (same key, same partition, published after the claim).
            patch(TestTokens.supervisor(), kase, Map.of("priority", 1), 200);
            List<ConsumerRecord<String, String>> updates = awaitEvents(Topics.CASES, EventTypes.CASE_UPDATED, kase, 2,
                    TIMEOUT);
            List<CaseUpdated> claims = updates.stream().map(r -> TestEvents.payload(r, CaseUpdated.class))
                    .filter(u -> u.changes().contains("assignee")).toList();
            assertThat(claims).hasSize(1);
            assertThat(claims.get(0).assigneeAgentId()).isEqualTo(winnerId);
            assertThat(claims.get(0).changes()).containsExactly("assignee", "status");
            updates.forEach(ContractCheck::assertConforms);
            assertThat(CaseFixtures.timeline(kase).getList("entries.type", String.class)).containsOnlyOnce("claimed");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rolesBadInputAndCasesThatCannotBeClaimed() {
        String kase = openCase(Channel.X, Instant.now().minusSeconds(50));
        String path = "/api/v1/cases/" + kase + "/claim";
        given().when().post(path).then().statusCode(401);
        for (String role : new String[] { "admin", "integration" }) {
            given().auth().oauth2(TestTokens.forRole(role)).when().post(path).then().statusCode(403)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.agent()).when().post("/api/v1/cases/not-a-uuid/claim").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.agent()).when().post("/api/v1/cases/" + UUID.randomUUID() + "/claim")
                .then().statusCode(404).contentType("application/problem+json");

        // A supervisor claims for themselves; a login routing never named gets the provisional id.
        String lead = "lead-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.forUser(lead, "supervisor")).when().post(path).then().statusCode(200)
                .body("assignee.username", org.hamcrest.Matchers.is(lead));
        given().auth().oauth2(TestTokens.forUser(ann, "agent")).when().post(path).then().statusCode(409)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString(lead));

        // Hidden: an agent is told it does not exist; a supervisor why not.
        String hidden = openCase(Channel.X, Instant.now().minusSeconds(40));
        assertThat(sql("update customer_case set hidden_reason = 'bot' where id = ?::uuid", hidden)).isEqualTo(1);
        given().auth().oauth2(TestTokens.forUser(ann, "agent")).when().post("/api/v1/cases/" + hidden + "/claim")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.supervisor()).when().post("/api/v1/cases/" + hidden + "/claim")
                .then().statusCode(409).contentType("application/problem+json");
        // Closed: nothing to claim.
        String closed = openCase(Channel.X, Instant.now().minusSeconds(30));
        patch(TestTokens.supervisor(), closed, Map.of("status", "closed", "closePubliclyOverride", true), 200);
        given().auth().oauth2(TestTokens.forUser(ann, "agent")).when().post("/api/v1/cases/" + closed + "/claim")
                .then().statusCode(409).contentType("application/problem+json");
    }

    private static Response claimWhen(CountDownLatch go, String token, String kase) throws InterruptedException {
        go.await();
        return given().auth().oauth2(token).when().post("/api/v1/cases/" + kase + "/claim").then().extract().response();
    }

    private static List<Integer> statuses(List<Future<Response>> calls) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (Future<Response> call : calls) {
            statuses.add(call.get().statusCode());
        }
        return statuses;
    }

    /** routing-service offers the agent something: case-service learns their agent id by login. */
    private static void learn(String username, UUID agentId) {
        Instant now = Instant.now();
        TestEvents.publish(Topics.ASSIGNMENTS, agentId.toString(), EventTypes.OFFER_MADE, new OfferMade(UUID.randomUUID(),
                UUID.randomUUID(), agentId, username, Channel.X, 3, "default", List.of(), null, null, now,
                now.plusSeconds(60), false));
        Poll.until("agent " + username + " known", TIMEOUT,
                () -> sql("update agent_directory set seen_at = seen_at where username = ?", username), n -> n == 1);
    }
}
