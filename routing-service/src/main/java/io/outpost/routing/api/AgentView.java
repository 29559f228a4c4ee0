package io.outpost.routing.api;

import io.outpost.routing.domain.Agent;
import io.outpost.routing.domain.Presence;
import io.outpost.routing.store.AgentStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An agent as the API shows them.
 *
 * @param channels capacity per channel
 * @param load     active cases per channel
 */
public record AgentView(UUID id, String username, String displayName, String team, Map<String, Integer> skills,
        List<String> languages, Map<String, Integer> channels, Map<String, Integer> load, Presence presence,
        String presenceReason, Instant presenceSince, Instant lastAssignedAt, boolean supervisor) {

    static AgentView of(AgentStore.Snapshot snapshot) {
        Agent a = snapshot.agent();
        return new AgentView(a.id, a.username, a.displayName, a.team, new TreeMap<>(a.skills), a.languages,
                new TreeMap<>(a.channels), new TreeMap<>(snapshot.load()), a.presence, a.presenceReason, a.presenceSince, a.lastAssignedAt,
                a.supervisor);
    }
}
