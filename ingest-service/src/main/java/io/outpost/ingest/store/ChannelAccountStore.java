package io.outpost.ingest.store;

import io.outpost.contracts.Channel;
import io.outpost.ingest.domain.ChannelAccount;
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
     * The fields an admin sets; the same for create and update. {@code signingSecret} is in clear only
     * here, on its way to being sealed; null on an update keeps the stored one.
     */
    public record Fields(Channel channel, String platformAccountId, String handle, String displayName,
            String credentialsRef, String region, String endpointUrl, String signingSecret) {

        /** Never prints the signing secret. */
        @Override
        public String toString() {
            return "Fields[channel=" + channel + ", platformAccountId=" + platformAccountId + ", endpointUrl=" + endpointUrl
                    + ", signingSecret=" + (signingSecret == null ? "absent" : "(given)") + "]";
        }
    }

    /** Where a page starts: after the account with this (createdAt, id), oldest first. */
    public record After(Instant createdAt, UUID id) {
    }

    private final Clock clock = Clock.systemUTC();
    private final AccountSecrets secrets;

    public ChannelAccountStore(AccountSecrets secrets) {
        this.secrets = secrets;
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
        apply(account, fields, now);
        return Panache.withTransaction(() -> account.<ChannelAccount>persist())
                .onFailure(UniqueViolations::isUniqueViolation).transform(e -> duplicate(fields));
    }

    /** Replaces an account's fields; null when there is no such account; 409 on a clash with another account. */
    public Uni<ChannelAccount> update(UUID id, Fields fields) {
        return Panache.withTransaction(() -> ChannelAccount.<ChannelAccount>findById(id)
                .onItem().ifNotNull().invoke(account -> {
                    requireSigningSecret(fields, account);
                    apply(account, fields, now());
                }))
                .onFailure(UniqueViolations::isUniqueViolation).transform(e -> duplicate(fields));
    }

    /** True when there was such an account. */
    public Uni<Boolean> delete(UUID id) {
        return Panache.withTransaction(() -> ChannelAccount.deleteById(id));
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
