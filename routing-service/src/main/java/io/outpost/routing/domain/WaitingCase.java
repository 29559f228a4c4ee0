package io.outpost.routing.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A case that needs an agent.
 *
 * @param caseId         the case
 * @param channel        the channel's wire name ("x", "facebook", ...): capacity is counted per channel
 * @param priority       1 (urgent) .. 4 (low)
 * @param requiredSkills skills the agent must have (any proficiency, for now)
 * @param language       ISO 639-1 code the agent must speak, or null when unknown
 * @param enqueuedAt     when routing-service started waiting for an agent
 */
public record WaitingCase(UUID caseId, String channel, int priority, Set<String> requiredSkills, String language,
        Instant enqueuedAt) {

    public WaitingCase {
        requiredSkills = Set.copyOf(requiredSkills);
    }
}
