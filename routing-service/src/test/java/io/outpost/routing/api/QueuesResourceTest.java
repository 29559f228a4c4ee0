package io.outpost.routing.api;

import static io.outpost.routing.RoutingFixtures.agentBody;
import static io.outpost.routing.RoutingFixtures.awaitTask;
import static io.outpost.routing.RoutingFixtures.createAgent;
import static io.outpost.routing.RoutingFixtures.openCase;
import static io.outpost.routing.RoutingFixtures.putRules;
import static io.outpost.routing.RoutingFixtures.status;
import static io.outpost.routing.RoutingFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.outpost.contracts.Channel;
import io.outpost.devstack.TestTokens;
import io.outpost.routing.RoutingFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class QueuesResourceTest {

    @Inject
    Pool pool;

    @AfterEach
    void defaultRules() {
        pool.query("delete from routing_rules").execute().await().atMost(RoutingFixtures.TIMEOUT);
    }

    static Response queues() {
        return given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/queues").then().statusCode(200).extract().response();
    }

    @Test
    void waitingWorkIsCountedByQueueAndSkillWithTheLongestWaitAndAgentsByTeamAndPresence() {
        String skill = unique("queued");
        String queue = unique("queue");
        String team = unique("team");
        putRules(Map.of("queues", List.of(Map.of("name", queue, "team", team, "skills", List.of(skill)))));
        createAgent(agentBody(unique("q-away"), Map.of(skill, 3), List.of("en"), Map.of("chat", 3), "away"));
        Map<String, Object> member = agentBody(unique("q-on"), Map.of("other", 3), List.of("en"), Map.of("chat", 2, "x", 1), "available");
        member.put("team", team);
        createAgent(member);
        Instant before = Instant.now();
        openCase(Channel.CHAT, skill);
        var last = openCase(Channel.CHAT, skill);
        awaitTask(last, status("waiting"));

        Response view = queues();
        assertThat(Instant.parse(view.path("asOf"))).isAfterOrEqualTo(before);
        Map<String, Object> q = view.<List<Map<String, Object>>>path("queues").stream()
                .filter(m -> queue.equals(m.get("name"))).findFirst().orElseThrow();
        assertThat(q).containsEntry("waiting", 2).containsEntry("offered", 0);
        assertThat(Instant.parse((String) q.get("oldestWaitingSince"))).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(((Number) q.get("longestWaitSeconds")).longValue()).isBetween(0L, 60L);
        Map<String, Object> s = view.<List<Map<String, Object>>>path("skills").stream()
                .filter(m -> skill.equals(m.get("name"))).findFirst().orElseThrow();
        assertThat(s).containsEntry("waiting", 2);
        List<Map<String, Object>> agents = view.path("agents");
        assertThat(agents).filteredOn(a -> team.equals(a.get("team"))).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("presence", "available").containsEntry("agents", 1).containsEntry("activeCases", 0)
                .containsEntry("capacity", 3));
    }

    @Test
    void onlySupervisorsAndAdminsSeeTheQueues() {
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/queues").then().statusCode(200);
        for (String role : List.of("agent", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get("/api/v1/queues")
                    .then().statusCode(403).contentType(containsString("application/problem+json"));
        }
        given().when().get("/api/v1/queues").then().statusCode(401);
    }
}
