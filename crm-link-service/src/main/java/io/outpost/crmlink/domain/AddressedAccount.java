package io.outpost.crmlink.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The account of ours a person last wrote to on a channel: the platform id of our X account, Facebook
 * page or Instagram account that ingest-service names in {@code post.ingested.accountId}. A consent
 * request DM goes out from it ({@code outbound.requested.accountId}), so the person hears from the
 * account they are talking to; none known means the channel's default account.
 *
 * <p>Latest by the post's platform time, not by arrival: one author's posts travel in different
 * conversations, on different partitions, and arrive out of order (as for the handle,
 * {@link IdentityState}). A post at least as recent as the one that named the stored account replaces
 * it; an older one that arrives late does not. A post whose delivery names no account (an import, the
 * generic API) says nothing about which account the person talks to and leaves it as it is.
 *
 * @param accountId the platform id of our channel account
 * @param seenAt    the platform time of the post that named it
 */
public record AddressedAccount(String accountId, Instant seenAt) {

    public AddressedAccount {
        Objects.requireNonNull(seenAt, "seenAt");
        if (accountId == null || accountId.isBlank()) {
            throw new IllegalArgumentException("an addressed account needs its id");
        }
        accountId = accountId.strip();
    }

    /**
     * The account after a post of the person.
     *
     * @param known         what was known before, null when none
     * @param postAccountId the account the post was addressed to, null or blank when its delivery named none
     * @param postedAt      the post's platform time
     */
    public static AddressedAccount after(AddressedAccount known, String postAccountId, Instant postedAt) {
        if (postAccountId == null || postAccountId.isBlank() || postedAt == null) {
            return known;
        }
        if (known != null && postedAt.isBefore(known.seenAt())) {
            return known;
        }
        return new AddressedAccount(postAccountId, postedAt);
    }
}
