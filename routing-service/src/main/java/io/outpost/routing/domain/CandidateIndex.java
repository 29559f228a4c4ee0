package io.outpost.routing.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The available agents with free capacity, indexed so that a decision looks at tens of agents
 * instead of every available agent on the channel.
 * <p>
 * Postings are kept per channel (only while the agent has a free slot on it) and language (plus
 * "any language" for cases without one): every agent ({@code ANY}); per skill, one ordered set per
 * proficiency level 1-5 ({@code SKILL}); per team ({@code TEAM}); supervisors ({@code SUPERVISOR}).
 * Inside a set agents are in {@link RoutingDecision}'s order after proficiency: lowest occupancy,
 * longest idle, id. So for a case needing one skill the best agents are simply the first ones of
 * the highest level — a few tree steps, whatever the number of agents. For several skills the set
 * of the rarest needed skill is walked level by level and stopped once no agent further down can
 * reach the proficiency sum of the candidates already kept.
 * <p>
 * {@link #candidates} returns (at least) the best {@code limit} agents as this index sees them, and
 * the returning customer's previous agent when indexed: exactly the agents a full scan would have
 * ranked first ({@code CandidateIndexTest} compares both on random populations). The caller still
 * runs {@link RoutingDecision#decide} on them and locks and re-checks the chosen agent against the
 * database: the index only narrows the search. A stale entry can cost a retry or leave a case
 * waiting until the next refresh or sweep; it can never cause a double assignment or over-capacity.
 * <p>
 * Updates come from two sides: this instance's own changes ({@link #put}, {@link #adjustLoad},
 * {@link #remove}), at once, and snapshots read from the database ({@link #refresh}), which carry
 * other replicas' changes. A snapshot read before a local change does not overwrite it.
 * <p>
 * Thread-safe: reads share a lock, updates take it exclusively (each holds it for microseconds).
 */
public final class CandidateIndex {

    private enum Kind {
        ANY, SKILL, TEAM, SUPERVISOR
    }

    /** One posting: {@code language} "" is "any language"; {@code name} is the skill or team. */
    private record Key(Kind kind, String channel, String language, String name) {
    }

    /** An agent's place in a posting: the ranking keys after proficiency. */
    private record Slot(UUID id, int totalLoad, int totalCapacity, Instant idleSince) {
    }

    /** RoutingDecision's order after proficiency: occupancy (exact), idle since (none first), id. */
    private static final Comparator<Slot> LOAD_ORDER = (a, b) -> {
        int occupancy = Long.compare((long) a.totalLoad() * b.totalCapacity(), (long) b.totalLoad() * a.totalCapacity());
        if (occupancy != 0) {
            return occupancy;
        }
        int idle = Comparator.nullsFirst(Comparator.<Instant>naturalOrder()).compare(a.idleSince(), b.idleSince());
        return idle != 0 ? idle : a.id().compareTo(b.id());
    };

    private static final String ANY_LANGUAGE = "";
    private static final int MAX_PROFICIENCY = 5;

    /** Agents of one posting by proficiency level (0 for postings that are not per skill). */
    private static final class Posting {
        @SuppressWarnings("unchecked")
        final NavigableSet<Slot>[] levels = new NavigableSet[MAX_PROFICIENCY + 1];

        NavigableSet<Slot> level(int level) {
            NavigableSet<Slot> set = levels[level];
            if (set == null) {
                set = new TreeSet<>(LOAD_ORDER);
                levels[level] = set;
            }
            return set;
        }

        int countFrom(int minLevel) {
            int n = 0;
            for (int level = Math.max(minLevel, 0); level <= MAX_PROFICIENCY; level++) {
                n += levels[level] == null ? 0 : levels[level].size();
            }
            return n;
        }

        boolean isEmpty() {
            return countFrom(0) == 0;
        }
    }

    private final Map<UUID, AgentProfile> agents = new HashMap<>();
    private final Map<UUID, Slot> slots = new HashMap<>();
    private final Map<Key, Posting> postings = new HashMap<>();
    /** When this instance last changed an agent itself: an older database snapshot does not overwrite that. */
    private final Map<UUID, Instant> changedLocally = new HashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    // ------------------------------------------------------------------------------ updates

    /** This instance changed the agent at {@code at}: indexed if available, else dropped. */
    public void put(AgentProfile agent, Instant at) {
        lock.writeLock().lock();
        try {
            changedLocally.put(agent.id(), at);
            replace(agent);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** This instance removed the agent (or their availability) at {@code at}. */
    public void remove(UUID agentId, Instant at) {
        lock.writeLock().lock();
        try {
            changedLocally.put(agentId, at);
            unindex(agentId);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * This instance added ({@code delta} 1) or ended ({@code -1}) a case of the agent on a channel;
     * nothing when the agent is not indexed. A delta applied twice (a retried transaction) leaves
     * the load wrong until the next refresh: too low costs a failed re-check, too high a missed
     * candidate until then.
     */
    public void adjustLoad(UUID agentId, String channel, int delta, Instant at) {
        lock.writeLock().lock();
        try {
            AgentProfile agent = agents.get(agentId);
            if (agent == null) {
                return;
            }
            Map<String, Integer> load = new HashMap<>(agent.load());
            load.put(channel, Math.max(0, load.getOrDefault(channel, 0) + delta));
            Instant idleSince = delta > 0 && (agent.idleSince() == null || at.isAfter(agent.idleSince())) ? at : agent.idleSince();
            changedLocally.put(agentId, at);
            replace(new AgentProfile(agent.id(), agent.displayName(), agent.presence(), agent.skills(), agent.languages(),
                    agent.capacity(), load, idleSince, agent.team(), agent.supervisor()));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Applies a database snapshot read at {@code readAt}: every agent in {@code covered} takes the
     * state it has in {@code fresh} (absent there: not available, dropped), unless this instance
     * changed it after {@code readAt}. {@code covered} null: the snapshot covers every agent (a full
     * reload), so indexed agents missing from it are dropped.
     */
    public void refresh(Collection<AgentProfile> fresh, Collection<UUID> covered, Instant readAt) {
        lock.writeLock().lock();
        try {
            Map<UUID, AgentProfile> byId = new HashMap<>();
            fresh.forEach(a -> byId.put(a.id(), a));
            Set<UUID> ids = new HashSet<>(byId.keySet());
            if (covered == null) {
                ids.addAll(agents.keySet());
            } else {
                ids.addAll(covered);
            }
            for (UUID id : ids) {
                Instant local = changedLocally.get(id);
                if (local != null && local.isAfter(readAt)) {
                    continue;
                }
                AgentProfile agent = byId.get(id);
                if (agent == null) {
                    unindex(id);
                } else if (!agent.equals(agents.get(id))) {
                    // Unchanged agents are skipped: a full reload holds the lock for the changes only.
                    replace(agent);
                }
            }
            // Later snapshots are read after these local changes, so they need no protection any more.
            changedLocally.values().removeIf(at -> !at.isAfter(readAt));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** How many agents are indexed (available, whatever their free capacity). */
    public int size() {
        lock.readLock().lock();
        try {
            return agents.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The indexed state of an agent, or null. */
    public AgentProfile get(UUID agentId) {
        lock.readLock().lock();
        try {
            return agents.get(agentId);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void replace(AgentProfile agent) {
        unindex(agent.id());
        if (agent.presence() != Presence.AVAILABLE) {
            return;
        }
        agents.put(agent.id(), agent);
        Slot slot = new Slot(agent.id(), agent.totalLoad(), agent.totalCapacity(), agent.idleSince());
        slots.put(agent.id(), slot);
        forEachPosting(agent, (key, level) -> postings.computeIfAbsent(key, k -> new Posting()).level(level).add(slot));
    }

    private void unindex(UUID agentId) {
        AgentProfile old = agents.remove(agentId);
        Slot slot = slots.remove(agentId);
        if (old == null) {
            return;
        }
        forEachPosting(old, (key, level) -> {
            Posting posting = postings.get(key);
            if (posting != null) {
                posting.levels[level].remove(slot);
                if (posting.isEmpty()) {
                    postings.remove(key);
                }
            }
        });
    }

    private interface PostingVisitor {
        void visit(Key key, int level);
    }

    private static void forEachPosting(AgentProfile agent, PostingVisitor visitor) {
        List<String> languages = new ArrayList<>(agent.languages());
        languages.add(ANY_LANGUAGE);
        for (String channel : agent.capacity().keySet()) {
            if (agent.freeOn(channel) == 0) {
                continue;
            }
            for (String language : languages) {
                visitor.visit(new Key(Kind.ANY, channel, language, ""), 0);
                agent.skills().forEach((skill, level) -> {
                    if (level >= 1 && level <= MAX_PROFICIENCY) {
                        visitor.visit(new Key(Kind.SKILL, channel, language, skill), level);
                    }
                });
                if (agent.team() != null) {
                    visitor.visit(new Key(Kind.TEAM, channel, language, agent.team()), 0);
                }
                if (agent.supervisor()) {
                    visitor.visit(new Key(Kind.SUPERVISOR, channel, language, ""), 0);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------ the search

    /**
     * The agents worth considering for {@code c} in {@code ring} ({@code team}: the case's queue's
     * team, or null): at least the best {@code limit} eligible agents by this index's state in
     * {@link RoutingDecision}'s order (without the preferred-agent rule), plus the case's preferred
     * agent when indexed and not excluded.
     */
    public List<AgentProfile> candidates(WaitingCase c, Ring ring, String team, Set<String> optionalSkills, int limit) {
        lock.readLock().lock();
        try {
            String language = c.language() == null ? ANY_LANGUAGE : c.language();
            Best best = new Best(limit);
            List<String> needed = c.requiredSkills().stream()
                    .filter(s -> !(ring.optionalSkillsDropped() && optionalSkills.contains(s))).sorted().toList();
            int required = c.requiredSkills().size();
            if (needed.isEmpty()) {
                Posting any = postings.get(new Key(Kind.ANY, c.channel(), language, ""));
                // Without required skills everyone's proficiency sum is 0: the posting's order is the
                // ranking. With only dropped optional skills the sums differ: look at everyone.
                scan(any, 0, c, List.of(), 0, required == 0, best);
            } else {
                fromSkills(c, ring.minProficiency(), language, needed, required, best);
            }
            if (ring.teamAgents() && team != null) {
                scan(postings.get(new Key(Kind.TEAM, c.channel(), language, team)), 0, c, List.of(), 0, false, best);
            }
            if (ring.supervisors()) {
                scan(postings.get(new Key(Kind.SUPERVISOR, c.channel(), language, "")), 0, c, List.of(), 0, false, best);
            }
            List<AgentProfile> found = best.inOrder();
            UUID preferred = c.preferredAgentId();
            if (preferred != null && !c.excludedAgents().contains(preferred) && agents.containsKey(preferred)
                    && found.stream().noneMatch(a -> a.id().equals(preferred))) {
                found = new ArrayList<>(found);
                found.add(agents.get(preferred));
            }
            return found;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Agents with every needed skill at {@code minLevel} or more, walked from the rarest needed skill's posting. */
    private void fromSkills(WaitingCase c, int minLevel, String language, List<String> needed, int required, Best best) {
        Posting driving = null;
        for (String skill : needed) {
            Posting posting = postings.get(new Key(Kind.SKILL, c.channel(), language, skill));
            if (posting == null) {
                return; // nobody has this skill here: no agent qualifies by skills
            }
            if (driving == null || posting.countFrom(minLevel) < driving.countFrom(minLevel)) {
                driving = posting;
            }
        }
        int level = MAX_PROFICIENCY;
        while (level >= Math.max(minLevel, 1)) {
            // The best sum an agent first met at this level can reach: this level plus the top level in
            // every other required skill. Once the kept candidates all beat it, nobody below can enter.
            int reachable = level + MAX_PROFICIENCY * (required - 1);
            if (best.full() && best.worstProficiency() > reachable) {
                return;
            }
            // With one required skill every agent of a level has the same sum and the level is in
            // ranking order: the first that does not enter ends the level.
            scan(driving, level, c, needed, minLevel, required == 1, best);
            level--;
        }
    }

    /**
     * Offers the agents of one level of a posting to {@code best}; {@code inRankingOrder}: the level
     * is in ranking order for this case, so the first agent that is not kept ends the walk.
     */
    private void scan(Posting posting, int level, WaitingCase c, List<String> needed, int minLevel, boolean inRankingOrder,
            Best best) {
        if (posting == null || posting.levels[level] == null) {
            return;
        }
        Iterator<Slot> slotsInOrder = posting.levels[level].iterator();
        while (slotsInOrder.hasNext()) {
            UUID id = slotsInOrder.next().id();
            if (c.excludedAgents().contains(id)) {
                continue;
            }
            AgentProfile agent = agents.get(id);
            if (!hasSkills(agent, needed, minLevel)) {
                continue;
            }
            boolean kept = best.offer(new RoutingDecision.Candidate(agent, RoutingDecision.Fit.no("indexed"),
                    RoutingDecision.proficiency(agent, c)));
            if (!kept && inRankingOrder) {
                return;
            }
        }
    }

    private static boolean hasSkills(AgentProfile agent, List<String> needed, int minLevel) {
        for (String skill : needed) {
            if (agent.proficiencyIn(skill) < minLevel) {
                return false;
            }
        }
        return true;
    }

    /** The best {@code limit} distinct candidates seen, in RoutingDecision's order (without a preferred agent). */
    private static final class Best {
        private final Comparator<RoutingDecision.Candidate> order = RoutingDecision.bestFirst(null);
        private final PriorityQueue<RoutingDecision.Candidate> worstFirst;
        private final Set<UUID> ids = new HashSet<>();
        private final int limit;

        Best(int limit) {
            this.limit = Math.max(1, limit);
            this.worstFirst = new PriorityQueue<>(this.limit + 1, order.reversed());
        }

        boolean full() {
            return worstFirst.size() >= limit;
        }

        int worstProficiency() {
            return worstFirst.peek().proficiency();
        }

        /** Whether the candidate is (now or already) among the best. */
        boolean offer(RoutingDecision.Candidate candidate) {
            UUID id = candidate.agent().id();
            if (ids.contains(id)) {
                return true;
            }
            if (full() && order.compare(candidate, worstFirst.peek()) >= 0) {
                return false;
            }
            worstFirst.add(candidate);
            ids.add(id);
            if (worstFirst.size() > limit) {
                ids.remove(worstFirst.poll().agent().id());
            }
            return true;
        }

        List<AgentProfile> inOrder() {
            return worstFirst.stream().sorted(order).map(RoutingDecision.Candidate::agent).toList();
        }
    }
}
