package io.outpost.ingest.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns "what surges now" into "one suggestion per surge": a subject that starts surging starts a
 * surge (and its one {@code incident.suggested}); while it keeps surging, or pauses for less than
 * the quiet period, it is the same surge; after a whole quiet period without surging it ends, and a
 * later burst is a new surge. Checks may come in any order of time (replicas, tests looking at
 * other days): an open surge last seen more than a quiet period away from the check — before or
 * after — is over, so it never swallows an unrelated burst. A subject in one region and the same
 * subject in another (or with no region) are separate surges.
 */
public final class SurgeTracker {

    /** A surge not yet ended: its id, subject, region (null: none) and the end of the last window it was seen surging in. */
    public record Open(UUID id, String subject, String region, Instant lastSeen) {

        /** A surge without a region. */
        public Open(UUID id, String subject, Instant lastSeen) {
            this(id, subject, null, lastSeen);
        }

        String key() {
            return SurgeTracker.key(subject, region);
        }
    }

    /** A subject surging in the window ending at the check, in a region (null: posts without a known region). */
    public record Seen(String subject, String region, long posts, double usualPerWindow, List<UUID> samplePostIds) {

        /** A surge without a region. */
        public Seen(String subject, long posts, double usualPerWindow, List<UUID> samplePostIds) {
            this(subject, null, posts, usualPerWindow, samplePostIds);
        }

        String key() {
            return SurgeTracker.key(subject, region);
        }
    }

    private static String key(String subject, String region) {
        return region == null ? subject : subject + '\n' + region;
    }

    /** What a check changes. */
    public sealed interface Step permits Start, Continue, End {
    }

    /** A new surge: publish its suggestion. */
    public record Start(Seen surge) implements Step {
    }

    /** An open surge seen again: remember when (no new suggestion). */
    public record Continue(UUID id, Seen surge) implements Step {
    }

    /** An open surge that is over. */
    public record End(UUID id, Instant endedAt) implements Step {
    }

    private final Duration quietPeriod;

    public SurgeTracker(Duration quietPeriod) {
        if (quietPeriod.isNegative() || quietPeriod.isZero()) {
            throw new IllegalArgumentException("quiet period must be positive");
        }
        this.quietPeriod = quietPeriod;
    }

    /** The steps of a check at {@code at}: ends first, then continuations and starts. */
    public List<Step> plan(List<Open> open, List<Seen> surging, Instant at) {
        Map<String, Seen> seen = new HashMap<>();
        surging.forEach(s -> seen.putIfAbsent(s.key(), s));
        List<Step> steps = new ArrayList<>();
        Map<String, UUID> continuing = new HashMap<>();
        for (Open o : open) {
            boolean near = !at.isAfter(o.lastSeen().plus(quietPeriod)) && !at.isBefore(o.lastSeen().minus(quietPeriod));
            if (near && seen.containsKey(o.key()) && !continuing.containsKey(o.key())) {
                continuing.put(o.key(), o.id());
            } else if (!near) {
                Instant end = at.isAfter(o.lastSeen()) ? o.lastSeen().plus(quietPeriod) : o.lastSeen();
                steps.add(new End(o.id(), end));
            }
            // near but not surging right now: a pause shorter than the quiet period keeps it open.
        }
        for (Seen s : surging) {
            if (!seen.get(s.key()).equals(s)) {
                continue; // a subject listed twice (in one region) counts once
            }
            UUID id = continuing.get(s.key());
            steps.add(id != null ? new Continue(id, s) : new Start(s));
        }
        return steps;
    }
}
