package io.outpost.routing.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What routing needs to know about an agent at the moment of a decision.
 *
 * @param id          the agent
 * @param displayName for explanations
 * @param presence    only available agents take cases
 * @param skills      skill → proficiency 1-5
 * @param languages   ISO 639-1 codes the agent answers in
 * @param capacity    channel → concurrent cases the agent can hold on it
 * @param load        channel → active cases the agent holds on it
 * @param idleSince   since when the agent has had nothing new: the later of presence change and last assignment
 * @param team        the agent's team, or null
 * @param supervisor  whether the agent is a supervisor (the outermost ring reaches them)
 */
public record AgentProfile(UUID id, String displayName, Presence presence, Map<String, Integer> skills,
        Set<String> languages, Map<String, Integer> capacity, Map<String, Integer> load, Instant idleSince, String team,
        boolean supervisor) {

    /** An agent without a team who is not a supervisor. */
    public AgentProfile(UUID id, String displayName, Presence presence, Map<String, Integer> skills,
            Set<String> languages, Map<String, Integer> capacity, Map<String, Integer> load, Instant idleSince) {
        this(id, displayName, presence, skills, languages, capacity, load, idleSince, null, false);
    }

    public AgentProfile {
        skills = Map.copyOf(skills);
        languages = Set.copyOf(languages);
        capacity = Map.copyOf(capacity);
        load = Map.copyOf(load);
    }

    public int capacityOn(String channel) {
        return capacity.getOrDefault(channel, 0);
    }

    public int loadOn(String channel) {
        return load.getOrDefault(channel, 0);
    }

    public int freeOn(String channel) {
        return Math.max(0, capacityOn(channel) - loadOn(channel));
    }

    public int totalCapacity() {
        return capacity.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int totalLoad() {
        return load.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int proficiencyIn(String skill) {
        return skills.getOrDefault(skill, 0);
    }

    /** The same agent holding one more case on {@code channel}. */
    public AgentProfile withOneMore(String channel, Instant at) {
        Map<String, Integer> more = new java.util.HashMap<>(load);
        more.merge(channel, 1, Integer::sum);
        return new AgentProfile(id, displayName, presence, skills, languages, capacity, more, at, team, supervisor);
    }
}
