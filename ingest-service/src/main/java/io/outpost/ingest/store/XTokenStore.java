package io.outpost.ingest.store;

import io.outpost.ingest.domain.ChannelAccount;
import io.outpost.ingest.domain.CredentialsStatus;
import io.outpost.ingest.domain.XTokenRefresh;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * An X account's sealed OAuth tokens and the claim that decides who refreshes them. Every method is
 * one short transaction of its own: the call to X's token endpoint happens between them, never inside
 * one (no connection or lock is held while X answers).
 */
@ApplicationScoped
public class XTokenStore {

    /** The account's token row as the database holds it now (sealed values; never printed). */
    public record TokenRow(byte[] accessToken, byte[] refreshToken, Instant expiresAt, Instant claimedUntil) {

        public XTokenRefresh.Stored stored() {
            return new XTokenRefresh.Stored(accessToken, expiresAt, claimedUntil);
        }

        @Override
        public String toString() {
            return "TokenRow[expiresAt=" + expiresAt + ", claimedUntil=" + claimedUntil + "]";
        }
    }

    /**
     * Reads the row afresh (a scalar query, never an entity a session may have cached: another replica
     * may have rotated the tokens a moment ago); null when the account is gone.
     */
    public Uni<TokenRow> read(UUID accountId) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select a.accessToken, a.refreshToken, a.accessTokenExpiresAt, a.refreshClaimedUntil"
                                + " from ChannelAccount a where a.id = :id", Object[].class)
                .setParameter("id", accountId)
                .getResultList()))
                // positions as selected above
                .map(rows -> rows.isEmpty() ? null : new TokenRow((byte[]) rows.get(0)[0], (byte[]) rows.get(0)[1],
                        (Instant) rows.get(0)[2], (Instant) rows.get(0)[3]));
    }

    /**
     * Takes the refresh claim until {@code until} when nobody holds it (none, or expired at {@code now}):
     * a conditional update, so of several senders at once exactly one gets true.
     */
    public Uni<Boolean> claim(UUID accountId, Instant now, Instant until) {
        return Panache.withTransaction(() -> ChannelAccount.update(
                "refreshClaimedUntil = ?1 where id = ?2 and (refreshClaimedUntil is null or refreshClaimedUntil <= ?3)",
                until, accountId, now))
                .map(updated -> updated == 1);
    }

    /** Gives the claim back, if it is still the one taken until {@code until} (an expired one may be another's now). */
    public Uni<Void> release(UUID accountId, Instant until) {
        return Panache.withTransaction(() -> ChannelAccount.update(
                "refreshClaimedUntil = null where id = ?1 and refreshClaimedUntil = ?2", accountId, until))
                .replaceWithVoid();
    }

    /**
     * Stores what a refresh gave: the new access token, the rotated refresh token (the old one is spent at
     * X), the new expiry; the credentials are {@code ok}; the claim is released. Written whether or not
     * the claim is still ours: these are the only tokens X now honours for the account.
     */
    public Uni<Void> storeRefreshed(UUID accountId, byte[] accessToken, byte[] refreshToken, Instant expiresAt, Instant now) {
        return Panache.withTransaction(() -> ChannelAccount.update(
                "accessToken = ?1, refreshToken = ?2, accessTokenExpiresAt = ?3, refreshClaimedUntil = null,"
                        + " credentialsStatus = ?4, credentialsError = null, credentialsCheckedAt = ?5 where id = ?6",
                accessToken, refreshToken, expiresAt, CredentialsStatus.OK.wireName(), now, accountId))
                .replaceWithVoid();
    }
}
