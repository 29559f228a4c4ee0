package io.outpost.console.domain;

import io.outpost.contracts.events.CasePresence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this console instance says about itself: per case and person, how many of their case pages have their
 * live stream on this instance, and when the reply box last reported typing. Their state is replying while
 * typing was reported within {@code replyingIdle}, else viewing while a page is open, else left (and the entry
 * is forgotten once "left" is said). A typing report may reach another instance than the page's stream (a load
 * balancer without affinity): that instance then says "replying" for its own entry and "left" when it goes
 * idle, and readers combine the instances' entries.
 *
 * <p>Each call returns the announcement to publish when the state changed; {@link #heartbeat()} lists every
 * entry again. Thread-safe.
 */
public final class LocalPresence {

    /** What to publish about one person on one case. */
    public record Announcement(String caseId, String username, String displayName, CasePresence.State state) {
    }

    private record Key(String caseId, String username) {
    }

    private static final class Entry {
        String displayName;
        int pages;
        Instant typedAt;

        CasePresence.State state() {
            return typedAt != null ? CasePresence.State.REPLYING : pages > 0 ? CasePresence.State.VIEWING : CasePresence.State.LEFT;
        }
    }

    private final Duration replyingIdle;
    private final Clock clock;
    private final Map<Key, Entry> entries = new HashMap<>();

    public LocalPresence(Duration replyingIdle, Clock clock) {
        this.replyingIdle = replyingIdle;
        this.clock = clock;
    }

    /** A case page's live stream opened on this instance. */
    public synchronized Optional<Announcement> opened(String caseId, String username, String displayName) {
        return change(caseId, username, displayName, e -> e.pages++);
    }

    /** A case page's live stream closed. */
    public synchronized Optional<Announcement> closed(String caseId, String username) {
        return change(caseId, username, null, e -> e.pages = Math.max(0, e.pages - 1));
    }

    /** The reply box reported typing. */
    public synchronized Optional<Announcement> typing(String caseId, String username, String displayName) {
        Instant now = clock.instant();
        return change(caseId, username, displayName, e -> e.typedAt = now);
    }

    /** The person sent their reply, or the box said they stopped. */
    public synchronized Optional<Announcement> stopped(String caseId, String username) {
        return change(caseId, username, null, e -> e.typedAt = null);
    }

    /** Typing reports older than the idle time end: those people are viewing again (or left). */
    public synchronized List<Announcement> idle() {
        Instant oldest = clock.instant().minus(replyingIdle);
        List<Announcement> out = new ArrayList<>();
        for (Map.Entry<Key, Entry> e : new ArrayList<>(entries.entrySet())) {
            if (e.getValue().typedAt != null && e.getValue().typedAt.isBefore(oldest)) {
                change(e.getKey().caseId(), e.getKey().username(), null, x -> x.typedAt = null).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Every entry's current state, to say again (readers forget what they have not heard of for a while). */
    public synchronized List<Announcement> heartbeat() {
        List<Announcement> out = new ArrayList<>();
        entries.forEach((k, e) -> out.add(new Announcement(k.caseId(), k.username(), e.displayName, e.state())));
        return out;
    }

    public synchronized int size() {
        return entries.size();
    }

    private Optional<Announcement> change(String caseId, String username, String displayName,
            java.util.function.Consumer<Entry> how) {
        Key key = new Key(caseId, username);
        Entry entry = entries.get(key);
        CasePresence.State before = entry == null ? CasePresence.State.LEFT : entry.state();
        if (entry == null) {
            if (displayName == null) {
                // Closing or stopping what this instance never had: nothing to say.
                return Optional.empty();
            }
            entry = new Entry();
            entries.put(key, entry);
        }
        if (displayName != null) {
            entry.displayName = displayName;
        }
        how.accept(entry);
        CasePresence.State after = entry.state();
        if (after == CasePresence.State.LEFT) {
            entries.remove(key);
        }
        return before == after ? Optional.empty() : Optional.of(new Announcement(caseId, username, entry.displayName, after));
    }
}
