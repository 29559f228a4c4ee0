package io.outpost.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CandidateIndexTest {

    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    static final List<String> SKILLS = List.of("billing", "refunds", "upsell", "tech", "returns", "vip");
    static final List<String> LANGUAGES = List.of("en", "de", "fr");
    static final List<String> CHANNELS = List.of("x", "chat");
    static final List<String> TEAMS = List.of("care", "sales");

    /** Rings at 60 / 120 / 300 / 600 s from proficiency 4 down to 2; "upsell" optional; billing belongs to team care. */
    static final RoutingRules RINGS = new RoutingRules(4, 2, Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(300), Duration.ofSeconds(600), Set.of("upsell"),
            List.of(new RoutingRules.QueueRule("billing", "care", Set.of("billing"))), true, Duration.ofSeconds(60),
            Duration.ofSeconds(30));

    static AgentProfile randomAgent(Random random, UUID id) {
        Map<String, Integer> skills = new HashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            skills.put(SKILLS.get(random.nextInt(SKILLS.size())), 1 + random.nextInt(5));
        }
        Set<String> languages = new HashSet<>();
        for (int i = 1 + random.nextInt(2); i > 0; i--) {
            languages.add(LANGUAGES.get(random.nextInt(LANGUAGES.size())));
        }
        Map<String, Integer> capacity = new HashMap<>();
        Map<String, Integer> load = new HashMap<>();
        for (String channel : CHANNELS) {
            if (random.nextInt(3) > 0) {
                int cap = 1 + random.nextInt(4);
                capacity.put(channel, cap);
                load.put(channel, random.nextInt(cap + 1));
            }
        }
        Presence presence = random.nextInt(5) == 0 ? Presence.AWAY : Presence.AVAILABLE;
        // Few distinct idle times, so that ties fall through to the id.
        Instant idle = random.nextInt(8) == 0 ? null : T0.plusSeconds(random.nextInt(4));
        String team = random.nextInt(3) == 0 ? null : TEAMS.get(random.nextInt(TEAMS.size()));
        return new AgentProfile(id, "Agent " + id, presence, skills, languages, capacity, load, idle, team,
                random.nextInt(10) == 0);
    }

    static WaitingCase randomCase(Random random, List<UUID> agentIds) {
        Set<String> skills = new HashSet<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            skills.add(SKILLS.get(random.nextInt(SKILLS.size())));
        }
        String language = random.nextInt(4) == 0 ? null : LANGUAGES.get(random.nextInt(LANGUAGES.size()));
        Set<UUID> excluded = new HashSet<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            excluded.add(agentIds.get(random.nextInt(agentIds.size())));
        }
        UUID preferred = random.nextInt(4) == 0 ? agentIds.get(random.nextInt(agentIds.size())) : null;
        // Waited 0-700 s: every ring.
        Instant enqueued = T0.minusSeconds(random.nextInt(700));
        return new WaitingCase(UUID.randomUUID(), CHANNELS.get(random.nextInt(CHANNELS.size())), 1 + random.nextInt(4), skills,
                language, enqueued, null, preferred, excluded);
    }

    static List<UUID> ranking(WaitingCase c, java.util.Collection<AgentProfile> agents) {
        return RoutingDecision.decide(c, agents, RINGS, T0).ranked().stream().map(cand -> cand.agent().id()).toList();
    }

    static List<UUID> rankingViaIndex(WaitingCase c, CandidateIndex index) {
        Ring ring = RoutingDecision.ringOf(c, RINGS, T0);
        List<AgentProfile> shortlist = index.candidates(c, ring, RINGS.queueFor(c.requiredSkills()).team(),
                RINGS.optionalSkills(), RoutingDecision.KEPT_CANDIDATES);
        return ranking(c, shortlist);
    }

    @Test
    void theShortlistRanksExactlyLikeAFullScanInEveryRingOnRandomPopulations() {
        Random random = new Random(20261122);
        for (int population = 0; population < 8; population++) {
            Map<UUID, AgentProfile> agents = new LinkedHashMap<>();
            CandidateIndex index = new CandidateIndex();
            int size = 20 + random.nextInt(400);
            for (int i = 0; i < size; i++) {
                AgentProfile agent = randomAgent(random, new UUID(population, i));
                agents.put(agent.id(), agent);
                index.put(agent, T0);
            }
            List<UUID> ids = new ArrayList<>(agents.keySet());
            for (int n = 0; n < 200; n++) {
                WaitingCase c = randomCase(random, ids);
                assertThat(rankingViaIndex(c, index)).as("population %d, case %s", population, c)
                        .isEqualTo(ranking(c, agents.values()));
            }
        }
    }

    @Test
    void theShortlistStaysExactWhileLoadsPresenceAndProfilesChange() {
        Random random = new Random(7);
        Map<UUID, AgentProfile> agents = new LinkedHashMap<>();
        CandidateIndex index = new CandidateIndex();
        for (int i = 0; i < 300; i++) {
            AgentProfile agent = randomAgent(random, new UUID(99, i));
            agents.put(agent.id(), agent);
            index.put(agent, T0);
        }
        List<UUID> ids = new ArrayList<>(agents.keySet());
        for (int step = 0; step < 800; step++) {
            UUID id = ids.get(random.nextInt(ids.size()));
            AgentProfile agent = agents.get(id);
            Instant at = T0.plusSeconds(10 + step);
            switch (random.nextInt(4)) {
                case 0 -> { // a case more on a channel the agent has room on
                    String channel = agent.capacity().keySet().stream().filter(ch -> agent.freeOn(ch) > 0).findFirst().orElse(null);
                    if (channel != null && agent.presence() == Presence.AVAILABLE) {
                        index.adjustLoad(id, channel, 1, at);
                        agents.put(id, agent.withOneMore(channel, at));
                    }
                }
                case 1 -> { // a case less
                    String channel = agent.load().entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                            .findFirst().orElse(null);
                    if (channel != null && agent.presence() == Presence.AVAILABLE) {
                        index.adjustLoad(id, channel, -1, at);
                        Map<String, Integer> load = new HashMap<>(agent.load());
                        load.merge(channel, -1, Integer::sum);
                        agents.put(id, new AgentProfile(id, agent.displayName(), agent.presence(), agent.skills(),
                                agent.languages(), agent.capacity(), load, agent.idleSince(), agent.team(), agent.supervisor()));
                    }
                }
                case 2 -> { // presence flips
                    Presence presence = agent.presence() == Presence.AVAILABLE ? Presence.OFFLINE : Presence.AVAILABLE;
                    AgentProfile changed = new AgentProfile(id, agent.displayName(), presence, agent.skills(), agent.languages(),
                            agent.capacity(), agent.load(), at, agent.team(), agent.supervisor());
                    agents.put(id, changed);
                    index.put(changed, at);
                }
                default -> { // a new profile altogether
                    AgentProfile changed = randomAgent(random, id);
                    agents.put(id, changed);
                    index.put(changed, at);
                }
            }
            WaitingCase c = randomCase(random, ids);
            assertThat(rankingViaIndex(c, index)).as("step %d", step).isEqualTo(ranking(c, agents.values()));
        }
    }

    @Test
    void aSingleSkillCaseAmongManyAgentsLooksAtNoMoreThanItKeeps() {
        CandidateIndex index = new CandidateIndex();
        for (int i = 0; i < 20_000; i++) {
            index.put(new AgentProfile(new UUID(1, i), "a" + i, Presence.AVAILABLE, Map.of("billing", 1 + i % 5),
                    Set.of("en"), Map.of("x", 4), Map.of("x", i % 4), T0.minusSeconds(i % 100)), T0);
        }
        WaitingCase c = new WaitingCase(UUID.randomUUID(), "x", 2, Set.of("billing"), "en", T0);
        List<AgentProfile> shortlist = index.candidates(c, RINGS.ringAfter(Duration.ZERO), null, Set.of(), 32);
        assertThat(shortlist).hasSize(32).allSatisfy(a -> {
            assertThat(a.proficiencyIn("billing")).isEqualTo(5);
            assertThat(a.loadOn("x")).isZero();
        });
    }

    @Test
    void anAgentAtCapacityOnAChannelIsNotPutForwardThereButStillOnChannelsWithRoom() {
        CandidateIndex index = new CandidateIndex();
        UUID id = new UUID(2, 1);
        index.put(new AgentProfile(id, "dana", Presence.AVAILABLE, Map.of("billing", 4), Set.of("en"),
                Map.of("x", 1, "chat", 2), Map.of(), T0), T0);
        WaitingCase onX = new WaitingCase(UUID.randomUUID(), "x", 2, Set.of("billing"), "en", T0);
        WaitingCase onChat = new WaitingCase(UUID.randomUUID(), "chat", 2, Set.of("billing"), "en", T0);
        Ring ring0 = RINGS.ringAfter(Duration.ZERO);
        assertThat(index.candidates(onX, ring0, null, Set.of(), 32)).extracting(AgentProfile::id).containsExactly(id);

        index.adjustLoad(id, "x", 1, T0.plusSeconds(1));
        assertThat(index.candidates(onX, ring0, null, Set.of(), 32)).isEmpty();
        assertThat(index.candidates(onChat, ring0, null, Set.of(), 32)).extracting(AgentProfile::id).containsExactly(id);
        assertThat(index.get(id).idleSince()).as("a new case resets idle time").isEqualTo(T0.plusSeconds(1));

        index.adjustLoad(id, "x", -1, T0.plusSeconds(2));
        assertThat(index.candidates(onX, ring0, null, Set.of(), 32)).extracting(AgentProfile::id).containsExactly(id);

        index.remove(id, T0.plusSeconds(3));
        assertThat(index.candidates(onChat, ring0, null, Set.of(), 32)).isEmpty();
        assertThat(index.size()).isZero();
    }

    @Test
    void aDatabaseSnapshotReadBeforeALocalChangeDoesNotUndoItAndAFullReloadDropsWhoIsGone() {
        CandidateIndex index = new CandidateIndex();
        UUID local = new UUID(3, 1);
        UUID other = new UUID(3, 2);
        UUID gone = new UUID(3, 3);
        AgentProfile localAgent = profile(local, Presence.AVAILABLE);
        index.put(localAgent, T0.plusSeconds(10));
        index.put(profile(gone, Presence.AVAILABLE), T0);

        // Read at T0+5: it still shows the local agent offline (their change committed later) and
        // another replica's agent who became available.
        index.refresh(List.of(profile(other, Presence.AVAILABLE)), null, T0.plusSeconds(5));

        assertThat(index.get(local)).as("the newer local change stays").isEqualTo(localAgent);
        assertThat(index.get(other)).as("another replica's agent arrives").isNotNull();
        assertThat(index.get(gone)).as("absent from a full snapshot: not available any more").isNull();

        // A later snapshot that does not list the local agent wins: it was read after the change.
        index.refresh(List.of(), List.of(local), T0.plusSeconds(11));
        assertThat(index.get(local)).isNull();
        assertThat(index.get(other)).as("outside the snapshot's scope: untouched").isNotNull();
    }

    static AgentProfile profile(UUID id, Presence presence) {
        return new AgentProfile(id, "agent " + id, presence, Map.of("billing", 3), Set.of("en"), Map.of("x", 2), Map.of(), T0);
    }
}
