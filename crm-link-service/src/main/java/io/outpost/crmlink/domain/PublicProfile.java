package io.outpost.crmlink.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The public profile an identity's platform sent with a post (X's user object; Meta sends none):
 * the author's own, unverified words, kept as the latest seen. Each field may be unknown. Text is
 * stripped and cut to a length bound (a profile field is short on every platform; the bound keeps
 * a malformed event from storing a book), a negative follower count is unknown.
 *
 * @param location         free-text location ("Leeds, UK"); read as matching evidence by {@link ProfileLocation}
 * @param description      the bio
 * @param url              the link on the profile
 * @param accountCreatedAt when the platform account was created
 * @param followersCount   followers at the time of the post
 * @param verified         whether the platform marks the account verified
 * @param seenAt           platform time of the post that carried this profile
 */
public record PublicProfile(String location, String description, String url, Instant accountCreatedAt,
        Integer followersCount, Boolean verified, Instant seenAt) {

    static final int MAX_LOCATION = 200;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_URL = 2000;

    public PublicProfile {
        Objects.requireNonNull(seenAt, "a profile needs the time of the post that carried it");
        location = text(location, MAX_LOCATION);
        description = text(description, MAX_DESCRIPTION);
        url = text(url, MAX_URL);
        followersCount = followersCount == null || followersCount < 0 ? null : followersCount;
    }

    /**
     * The profile a post carried, or null when it carried nothing: a post without a profile (or with
     * an empty one) teaches nothing about it and leaves what is stored alone.
     */
    public static PublicProfile seen(String location, String description, String url, Instant accountCreatedAt,
            Integer followersCount, Boolean verified, Instant postedAt) {
        PublicProfile p = new PublicProfile(location, description, url, accountCreatedAt, followersCount, verified,
                postedAt);
        return p.isEmpty() ? null : p;
    }

    /**
     * Which profile to keep: the one from the more recent post (platform time; at equal times the
     * one that arrived later), so a late older post never overwrites a newer profile. A newer
     * profile replaces the stored one as a whole: a field it leaves out was cleared by the author.
     * Either may be null (none known / none carried).
     */
    public static PublicProfile latest(PublicProfile stored, PublicProfile seen) {
        if (seen == null) {
            return stored;
        }
        if (stored == null || !seen.seenAt.isBefore(stored.seenAt)) {
            return seen;
        }
        return stored;
    }

    /** True when no field is known. */
    public boolean isEmpty() {
        return location == null && description == null && url == null && accountCreatedAt == null
                && followersCount == null && verified == null;
    }

    private static String text(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String s = value.strip();
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max));
    }
}
