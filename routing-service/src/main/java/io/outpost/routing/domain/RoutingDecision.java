package io.outpost.routing.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which agent takes a case, and which waiting cases an agent takes: plain Java, deterministic for
 * the same input, and explained.
 * <p>
 * An agent is eligible for a case when they are available, have free capacity on the case's
 * channel, have every required skill, and speak the case's language (when it is known). Eligible
 * agents are ranked by lowest occupancy (active cases over capacity, all channels together, so an
 * agent juggling three Facebook threads is not handed the X case before an idle colleague), then
 * longest idle, then id as the final, stable tie-break. Waiting cases are taken by priority (1 is
 * urgent), then oldest first.
 */
public final class RoutingDecision {

    /** The explanation travels in assignment.created; its schema caps it at 2048 characters. */
    static final int MAX_REASON = 2048;

    /** Best candidate first. */
    public static final Comparator<AgentProfile> BEST_FIRST = RoutingDecision::compareCandidates;

    /** The queue's order: higher priority first, then longest waiting, then case id so replays agree. */
    public static final Comparator<WaitingCase> QUEUE_ORDER = Comparator.comparingInt(WaitingCase::priority)
            .thenComparing(WaitingCase::enqueuedAt)
            .thenComparing(WaitingCase::caseId);

    /** The chosen agent and why. */
    public record Choice(AgentProfile agent, int eligibleCount, String reason) {
    }

    private RoutingDecision() {
    }

    /** Skills and languages match case-insensitively: both sides are stored in this form. */
    public static String normalized(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }

    /** Why the agent cannot take the case, or empty when they can. */
    public static Optional<String> whyNot(AgentProfile agent, WaitingCase c) {
        if (agent.presence() != Presence.AVAILABLE) {
            return Optional.of("is " + agent.presence().wireName());
        }
        if (agent.capacityOn(c.channel()) == 0) {
            return Optional.of("does not work on " + c.channel());
        }
        if (agent.freeOn(c.channel()) == 0) {
            return Optional.of("is at capacity on " + c.channel() + " (" + agent.loadOn(c.channel()) + " of "
                    + agent.capacityOn(c.channel()) + ")");
        }
        List<String> missing = c.requiredSkills().stream().filter(s -> !agent.skills().containsKey(s)).sorted().toList();
        if (!missing.isEmpty()) {
            return Optional.of("lacks " + String.join(", ", missing));
        }
        if (c.language() != null && !agent.languages().contains(c.language())) {
            return Optional.of("does not speak " + c.language());
        }
        return Optional.empty();
    }

    public static boolean isEligible(AgentProfile agent, WaitingCase c) {
        return whyNot(agent, c).isEmpty();
    }

    /** The eligible agents, best first. */
    public static List<AgentProfile> rank(WaitingCase c, Collection<AgentProfile> agents) {
        return agents.stream().filter(a -> isEligible(a, c)).sorted(BEST_FIRST).toList();
    }

    /** The best eligible agent for the case, or empty when nobody can take it now (the case waits). */
    public static Optional<Choice> choose(WaitingCase c, Collection<AgentProfile> agents) {
        List<AgentProfile> ranked = rank(c, agents);
        return ranked.isEmpty() ? Optional.empty() : Optional.of(explainChoice(ranked.get(0), c, ranked.size()));
    }

    /**
     * The explanation for giving {@code c} to {@code agent}, the best of {@code eligibleCount}
     * eligible agents. The agent's load is the load before this case.
     */
    public static Choice explainChoice(AgentProfile agent, WaitingCase c, int eligibleCount) {
        String reason = fit(agent, c) + "; best of " + eligibleCount + " eligible agent(s) by occupancy ("
                + occupancyPercent(agent) + "%), then idle since " + agent.idleSince() + ", then id";
        return new Choice(agent, eligibleCount, truncate(reason));
    }

    /**
     * The waiting cases an agent takes now, in queue order, as long as they are eligible and have
     * capacity left on each case's channel.
     */
    public static List<WaitingCase> takeFor(AgentProfile agent, Collection<WaitingCase> waiting) {
        List<WaitingCase> taken = new ArrayList<>();
        AgentProfile current = agent;
        for (WaitingCase c : waiting.stream().sorted(QUEUE_ORDER).toList()) {
            if (isEligible(current, c)) {
                taken.add(c);
                current = current.withOneMore(c.channel(), current.idleSince());
            }
        }
        return taken;
    }

    /** The explanation for an agent taking a waiting case; the agent's load is the load before this case. */
    public static String explainQueuePick(AgentProfile agent, WaitingCase c) {
        return truncate(fit(agent, c) + "; the case had waited since " + c.enqueuedAt() + " (priority " + c.priority()
                + ") for an eligible agent and was next in the queue");
    }

    private static String fit(AgentProfile agent, WaitingCase c) {
        StringBuilder why = new StringBuilder()
                .append(agent.displayName()).append(" is available with free capacity on ").append(c.channel())
                .append(" (").append(agent.loadOn(c.channel())).append(" of ").append(agent.capacityOn(c.channel()))
                .append(" in use)");
        if (!c.requiredSkills().isEmpty()) {
            why.append(", has ").append(c.requiredSkills().stream().sorted()
                    .map(s -> s + " (" + agent.skills().get(s) + ")").collect(Collectors.joining(", ")));
        }
        if (c.language() != null) {
            why.append(", speaks ").append(c.language());
        }
        return why.toString();
    }

    private static int compareCandidates(AgentProfile a, AgentProfile b) {
        // a.load / a.capacity vs b.load / b.capacity without rounding.
        int occupancy = Long.compare((long) a.totalLoad() * b.totalCapacity(), (long) b.totalLoad() * a.totalCapacity());
        if (occupancy != 0) {
            return occupancy;
        }
        int idle = Comparator.nullsFirst(Comparator.<Instant>naturalOrder()).compare(a.idleSince(), b.idleSince());
        return idle != 0 ? idle : a.id().compareTo(b.id());
    }

    private static long occupancyPercent(AgentProfile agent) {
        return agent.totalCapacity() == 0 ? 0 : Math.round(100.0 * agent.totalLoad() / agent.totalCapacity());
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
