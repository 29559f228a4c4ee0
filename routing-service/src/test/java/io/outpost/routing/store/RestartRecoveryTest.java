package io.outpost.routing.store;

import static io.outpost.routing.RoutingFixtures.awaitAssignments;
import static io.outpost.routing.RoutingFixtures.awaitTask;
import static io.outpost.routing.RoutingFixtures.createAgent;
import static io.outpost.routing.RoutingFixtures.poll;
import static io.outpost.routing.RoutingFixtures.status;
import static io.outpost.routing.RoutingFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.routing.RoutingFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * routing-service keeps no state in memory: what a stopped instance leaves in PostgreSQL is all a
 * new one needs. This test writes that state directly — as a process that stopped mid-flight
 * would have committed it — and lets this instance carry on with its first sweep, as a new
 * replica does after {@code outpost.routing.sweep-every}.
 */
@QuarkusTest
class RestartRecoveryTest {

    @Inject
    Backstop backstop;

    @Inject
    AgentIndex agentIndex;

    @Inject
    Pool pool;

    void sql(String sql, Tuple params) {
        pool.preparedQuery(sql).execute(params).await().atMost(RoutingFixtures.TIMEOUT);
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    void task(UUID caseId, String skill, String status, Instant enqueuedAt) {
        sql("insert into routing_task (case_id, channel, priority, required_skills, language, opened_at, enqueued_at, status, "
                + "last_attempt_at, queue, excluded_agents) values ($1, 'x', 2, $2, 'en', $3, $3, $4, $3, 'default', '[]')",
                Tuple.of(caseId, "[\"" + skill + "\"]", at(enqueuedAt), status));
    }

    void offer(UUID offerId, UUID caseId, UUID agentId, Instant offeredAt, Instant expiresAt) {
        sql("insert into assignment (id, case_id, agent_id, channel, assigned_at, reason, state, offer_expires_at) "
                + "values ($1, $2, $3, 'x', $4, 'offered before the restart', 'offered', $5)",
                Tuple.of(offerId, caseId, agentId, at(offeredAt)).addValue(at(expiresAt)));
    }

    @Test
    void waitingCasesAndOffersLeftByAStoppedInstanceAreCarriedOnFromTheDatabase() throws Throwable {
        String skill = unique("restart");
        String holderName = unique("holder");
        UUID holder = createAgent(holderName, skill, Channel.X, 1, "available");
        UUID silent = createAgent(unique("silent"), skill, Channel.X, 1, "available");
        UUID helper = createAgent(unique("helper"), skill, Channel.X, 1, "offline");
        Instant before = Instant.now().minusSeconds(120);

        // Left behind: an open offer to the holder (still valid), an offer to another agent whose
        // deadline passed while no instance ran, and a case that was waiting.
        UUID offeredCase = UUID.randomUUID();
        UUID offerId = UUID.randomUUID();
        task(offeredCase, skill, "offered", before);
        offer(offerId, offeredCase, holder, before, Instant.now().plusSeconds(600));
        UUID lapsedCase = UUID.randomUUID();
        task(lapsedCase, skill, "offered", before.plusSeconds(1));
        offer(UUID.randomUUID(), lapsedCase, silent, before, Instant.now().minusSeconds(30));
        UUID waitingCase = UUID.randomUUID();
        task(waitingCase, skill, "waiting", before.plusSeconds(2));
        sql("update agent set presence = 'available' where id = $1", Tuple.of(helper));

        // A starting instance loads its agent index from the database before it routes anything.
        VertxContextSupport.subscribeAndAwait(() -> agentIndex.reloadAll());
        assertThat(agentIndex.get(helper)).as("the helper made available behind this instance's back").isNotNull();
        assertThat(agentIndex.get(holder).loadOn("x")).as("the offer written with SQL counts").isEqualTo(1);
        VertxContextSupport.subscribeAndAwait(() -> backstop.sweep());

        // The lapsed offer is released and its case, first in line, goes to the agent with room.
        Response lapsed = poll(() -> awaitTask(lapsedCase, status("assigned")), r -> true, "the lapsed case");
        assertThat(lapsed.<String>path("assignment.agentId")).isEqualTo(helper.toString());
        assertThat(lapsed.<String>path("excludedAgents[0]")).isEqualTo(silent.toString());
        ContractCheck.assertConforms(awaitAssignments(lapsedCase).get(0));
        // The waiting case goes to the silent agent, whose capacity the lapse returned (it is not
        // excluded from this other case).
        assertThat(TestEvents.payload(awaitAssignments(waitingCase).get(0), AssignmentCreated.class).agentId()).isEqualTo(silent);
        // The valid offer survived: still the holder's, acceptable now.
        Response stillOffered = awaitTask(offeredCase, status("offered"));
        assertThat(stillOffered.<String>path("assignment.assignmentId")).isEqualTo(offerId.toString());
        given().auth().oauth2(TestTokens.forUser(holderName, "agent")).when().post("/api/v1/offers/" + offerId + "/accept")
                .then().statusCode(200);
        AssignmentCreated accepted = TestEvents.payload(awaitAssignments(offeredCase).get(0), AssignmentCreated.class);
        assertThat(accepted.assignmentId()).isEqualTo(offerId);
        for (UUID agent : new UUID[] { holder, silent, helper }) {
            assertThat(RoutingFixtures.load(agent, "x")).as("agent %s at capacity 1", agent).isEqualTo(1);
        }
    }
}
