package io.outpost.crmlink.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * What is known about one social identity, and how a new post changes it. Posts of one author
 * arrive out of platform-time order (different conversations travel on different partitions), so
 * only a post at least as recent as the latest one seen may replace the handle or display name; an
 * older post that arrives late still counts and can move first-seen back, but never rewrites the
 * current handle or the history. A handle change is the first post seen under a new handle, and it
 * is one change however many posts follow under that handle. A change only of letter case ("Dana"
 * to "dana") updates the spelling without being a change: platforms compare handles
 * case-insensitively.
 *
 * @param handle      the current handle, null while no post has shown one
 * @param displayName the current display name, null while unknown
 * @param firstSeenAt platform time of the earliest post seen
 * @param lastSeenAt  platform time of the latest post seen
 * @param postCount   posts seen
 */
public record IdentityState(String handle, String displayName, Instant firstSeenAt, Instant lastSeenAt, long postCount) {

    /** The outcome of one post: the new state and the handle change it revealed, if any. */
    public record Observed(IdentityState state, Optional<HandleChange> handleChange) {
    }

    /** The state after the first post of an identity. */
    public static IdentityState firstSighting(Sighting s) {
        return new IdentityState(s.handle(), s.displayName(), s.at(), s.at(), 1);
    }

    public Observed observe(Sighting s) {
        Instant first = s.at().isBefore(firstSeenAt) ? s.at() : firstSeenAt;
        long count = postCount + 1;
        if (s.at().isBefore(lastSeenAt)) {
            // A late post: it may fill a gap, never overwrite what a newer post showed.
            return new Observed(new IdentityState(handle == null ? s.handle() : handle,
                    displayName == null ? s.displayName() : displayName, first, lastSeenAt, count), Optional.empty());
        }
        String newDisplayName = s.displayName() == null ? displayName : s.displayName();
        Optional<HandleChange> change = Optional.empty();
        String newHandle = handle;
        if (s.handle() != null) {
            if (handle != null && !Handles.same(handle, s.handle())) {
                change = Optional.of(new HandleChange(handle, s.handle(), s.at()));
            }
            newHandle = s.handle();
        }
        return new Observed(new IdentityState(newHandle, newDisplayName, first, s.at(), count), change);
    }
}
