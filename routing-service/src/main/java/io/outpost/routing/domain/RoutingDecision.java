package io.outpost.routing.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Which agent takes a case, and which waiting cases an agent takes: plain Java, deterministic for
 * the same input, and explained.
 * <p>
 * <b>Eligible</b> (in the case's bullseye ring, see {@link RoutingRules}): available, not excluded
 * (declined or let an offer of this case lapse), free capacity on the case's channel, speaks the
 * case's language when known, and has every needed skill at the ring's proficiency — or, from
 * ring 3, belongs to the case's queue's team, or, in ring 4, is a supervisor.
 * <p>
 * <b>Ranked</b>: a returning customer's previous agent first; then proficiency match (the sum of
 * the agent's proficiency in the case's required skills, highest first), lowest occupancy (active
 * cases over capacity, all channels together), longest idle, then id so the same state always
 * gives the same answer.
 * <p>
 * <b>Queue order</b>: higher priority first (1 is urgent), then nearest SLA due time (cases without
 * one after those with one), then longest waiting, then case id.
 */
public final class RoutingDecision {

    /** The explanation travels in assignment.created; its schema caps it at 2048 characters. */
    static final int MAX_REASON = 2048;
    /** Candidates kept in a stored explanation (eligible and rejected each). */
    public static final int EXPLAINED_CANDIDATES = 10;
    /**
     * Eligible candidates a decision keeps, best first: more than a transaction tries (lock
     * attempts) or explains. Selecting them is O(n log k), not a full sort of every agent.
     */
    public static final int KEPT_CANDIDATES = 32;

