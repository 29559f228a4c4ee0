package io.outpost.routing.api;

import java.time.Instant;
import java.util.List;

/**
 * The live state of routing.
 *
 * @param asOf    when the figures were read
 * @param queues  per queue (the routing rules' queues, "default" for the rest): cases waiting, offered, longest wait
 * @param skills  the same per required skill (a case needing two skills counts under both)
 * @param agents  agents per team and presence, with their active cases and capacity (all channels)
 */
public record QueuesView(Instant asOf, List<QueueFigures> queues, List<QueueFigures> skills, List<AgentFigures> agents) {

    /** Waiting work of one queue or skill. */
    public record QueueFigures(String name, long waiting, long offered, Instant oldestWaitingSince, long longestWaitSeconds) {
    }

    /** Agents of one team in one presence. */
    public record AgentFigures(String team, String presence, long agents, long activeCases, long capacity) {
    }
}
