package io.outpost.routing.api;

import io.outpost.routing.domain.Presence;
import java.util.Map;

/**
 * The agents now, by presence (of one team, or of all when team is null).
 *
 * @param online available + busy: the agents logged in and working cases
 */
public record OnlineAgents(String team, long available, long busy, long away, long offline, long online) {

    static OnlineAgents of(String team, Map<Presence, Long> counts) {
        long available = counts.getOrDefault(Presence.AVAILABLE, 0L);
        long busy = counts.getOrDefault(Presence.BUSY, 0L);
        return new OnlineAgents(team, available, busy, counts.getOrDefault(Presence.AWAY, 0L),
                counts.getOrDefault(Presence.OFFLINE, 0L), available + busy);
    }
}
