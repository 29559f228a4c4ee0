package io.outpost.routing.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A case that needs an agent.
 *
 * @param caseId           the case
 * @param channel          the channel's wire name ("x", "facebook", ...): capacity is counted per channel
 * @param priority         1 (urgent) .. 4 (low)
 * @param requiredSkills   skills the agent must have (at the ring's proficiency)
 * @param language         ISO 639-1 code the agent must speak, or null when unknown
 * @param enqueuedAt       when routing-service started waiting for an agent; a decline or a lapsed
 *                         offer keeps it, so the case keeps its place in line
 * @param dueAt            when the case's next SLA target falls due, or null
 * @param preferredAgentId a returning customer's previous agent, or null
 * @param excludedAgents   agents who declined the case or let its offer lapse: not offered it again
 */
public record WaitingCase(UUID caseId, String channel, int priority, Set<String> requiredSkills, String language,
        Instant enqueuedAt, Instant dueAt, UUID preferredAgentId, Set<UUID> excludedAgents) {

    public WaitingCase {
        requiredSkills = Set.copyOf(requiredSkills);
        excludedAgents = Set.copyOf(excludedAgents);
    }

    /** A case without a due time, preferred agent or exclusions. */
    public WaitingCase(UUID caseId, String channel, int priority, Set<String> requiredSkills, String language,
            Instant enqueuedAt) {
        this(caseId, channel, priority, requiredSkills, language, enqueuedAt, null, null, Set.of());
    }
}
