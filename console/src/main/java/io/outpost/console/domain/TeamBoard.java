package io.outpost.console.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The supervisor's team view in words: agents grouped by team, the ones who can take work first
 * (available, busy, away, offline), capacity per channel as "2 of 3 (1 free)", and how long the oldest
 * case of a queue has been waiting. Plain data in, plain data out (no API types), so it is unit-tested
 * in milliseconds.
 */
public final class TeamBoard {

    /** routing-service's presences, in the order a supervisor looks at them: who can take work first. */
    public static final List<String> PRESENCE_ORDER = List.of("available", "busy", "away", "offline");
    /** The label for agents without a team in routing. */
    public static final String NO_TEAM = "no team";

    private TeamBoard() {
    }

    /** One agent as routing lists them, with the number of open cases case-service counts for them. */
    public record Member(String id, String username, String name, String team, String presence, String reason,
            Map<String, Integer> capacity, Map<String, Integer> load, long openCases) {

        public String label() {
            return name == null || name.isBlank() ? username : name;
        }
    }

    /** One channel of an agent: cases they have, cases they can take, and the words for it. */
    public record ChannelUse(String channel, int used, int capacity, String words, boolean full) {
    }

    /** The agents of one team, in presence order. */
    public record Team(String name, List<Member> members, String summary) {
    }

    /** Teams by name ("no team" last), each with its agents available first, then busy, away, offline, then by name. */
    public static List<Team> teams(List<Member> members) {
        Map<String, List<Member>> byTeam = new LinkedHashMap<>();
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(ORDER);
        for (Member m : sorted) {
            byTeam.computeIfAbsent(teamName(m), k -> new ArrayList<>()).add(m);
        }
        List<String> names = new ArrayList<>(byTeam.keySet());
        names.sort(Comparator.comparing((String n) -> NO_TEAM.equals(n)).thenComparing(n -> n.toLowerCase(Locale.ROOT)));
        List<Team> teams = new ArrayList<>();
        for (String name : names) {
            teams.add(new Team(name, List.copyOf(byTeam.get(name)), presenceSummary(byTeam.get(name))));
        }
        return teams;
    }

    static final Comparator<Member> ORDER = Comparator.comparingInt((Member m) -> presenceRank(m.presence()))
            .thenComparing(m -> m.label() == null ? "" : m.label().toLowerCase(Locale.ROOT))
            .thenComparing(m -> m.username() == null ? "" : m.username());

    static String teamName(Member m) {
        return m.team() == null || m.team().isBlank() ? NO_TEAM : m.team().strip();
    }

    /** Unknown presences sort after the known ones (a newer routing-service may add one). */
    static int presenceRank(String presence) {
        int i = presence == null ? -1 : PRESENCE_ORDER.indexOf(presence.toLowerCase(Locale.ROOT));
        return i < 0 ? PRESENCE_ORDER.size() : i;
    }

    /** "2 available, 1 away": the presences present, in presence order. */
    public static String presenceSummary(List<Member> members) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String p : PRESENCE_ORDER) {
            counts.put(p, 0);
        }
        for (Member m : members) {
            String p = m.presence() == null ? "unknown" : m.presence().toLowerCase(Locale.ROOT);
            counts.merge(p, 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((p, n) -> {
            if (n > 0) {
                parts.add(n + " " + p);
            }
        });
        return parts.isEmpty() ? "nobody" : String.join(", ", parts);
    }

    /** Every channel the agent can take or has cases on, by name. */
    public static List<ChannelUse> channels(Member m) {
        TreeSet<String> names = new TreeSet<>();
        if (m.capacity() != null) {
            names.addAll(m.capacity().keySet());
        }
        if (m.load() != null) {
            names.addAll(m.load().keySet());
        }
        List<ChannelUse> out = new ArrayList<>();
        for (String channel : names) {
            int used = m.load() == null ? 0 : m.load().getOrDefault(channel, 0);
            int capacity = m.capacity() == null ? 0 : m.capacity().getOrDefault(channel, 0);
            out.add(new ChannelUse(channel, used, capacity, capacityWords(used, capacity), capacity > 0 && used >= capacity));
        }
        return out;
    }

    /**
     * "1 of 3 (2 free)", "3 of 3 (full)", "4 of 3 (1 over)" (a supervisor may assign past capacity),
     * "2, not routed here" (cases on a channel the agent takes none of, e.g. assigned by hand).
     */
    public static String capacityWords(int used, int capacity) {
        if (capacity <= 0) {
            return used + ", not routed here";
        }
        if (used < capacity) {
            return used + " of " + capacity + " (" + (capacity - used) + " free)";
        }
        if (used == capacity) {
            return used + " of " + capacity + " (full)";
        }
        return used + " of " + capacity + " (" + (used - capacity) + " over)";
    }

    /** How long the oldest case has waited: "none waiting", "45 s", "12 min", "2 h 05 min", "3 d 4 h". */
    public static String waitWords(long waiting, long seconds) {
        if (waiting <= 0) {
            return "none waiting";
        }
        long s = Math.max(0, seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        if (s < 86_400) {
            return (s / 3600) + " h " + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + " min";
        }
        return (s / 86_400) + " d " + ((s % 86_400) / 3600) + " h";
    }

    /** A duration in seconds for the service-level figures: "—" when no case counts. */
    public static String duration(Long seconds) {
        return seconds == null ? "—" : waitWords(1, seconds);
    }

    /** A percentage for the service-level figures: "—" when no case counts, else one decimal. */
    public static String percent(Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%.1f %%", value);
    }
}
