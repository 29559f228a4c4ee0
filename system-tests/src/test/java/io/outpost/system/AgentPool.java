package io.outpost.system;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Available agents for the fault tests' cases. Capacity is held until a case is resolved, so each
 * test adds the capacity its posts need (with room for cases other tests left waiting on the channel).
 */
final class AgentPool {

    static final int CAPACITY_PER_AGENT = 100;

    private static final Map<String, Integer> CAPACITY = new ConcurrentHashMap<>();

    private AgentPool() {
    }

    /**
     * Adds available agents for {@code cases} more cases on {@code channel}, plus every case routing-service
     * has waiting now: the queue is ordered by due time, so new agents take the older waiting cases first
     * (the conversation replay leaves hundreds of X cases waiting for an agent). The waiting count is over
     * all channels: spare capacity costs nothing, too little fails the test.
     */
    static synchronized void addCapacity(RunningSuite suite, String channel, int cases) {
        long waiting = 0;
        for (com.fasterxml.jackson.databind.JsonNode queue : SuiteApi.get(suite.url("routing-service") + "/api/v1/queues",
                suite.token("supervisor")).require(200).json().path("queues")) {
            waiting += queue.path("waiting").asLong() + queue.path("offered").asLong();
        }
        int agents = (int) ((cases + waiting + CAPACITY_PER_AGENT - 1) / CAPACITY_PER_AGENT);
        String routing = suite.url("routing-service") + "/api/v1/agents";
        for (int i = 0; i < agents; i++) {
            String username = "fault-agent-" + UUID.randomUUID().toString().substring(0, 8);
            String id = SuiteApi.json("POST", routing, suite.token("supervisor"), Map.of("username", username,
                    "displayName", "Fault Agent " + i, "team", "care", "skills", Map.of("billing", 3),
                    "languages", List.of("en"), "channels", Map.of(channel, CAPACITY_PER_AGENT)))
                    .require(201).json().path("id").asText();
            SuiteApi.json("PUT", routing + "/" + id + "/presence", suite.token(username, "agent"),
                    Map.of("presence", "available")).require(200);
        }
        CAPACITY.merge(channel, agents * CAPACITY_PER_AGENT, Integer::sum);
    }
}
