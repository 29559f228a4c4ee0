package io.outpost.console.domain;

import io.outpost.contracts.events.CasePresence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who has which case open, on every console instance, as the instances' presence events tell it
 * ({@code console.case-presence}). One entry per case, person and instance: the same person on two instances
 * (two tabs behind a load balancer) is two entries, shown as one person, replying if either says so; one
 * instance's "left" ends only its own entry.
 *
 * <p>An entry lives {@code ttl} after it was last heard of (by this reader's clock, not the sender's: the
 * instances' clocks may differ), so the viewers of an instance that died without saying "left" disappear after
 * the missed heartbeats. Thread-safe.
 */
public final class PresenceRegistry {

    /** One person on a case, as the page shows them. */
    public record Viewer(String username, String displayName, boolean replying) {
    }

    private record Key(String caseId, String username, String instanceId) {
    }

    private record Entry(String displayName, boolean replying, Instant heardAt) {
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<Key, Entry> entries = new HashMap<>();

    public PresenceRegistry(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * Takes one event in. Returns whether the case's viewers (as {@link #viewers} shows them to anyone) changed:
     * a heartbeat that repeats what is known changes nothing. An event without case, person or instance is
     * ignored.
     */
    public synchronized boolean apply(String caseId, String username, String displayName, CasePresence.State state,
            String instanceId) {
        if (blank(caseId) || blank(username) || blank(instanceId) || state == null) {
            return false;
        }
        List<Viewer> before = everyone(caseId);
        Key key = new Key(caseId, username, instanceId);
        if (state == CasePresence.State.LEFT) {
            entries.remove(key);
        } else {
            entries.put(key, new Entry(blank(displayName) ? username : displayName,
                    state == CasePresence.State.REPLYING, clock.instant()));
        }
        return !before.equals(everyone(caseId));
    }

    /** Forgets entries not heard of within the time to live; returns the cases whose viewers changed. */
    public synchronized Set<String> expire() {
        Instant oldest = clock.instant().minus(ttl);
        Set<String> touched = new HashSet<>();
        for (Map.Entry<Key, Entry> e : entries.entrySet()) {
            if (e.getValue().heardAt().isBefore(oldest)) {
                touched.add(e.getKey().caseId());
            }
        }
        Map<String, List<Viewer>> before = new HashMap<>();
        touched.forEach(c -> before.put(c, everyone(c)));
        for (Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator(); it.hasNext();) {
            if (it.next().getValue().heardAt().isBefore(oldest)) {
                it.remove();
            }
        }
        Set<String> changed = new HashSet<>();
        touched.forEach(c -> {
            if (!before.get(c).equals(everyone(c))) {
                changed.add(c);
            }
        });
        return changed;
    }

    /** The case's viewers except {@code me} (a page never shows its own viewer), by name. */
    public synchronized List<Viewer> viewers(String caseId, String me) {
        return everyone(caseId).stream().filter(v -> !v.username().equals(me)).toList();
    }

    public synchronized int size() {
        return entries.size();
    }

    private List<Viewer> everyone(String caseId) {
        Map<String, Viewer> byUser = new LinkedHashMap<>();
        for (Map.Entry<Key, Entry> e : entries.entrySet()) {
            if (!e.getKey().caseId().equals(caseId)) {
                continue;
            }
            String user = e.getKey().username();
            Viewer seen = byUser.get(user);
            Entry entry = e.getValue();
            boolean replying = entry.replying() || (seen != null && seen.replying());
            // Two instances may know two spellings of the name (a changed profile): the replying one's, else either.
            String name = seen == null || entry.replying() ? entry.displayName() : seen.displayName();
            byUser.put(user, new Viewer(user, name, replying));
        }
        List<Viewer> out = new ArrayList<>(byUser.values());
        out.sort(Comparator.comparing(Viewer::displayName, String.CASE_INSENSITIVE_ORDER).thenComparing(Viewer::username));
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "PresenceRegistry" + Objects.toString(entries);
    }
}
