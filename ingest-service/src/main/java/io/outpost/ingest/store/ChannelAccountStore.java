package io.outpost.ingest.store;

import io.outpost.contracts.Channel;
import io.outpost.ingest.domain.ChannelAccount;
import io.outpost.ingest.domain.CredentialsStatus;
import io.outpost.kit.api.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The brand's own channel accounts: admin CRUD, and the "is this author us?" question of ingestion. */
@ApplicationScoped
public class ChannelAccountStore {

    /**
     * The fields an admin sets; the same for create and update. {@code signingSecret} and {@code oauth}
     * are in clear only here, on their way to being sealed; null on an update keeps the stored ones.
     */
    public record Fields(Channel channel, String platformAccountId, String handle, String displayName,
            String credentialsRef, String region, String endpointUrl, String signingSecret, XOAuth oauth) {

        /** Never prints the signing secret or the tokens. */
        @Override
        public String toString() {
            return "Fields[channel=" + channel + ", platformAccountId=" + platformAccountId + ", endpointUrl=" + endpointUrl
                    + ", signingSecret=" + (signingSecret == null ? "absent" : "(given)") + ", oauth=" + oauth + "]";
        }
    }

    /** An X account's OAuth 2.0 user tokens in clear, on their way to being sealed. */
    public record XOAuth(String accessToken, String refreshToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "XOAuth[tokens redacted, expiresAt=" + expiresAt + "]";
        }
    }

    /** Where a page starts: after the account with this (createdAt, id), oldest first. */
    public record After(Instant createdAt, UUID id) {
    }

    private final Clock clock = Clock.systemUTC();
    private final AccountSecrets secrets;
    private final CredentialsHealth health;

    public ChannelAccountStore(AccountSecrets secrets, CredentialsHealth health) {
        this.secrets = secrets;
        this.health = health;
    }

    @WithSession
    public Uni<List<ChannelAccount>> page(Channel channel, After after, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (channel != null) {
            where.add("channel = :channel");
            params.and("channel", channel.wireName());
        }
        if (after != null) {
            where.add("(createdAt > :afterAt or (createdAt = :afterAt and id > :afterId))");
            params.and("afterAt", after.createdAt()).and("afterId", after.id());
        }
        Sort sort = Sort.by("createdAt").and("id");
        var query = where.isEmpty()
                ? ChannelAccount.<ChannelAccount>findAll(sort)
                : ChannelAccount.<ChannelAccount>find(String.join(" and ", where), sort, params);
        return query.page(0, limit).list();
    }

    @WithSession
    public Uni<ChannelAccount> findById(UUID id) {
        return ChannelAccount.findById(id);
    }

    /** A new account; 409 when (channel, platformAccountId) is registered already. */
    public Uni<ChannelAccount> create(Fields fields) {
        requireSigningSecret(fields, null);
        Instant now = now();
        ChannelAccount account = new ChannelAccount();
        account.id = UUID.randomUUID();
        account.createdAt = now;
        account.credentialsStatus = CredentialsStatus.UNKNOWN.wireName();
        apply(account, fields, now);
        return Panache.withTransaction(() -> account.<ChannelAccount>persist())
                .onFailure(UniqueViolations::isUniqueViolation).transform(e -> duplicate(fields))
                .invoke(created -> health.show(created.channel, created.platformAccountId, CredentialsStatus.UNKNOWN));
    }

    /** Replaces an account's fields; null when there is no such account; 409 on a clash with another account. */
    public Uni<ChannelAccount> update(UUID id, Fields fields) {
        String[] before = new String[2];
        return Panache.withTransaction(() -> ChannelAccount.<ChannelAccount>findById(id)
                .onItem().ifNotNull().invoke(account -> {
                    requireSigningSecret(fields, account);
                    before[0] = account.channel;
                    before[1] = account.platformAccountId;
                    apply(account, fields, now());
                }))
                .onFailure(UniqueViolations::isUniqueViolation).transform(e -> duplicate(fields))
                .invoke(account -> {
                    if (account != null) {
                        if (!before[0].equals(account.channel) || !before[1].equals(account.platformAccountId)) {
                            health.forget(before[0], before[1]);
                        }
                        health.show(account.channel, account.platformAccountId, CredentialsStatus.fromWire(account.credentialsStatus));
                    }
                });
    }

    /** True when there was such an account. */
    public Uni<Boolean> delete(UUID id) {
        return Panache.withTransaction(() -> ChannelAccount.<ChannelAccount>findById(id)
                .chain(account -> account == null ? Uni.createFrom().item(false)
                        : account.delete().invoke(() -> health.forget(account.channel, account.platformAccountId)).replaceWith(true)));
    }

    /**
     * A forum endpoint is never called unsigned: it needs a secret, given now or stored before (and
     * still an account of the same channel: a secret does not carry over to another channel).
     */
    private static void requireSigningSecret(Fields fields, ChannelAccount existing) {
        boolean stored = existing != null && existing.signingSecret != null && existing.channel.equals(fields.channel().wireName());
        if (fields.endpointUrl() != null && fields.signingSecret() == null && !stored) {
            throw ApiException.badRequest("signingSecret is required with endpointUrl: replies to the forum are always signed");
        }
    }

    private void apply(ChannelAccount account, Fields fields, Instant now) {
        boolean channelChanged = account.channel != null && !account.channel.equals(fields.channel().wireName());
        boolean credentialsChanged = channelChanged || fields.signingSecret() != null || fields.oauth() != null
                || !java.util.Objects.equals(account.credentialsRef, fields.credentialsRef())
                || !java.util.Objects.equals(account.endpointUrl, fields.endpointUrl());
        account.channel = fields.channel().wireName();
        account.platformAccountId = fields.platformAccountId();
        account.handle = fields.handle();
        account.displayName = fields.displayName();
        account.credentialsRef = fields.credentialsRef();
        account.region = fields.region();
        account.endpointUrl = fields.endpointUrl();
        if (fields.signingSecret() != null) {
            // Rotation is setting a new one: the old one stops signing at this commit.
            account.signingSecret = secrets.seal(account.id, AccountSecrets.FORUM_SIGNING_SECRET, fields.signingSecret());
            account.signingSecretSetAt = now;
        } else if (channelChanged) {
            account.signingSecret = null;
            account.signingSecretSetAt = null;
        }
        if (fields.oauth() != null) {
            // New tokens replace the stored pair whole (a refresh token from another grant would not match).
            account.accessToken = secrets.seal(account.id, AccountSecrets.X_ACCESS_TOKEN, fields.oauth().accessToken());
            account.refreshToken = secrets.seal(account.id, AccountSecrets.X_REFRESH_TOKEN, fields.oauth().refreshToken());
            account.accessTokenExpiresAt = fields.oauth().expiresAt().truncatedTo(ChronoUnit.MICROS);
            account.refreshClaimedUntil = null;
        } else if (channelChanged) {
            account.accessToken = null;
            account.refreshToken = null;
            account.accessTokenExpiresAt = null;
            account.refreshClaimedUntil = null;
        }
        if (credentialsChanged) {
            // New credentials: nobody has tried them yet.
            CredentialsStatus.after(CredentialsStatus.State.of(account.credentialsStatus, account.credentialsError),
                    new CredentialsStatus.Replaced()).ifPresent(next -> {
                        account.credentialsStatus = next.status().wireName();
                        account.credentialsError = next.error();
                        account.credentialsCheckedAt = null;
                    });
        }
        account.updatedAt = now;
    }

    private static ApiException duplicate(Fields fields) {
        return ApiException.conflict("a " + fields.channel().wireName() + " account with platformAccountId '"
                + fields.platformAccountId() + "' is registered already");
    }

    /** Microseconds: what PostgreSQL keeps, so a cursor built from a returned row matches the stored one. */
    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
