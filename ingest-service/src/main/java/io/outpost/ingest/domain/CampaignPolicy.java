package io.outpost.ingest.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When one text from many new accounts is a coordinated campaign to hide: a post by a new account is
 * hidden when, counting its own author, at least {@code accounts} distinct new accounts posted the same
 * normalized text (the repeat rule's fingerprint, so the same minimum length) on the same channel within
 * {@code window} before it (by the platform's times). So the {@code accounts}-th new account's post is
 * the first one hidden; the earlier ones stay visible (one of them may be a real customer).
 *
 * <p>A new account is one created less than {@code newAccountAge} before the post. An author whose
 * account age is unknown (Meta's deliveries, imports, the post API) is never new: a burst of real
 * customers quoting the same outage message word for word must stay visible, and the only thing that
 * tells such a burst from a campaign here is the age of the accounts. Posts by old accounts neither
 * count nor are hidden by this rule.
 *
 * @param accounts      the distinct new accounts from which posts are hidden (at least 2)
 * @param window        how far back the other accounts' copies count
 * @param newAccountAge an account younger than this at the time of its post is new
 */
public record CampaignPolicy(int accounts, Duration window, Duration newAccountAge) {

    /**
     * One post's text for the campaign check.
     *
     * @param accountCreatedAt when the author's platform account was created; null when unknown
     */
    public record Copy(String channel, String author, String fingerprint, Instant createdAt, Instant accountCreatedAt) {
    }

    public CampaignPolicy {
        if (accounts < 2) {
            throw new IllegalArgumentException("campaign accounts must be at least 2 (one account is the repeat rule's), got "
                    + accounts);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("campaign window must be positive, got " + window);
        }
        if (newAccountAge.isNegative() || newAccountAge.isZero()) {
            throw new IllegalArgumentException("campaign new-account-age must be positive, got " + newAccountAge);
        }
    }

    /** Whether the account was new when it posted; an unknown creation time is never new. */
    public boolean isNew(Instant accountCreatedAt, Instant postedAt) {
        return accountCreatedAt != null && accountCreatedAt.isAfter(postedAt.minus(newAccountAge));
    }

    /** Whether this copy is by an account that was new when it posted. */
    public boolean isNew(Copy copy) {
        return isNew(copy.accountCreatedAt(), copy.createdAt());
    }

    /**
     * For each candidate (null: not checked), the distinct new accounts that posted its text on its
     * channel within the window before its time (inclusive), its own author included: among the stored
     * copies and the candidates before it in the batch, as if the batch had been stored one by one.
     * 0 for a candidate whose own account is not new (the rule does not apply to it).
     */
    public long[] newAccountsWithText(List<Copy> candidates, List<Copy> stored) {
        long[] counts = new long[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            Copy candidate = candidates.get(i);
            if (candidate == null || candidate.fingerprint() == null || !isNew(candidate)) {
                continue;
            }
            Set<String> authors = new HashSet<>();
            authors.add(candidate.author());
            for (Copy copy : stored) {
                if (counts(copy, candidate)) {
                    authors.add(copy.author());
                }
            }
            for (int j = 0; j < i; j++) {
                Copy earlier = candidates.get(j);
                if (earlier != null && counts(earlier, candidate)) {
                    authors.add(earlier.author());
                }
            }
            counts[i] = authors.size();
        }
        return counts;
    }

    private boolean counts(Copy copy, Copy candidate) {
        Instant from = candidate.createdAt().minus(window);
        return copy.channel().equals(candidate.channel()) && candidate.fingerprint().equals(copy.fingerprint())
                && !copy.createdAt().isBefore(from) && !copy.createdAt().isAfter(candidate.createdAt())
                && isNew(copy);
    }

    /** The reason to hide a post whose text {@code newAccounts} distinct new accounts posted within the window. */
    public Optional<String> hiddenReason(long newAccounts) {
        return newAccounts >= accounts
                ? Optional.of("spam: same text from " + newAccounts + " new accounts in " + describe(window))
                : Optional.empty();
    }

    /** A window in words for the reason: "10 minutes", "1 hour", "90 seconds". */
    static String describe(Duration duration) {
        long seconds = duration.getSeconds();
        if (duration.getNano() == 0 && seconds % 3600 == 0) {
            return plural(seconds / 3600, "hour");
        }
        if (duration.getNano() == 0 && seconds % 60 == 0) {
            return plural(seconds / 60, "minute");
        }
        return duration.getNano() == 0 ? plural(seconds, "second") : duration.toString();
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
