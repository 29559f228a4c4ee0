package io.outpost.routing.benchmark;

import io.outpost.routing.domain.AgentProfile;
import io.outpost.routing.domain.CandidateIndex;
import io.outpost.routing.domain.Explanation;
import io.outpost.routing.domain.Presence;
import io.outpost.routing.domain.Ring;
import io.outpost.routing.domain.RoutingDecision;
import io.outpost.routing.domain.RoutingRules;
import io.outpost.routing.domain.WaitingCase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The decision core: which agent takes a case, among 1k / 10k / 50k available agents.
 * {@code indexed} is what routing does now (the {@link CandidateIndex} shortlist, then
 * {@link RoutingDecision#decide} and the explanation); {@code fullScan} is the baseline it replaced
 * (decide over every available agent on the case's channel, as the SQL pre-filter returned them);
 * {@code indexUpdate} is the upkeep per assignment (one case more, then one less). Run by
 * {@link DecisionBenchmarkTest}.
 */
@State(Scope.Benchmark)
public class DecisionBenchmark {

    /** 40 skills, each agent has 3; cases need 0-2 of them. */
    static final int SKILLS = 40;
    static final List<String> CHANNELS = List.of("x", "chat", "facebook");
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final RoutingRules RULES = new RoutingRules(3, 1, Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(300), Duration.ofSeconds(600), Set.of(),
            List.of(new RoutingRules.QueueRule("billing", "team-1", Set.of("skill-1"))), true, Duration.ofSeconds(60),
            Duration.ofSeconds(30));

    @Param({ "1000", "10000", "50000" })
    public int agents;

    CandidateIndex index;
    Map<String, List<AgentProfile>> availableByChannel;
    List<AgentProfile> population;
    WaitingCase[] cases;
    int next;

    @Setup(Level.Trial)
    public void build() {
        population = population(agents, new Random(42));
        index = new CandidateIndex();
        availableByChannel = new HashMap<>();
        for (AgentProfile agent : population) {
            index.put(agent, NOW);
            for (String channel : agent.capacity().keySet()) {
                availableByChannel.computeIfAbsent(channel, c -> new ArrayList<>()).add(agent);
            }
        }
        cases = cases(4096, new Random(7));
    }

    /** Available agents: 3 skills at proficiency 1-5, English (and German or French for some), 1-3 channels with some load. */
    public static List<AgentProfile> population(int size, Random random) {
        List<AgentProfile> agents = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Map<String, Integer> skills = new HashMap<>();
            while (skills.size() < 3) {
                skills.put("skill-" + random.nextInt(SKILLS), 1 + random.nextInt(5));
            }
            Set<String> languages = new HashSet<>(Set.of("en"));
            if (random.nextInt(4) == 0) {
                languages.add(random.nextBoolean() ? "de" : "fr");
            }
            Map<String, Integer> capacity = new HashMap<>();
            Map<String, Integer> load = new HashMap<>();
            for (String channel : CHANNELS) {
                if (capacity.isEmpty() || random.nextInt(3) == 0) {
                    int slots = 2 + random.nextInt(3);
                    capacity.put(channel, slots);
                    load.put(channel, random.nextInt(slots + 1));
                }
            }
            agents.add(new AgentProfile(new UUID(7, i), "Agent " + i, Presence.AVAILABLE, skills, languages, capacity, load,
                    NOW.minusSeconds(random.nextInt(3600)), "team-" + (i % 50), i % 200 == 0));
        }
        return agents;
    }

    /** Cases: 60 % one skill, 30 % two, 10 % none; 85 % English; most in ring 0, some waited into the outer rings. */
    public static WaitingCase[] cases(int count, Random random) {
        WaitingCase[] cases = new WaitingCase[count];
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(10);
            Set<String> skills = new HashSet<>();
            int wanted = kind < 6 ? 1 : kind < 9 ? 2 : 0;
            while (skills.size() < wanted) {
                skills.add("skill-" + random.nextInt(SKILLS));
            }
            String language = random.nextInt(100) < 85 ? "en" : random.nextBoolean() ? "de" : null;
            int waited = random.nextInt(10) < 8 ? random.nextInt(60) : random.nextInt(900);
            cases[i] = new WaitingCase(UUID.randomUUID(), CHANNELS.get(random.nextInt(CHANNELS.size())), 1 + random.nextInt(4),
                    skills, language, NOW.minusSeconds(waited), null, null, Set.of());
        }
        return cases;
    }

    WaitingCase nextCase() {
        WaitingCase c = cases[next];
        next = (next + 1) & (cases.length - 1);
        return c;
    }

    static Explanation explain(RoutingDecision.Decision decision) {
        return decision.toTry().isEmpty() ? null : RoutingDecision.explainChoice(decision, decision.toTry().get(0));
    }

    @Benchmark
    public Explanation indexed() {
        WaitingCase c = nextCase();
        Ring ring = RoutingDecision.ringOf(c, RULES, NOW);
        List<AgentProfile> shortlist = index.candidates(c, ring, RULES.queueFor(c.requiredSkills()).team(), RULES.optionalSkills(),
                RoutingDecision.KEPT_CANDIDATES);
        return explain(RoutingDecision.decide(c, shortlist, RULES, NOW));
    }

    @Benchmark
    public Explanation fullScan() {
        WaitingCase c = nextCase();
        return explain(RoutingDecision.decide(c, availableByChannel.get(c.channel()), RULES, NOW));
    }

    @Benchmark
    public int indexUpdate() {
        AgentProfile agent = population.get(next);
        next = (next + 1) % population.size();
        String channel = agent.capacity().keySet().iterator().next();
        index.adjustLoad(agent.id(), channel, 1, NOW);
        index.adjustLoad(agent.id(), channel, -1, NOW);
        return index.size();
    }
}
