package io.outpost.routing.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How routing widens its search over time and handles offers: data, not code. Stored by
 * routing-service (one document, changed by admins); {@link #DEFAULT} applies until one is stored.
 * <p>
 * Bullseye rings: a case starts needing every required skill at {@code initialProficiency}; once it
 * has waited {@code lowerProficiencyAfter} any proficiency from {@code loweredProficiency} will do;
 * after {@code dropOptionalSkillsAfter} the skills listed in {@code optionalSkills} are no longer
 * needed; after {@code teamAfter} any agent of the case's queue's team qualifies; after
 * {@code supervisorsAfter} any supervisor does. A null threshold is a ring that never opens. Language,
 * channel capacity and presence are needed in every ring.
 *
 * @param initialProficiency      proficiency (1-5) every required skill needs at first
 * @param loweredProficiency      proficiency needed from ring 1 on
 * @param lowerProficiencyAfter   T1, or null
 * @param dropOptionalSkillsAfter T2, or null
 * @param teamAfter               T3, or null
 * @param supervisorsAfter        T4, or null
 * @param optionalSkills          skills that help but are dropped from ring 2 on
 * @param queues                  named queues, each owned by a team; a case is in the first queue sharing one of its skills
 * @param autoAccept              true: a routed case is assigned at once; false: it is offered and the agent accepts or declines
 * @param offerTimeout            how long an offer stays open before it lapses and the case is offered to the next agent
 * @param preferredAgentWait      how long a returning customer's case waits for their previous agent
 */
public record RoutingRules(int initialProficiency, int loweredProficiency, Duration lowerProficiencyAfter,
        Duration dropOptionalSkillsAfter, Duration teamAfter, Duration supervisorsAfter, Set<String> optionalSkills,
        List<QueueRule> queues, boolean autoAccept, Duration offerTimeout, Duration preferredAgentWait) {

    /** The queue of cases without a matching queue rule. */
    public static final String DEFAULT_QUEUE = "default";

    /**
     * The defaults: experts (3+) first, anyone with the skills after a minute, optional skills
     * dropped after two, the team after five, supervisors after ten; cases are assigned without an
     * accept step (the behaviour before offers existed); offers, when switched on, lapse after 60 s;
     * a returning customer waits up to 30 s for their previous agent.
     */
    public static final RoutingRules DEFAULT = new RoutingRules(3, 1, Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(300), Duration.ofSeconds(600), Set.of(), List.of(), true, Duration.ofSeconds(60),
            Duration.ofSeconds(30));

    /**
     * A named queue.
     *
     * @param name   shown in the queue view
     * @param team   the team that owns it (ring 3 widens to its agents), or null
     * @param skills a case needing any of these is in this queue
     */
    public record QueueRule(String name, String team, Set<String> skills) {
        public QueueRule {
            skills = Set.copyOf(skills);
        }
    }

    public RoutingRules {
        optionalSkills = Set.copyOf(optionalSkills);
        queues = List.copyOf(queues);
    }

    /** What is wrong with these rules (empty: they can be stored). */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (initialProficiency < 1 || initialProficiency > 5) {
            problems.add("initialProficiency must be 1-5");
        }
        if (loweredProficiency < 1 || loweredProficiency > initialProficiency) {
            problems.add("loweredProficiency must be between 1 and initialProficiency");
        }
        Duration previous = Duration.ZERO;
        String previousName = "0";
        String[] names = { "lowerProficiencyAfter", "dropOptionalSkillsAfter", "teamAfter", "supervisorsAfter" };
        Duration[] thresholds = { lowerProficiencyAfter, dropOptionalSkillsAfter, teamAfter, supervisorsAfter };
        for (int i = 0; i < thresholds.length; i++) {
            if (thresholds[i] == null) {
                continue;
            }
            if (thresholds[i].isNegative() || thresholds[i].compareTo(previous) < 0) {
                problems.add(names[i] + " must not be before " + previousName + " (rings open outwards)");
            }
            previous = thresholds[i];
            previousName = names[i];
        }
        if (offerTimeout == null || offerTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add("offerTimeout must be at least 1 second");
        }
        if (preferredAgentWait == null || preferredAgentWait.isNegative()) {
            problems.add("preferredAgentWait must not be negative");
        }
        Set<String> names2 = new LinkedHashSet<>();
        for (QueueRule q : queues) {
            if (!names2.add(q.name())) {
                problems.add("queue '" + q.name() + "' is listed twice");
            }
            if (DEFAULT_QUEUE.equals(q.name())) {
                problems.add("queue name '" + DEFAULT_QUEUE + "' is reserved for cases no queue claims");
            }
        }
        return problems;
    }

    /** The ring a case is in after waiting {@code waited}. */
    public Ring ringAfter(Duration waited) {
        boolean lowered = reached(lowerProficiencyAfter, waited);
        boolean dropped = reached(dropOptionalSkillsAfter, waited);
        boolean team = reached(teamAfter, waited);
        boolean supervisors = reached(supervisorsAfter, waited);
        int number = supervisors ? 4 : team ? 3 : dropped ? 2 : lowered ? 1 : 0;
        return new Ring(number, lowered ? loweredProficiency : initialProficiency, dropped, team, supervisors);
    }

    /** The queue a case needing these skills is in: the first rule sharing a skill, else the default queue. */
    public QueueRule queueFor(Set<String> requiredSkills) {
        for (QueueRule q : queues) {
            if (q.skills().stream().anyMatch(requiredSkills::contains)) {
                return q;
            }
        }
        return new QueueRule(DEFAULT_QUEUE, null, Set.of());
    }

    private static boolean reached(Duration threshold, Duration waited) {
        return threshold != null && waited.compareTo(threshold) >= 0;
    }
}