    /** The queue's order: priority, nearest due time, longest waiting, case id. */
    public static final Comparator<WaitingCase> QUEUE_ORDER = Comparator.comparingInt(WaitingCase::priority)
            .thenComparing(WaitingCase::dueAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(WaitingCase::enqueuedAt)
            .thenComparing(WaitingCase::caseId);

    /** Whether an agent fits a case in a ring: {@code basis} (skills, team, supervisor) or {@code whyNot}. */
    public record Fit(boolean eligible, String basis, String whyNot) {
        static Fit no(String why) {
            return new Fit(false, null, why);
        }
    }

    private static final Fit SKILLED = new Fit(true, "skills", null);
    private static final Fit BY_TEAM = new Fit(true, "team", null);
    private static final Fit BY_SUPERVISOR = new Fit(true, "supervisor", null);

    /**
     * An agent as a candidate for a case, with the ranking keys computed once (a sort compares
     * each candidate many times).
     */
    public record Candidate(AgentProfile agent, Fit fit, int proficiency, int totalLoad, int totalCapacity) {

        public Candidate(AgentProfile agent, Fit fit, int proficiency) {
            this(agent, fit, proficiency, agent.totalLoad(), agent.totalCapacity());
        }
    }

    /**
     * The outcome of looking for an agent.
     *
     * @param ranked              the best eligible candidates, best first (the preferred agent first when eligible);
     *                            at most {@link #KEPT_CANDIDATES}: only these are ever tried or explained
     * @param rejected            some of the others (at most {@link #EXPLAINED_CANDIDATES}, by agent id), with why
     * @param eligibleCount       how many agents were eligible
     * @param consideredCount     how many agents were looked at
     * @param waitingForPreferred the case is held for a returning customer's previous agent, who cannot take it yet
     */
    public record Decision(WaitingCase wanted, Ring ring, RoutingRules.QueueRule queue, List<Candidate> ranked,
            List<Candidate> rejected, int eligibleCount, int consideredCount, boolean waitingForPreferred) {

        /** Candidates to try in order: nobody while held for the preferred agent. */
        public List<Candidate> toTry() {
            return waitingForPreferred ? List.of() : ranked;
        }

        public boolean preferredFirst() {
            return !ranked.isEmpty() && ranked.get(0).agent().id().equals(wanted.preferredAgentId());
        }
    }

    private RoutingDecision() {
    }

    /** Skills and languages match case-insensitively: both sides are stored in this form. */
    public static String normalized(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }

    /** The ring a case is in at {@code now}. */
    public static Ring ringOf(WaitingCase c, RoutingRules rules, Instant now) {
        Duration waited = Duration.between(c.enqueuedAt(), now);
        return rules.ringAfter(waited.isNegative() ? Duration.ZERO : waited);
    }

    /** Whether the agent can take the case in the given ring; {@code team} is the case's queue's team (or null). */
    public static Fit fit(AgentProfile agent, WaitingCase c, Ring ring, String team, Set<String> optionalSkills) {
        if (agent.presence() != Presence.AVAILABLE) {
            return Fit.no("is " + agent.presence().wireName());
        }
        if (c.excludedAgents().contains(agent.id())) {
            return Fit.no("declined this case or let its offer lapse");
        }
        if (agent.capacityOn(c.channel()) == 0) {
            return Fit.no("does not work on " + c.channel());
        }
        if (agent.freeOn(c.channel()) == 0) {
            return Fit.no("is at capacity on " + c.channel() + " (" + agent.loadOn(c.channel()) + " of "
                    + agent.capacityOn(c.channel()) + ")");
        }
        if (c.language() != null && !agent.languages().contains(c.language())) {
            return Fit.no("does not speak " + c.language());
        }
        List<String> unmet = null;
        for (String skill : c.requiredSkills()) {
            if (agent.proficiencyIn(skill) < ring.minProficiency() && !(ring.optionalSkillsDropped() && optionalSkills.contains(skill))) {
                unmet = unmet == null ? new ArrayList<>() : unmet;
                unmet.add(skill);
            }
        }
        if (unmet == null) {
            return SKILLED;
        }
        unmet.sort(null);
        if (ring.teamAgents() && team != null && team.equals(agent.team())) {
            return BY_TEAM;
        }
        if (ring.supervisors() && agent.supervisor()) {
            return BY_SUPERVISOR;
        }
        return Fit.no("lacks " + unmet.stream()
                .map(s -> agent.proficiencyIn(s) == 0 ? s : s + " (" + agent.proficiencyIn(s) + " < " + ring.minProficiency() + ")")
                .collect(Collectors.joining(", ")));
    }

    /** Sum of the agent's proficiency in the case's required skills: the first ranking key. */
    public static int proficiency(AgentProfile agent, WaitingCase c) {
        int sum = 0;
        for (String skill : c.requiredSkills()) {
            sum += agent.proficiencyIn(skill);
        }
        return sum;
    }

    /** Whether the case is still held for its preferred agent at {@code now}. */
    public static boolean heldForPreferred(WaitingCase c, RoutingRules rules, Instant now) {
        return c.preferredAgentId() != null && now.isBefore(c.enqueuedAt().plus(rules.preferredAgentWait()));
    }

    /** Looks for the best agent for a case among {@code agents} at {@code now}. */
    public static Decision decide(WaitingCase c, Collection<AgentProfile> agents, RoutingRules rules, Instant now) {
        Ring ring = ringOf(c, rules, now);
        RoutingRules.QueueRule queue = rules.queueFor(c.requiredSkills());
        Comparator<Candidate> order = bestFirst(c.preferredAgentId());
        Comparator<Candidate> byId = Comparator.comparing(cand -> cand.agent().id());
        // Bounded heaps whose head is the worst kept candidate.
        PriorityQueue<Candidate> best = new PriorityQueue<>(KEPT_CANDIDATES + 1, order.reversed());
        PriorityQueue<Candidate> rejected = new PriorityQueue<>(EXPLAINED_CANDIDATES + 1, byId.reversed());
        int eligible = 0;
        for (AgentProfile agent : agents) {
            Fit fit = fit(agent, c, ring, queue.team(), rules.optionalSkills());
            Candidate candidate = new Candidate(agent, fit, proficiency(agent, c));
            PriorityQueue<Candidate> into = fit.eligible() ? best : rejected;
            into.add(candidate);
            if (into.size() > (fit.eligible() ? KEPT_CANDIDATES : EXPLAINED_CANDIDATES)) {
                into.poll();
            }
            if (fit.eligible()) {
                eligible++;
            }
        }
        List<Candidate> ranked = best.stream().sorted(order).toList();
        boolean preferredEligible = !ranked.isEmpty() && ranked.get(0).agent().id().equals(c.preferredAgentId());
        boolean held = !preferredEligible && heldForPreferred(c, rules, now);
        return new Decision(c, ring, queue, ranked, rejected.stream().sorted(byId).toList(), eligible, agents.size(), held);
    }

    /** Best candidate first: preferred agent, proficiency, occupancy, idle, id. */
    static Comparator<Candidate> bestFirst(UUID preferredAgentId) {
        return Comparator.<Candidate, Boolean>comparing(cand -> !cand.agent().id().equals(preferredAgentId))
                .thenComparing(Comparator.comparingInt(Candidate::proficiency).reversed())
                .thenComparing(RoutingDecision::compareLoad);
    }

    /**
     * The waiting cases an agent takes now, in queue order, as long as they fit each case's ring
     * and have capacity left on its channel. A case held for another (preferred) agent is skipped.
     */
    public static List<WaitingCase> takeFor(AgentProfile agent, Collection<WaitingCase> waiting, RoutingRules rules,
            Instant now) {
        List<WaitingCase> taken = new ArrayList<>();
        AgentProfile current = agent;
        for (WaitingCase c : waiting.stream().sorted(QUEUE_ORDER).toList()) {
            if (heldForPreferred(c, rules, now) && !agent.id().equals(c.preferredAgentId())) {
                continue;
            }
            Ring ring = ringOf(c, rules, now);
            if (fit(current, c, ring, rules.queueFor(c.requiredSkills()).team(), rules.optionalSkills()).eligible()) {
                taken.add(c);
                current = current.withOneMore(c.channel(), current.idleSince());
            }
        }
        return taken;
    }

    /** The explanation for giving the decision's case to {@code chosen} (one of its ranked candidates, as locked and re-checked). */
    public static Explanation explainChoice(Decision d, Candidate chosen) {
        boolean preferred = chosen.agent().id().equals(d.wanted().preferredAgentId());
        int eligibleCount = d.eligibleCount();
        String summary = describeFit(chosen, d.wanted()) + "; " + d.ring().describe() + (preferred
                ? "; the returning customer's previous agent"
                : "; best of " + eligibleCount + " eligible agent(s) of " + d.consideredCount()
                        + " considered by proficiency (" + chosen.proficiency() + "), then occupancy ("
                        + occupancyPercent(chosen.agent()) + "%), then idle since " + chosen.agent().idleSince() + ", then id");
        List<Explanation.Score> scores = new ArrayList<>();
        int rank = 1;
        for (Candidate c : d.ranked().stream().limit(EXPLAINED_CANDIDATES).toList()) {
            scores.add(score(c, rank++, c.agent().id().equals(chosen.agent().id())));
        }
        if (scores.stream().noneMatch(Explanation.Score::chosen)) {
            scores.add(score(chosen, d.ranked().indexOf(chosen) + 1, true));
        }
        for (Candidate c : d.rejected().stream().limit(EXPLAINED_CANDIDATES).toList()) {
            scores.add(score(c, 0, false));
        }
        return new Explanation(preferred ? "preferred-agent" : "best-candidate", d.ring().number(), d.ring().describe(),
                d.queue().name(), d.consideredCount(), eligibleCount, scores, truncate(summary));
    }

    /** The explanation for an agent who became free taking a waiting case; the agent's load is the load before this case. */
    public static Explanation explainQueuePick(AgentProfile agent, WaitingCase c, RoutingRules rules, Instant now) {
        Ring ring = ringOf(c, rules, now);
        RoutingRules.QueueRule queue = rules.queueFor(c.requiredSkills());
        Candidate self = new Candidate(agent, fit(agent, c, ring, queue.team(), rules.optionalSkills()), proficiency(agent, c));
        String summary = describeFit(self, c) + "; " + ring.describe() + "; the case had waited since " + c.enqueuedAt()
                + " (priority " + c.priority() + (c.dueAt() == null ? "" : ", due " + c.dueAt())
                + ") for an eligible agent and was next in the queue";
        return new Explanation("queue-pick", ring.number(), ring.describe(), queue.name(), 1, 1, List.of(score(self, 1, true)),
                truncate(summary));
    }

    private static Explanation.Score score(Candidate c, int rank, boolean chosen) {
        AgentProfile a = c.agent();
        return new Explanation.Score(a.id(), a.displayName(), c.fit().eligible(), chosen, rank, c.proficiency(),
                occupancyPercent(a), a.idleSince() == null ? null : a.idleSince().toString(), c.fit().basis(), c.fit().whyNot());
    }

    private static String describeFit(Candidate candidate, WaitingCase c) {
        AgentProfile agent = candidate.agent();
        StringBuilder why = new StringBuilder()
                .append(agent.displayName()).append(" is available with free capacity on ").append(c.channel())
                .append(" (").append(agent.loadOn(c.channel())).append(" of ").append(agent.capacityOn(c.channel()))
                .append(" in use)");
        if (!c.requiredSkills().isEmpty()) {
            why.append(", has ").append(c.requiredSkills().stream().sorted()
                    .map(s -> s + " (" + agent.proficiencyIn(s) + ")").collect(Collectors.joining(", ")));
        }
        if ("team".equals(candidate.fit().basis())) {
            why.append(", is in the queue's team ").append(agent.team());
        } else if ("supervisor".equals(candidate.fit().basis())) {
            why.append(", is a supervisor");
        }
        if (c.language() != null) {
            why.append(", speaks ").append(c.language());
        }
        return why.toString();
    }

    /** Lowest occupancy, then longest idle, then id. */
    private static int compareLoad(Candidate a, Candidate b) {
        // a.load / a.capacity vs b.load / b.capacity without rounding.
        int occupancy = Long.compare((long) a.totalLoad() * b.totalCapacity(), (long) b.totalLoad() * a.totalCapacity());
        if (occupancy != 0) {
            return occupancy;
        }
        int idle = Comparator.nullsFirst(Comparator.<Instant>naturalOrder()).compare(a.agent().idleSince(), b.agent().idleSince());
        return idle != 0 ? idle : a.agent().id().compareTo(b.agent().id());
    }

    static long occupancyPercent(AgentProfile agent) {
        return agent.totalCapacity() == 0 ? 0 : Math.round(100.0 * agent.totalLoad() / agent.totalCapacity());
    }

    static String truncate(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
