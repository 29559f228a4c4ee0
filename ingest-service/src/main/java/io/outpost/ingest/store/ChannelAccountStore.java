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

    /** The fields an admin sets; the same for create and update. */
    public record Fields(Channel channel, String platformAccountId, String handle, String displayName,
            String credentialsRef, String region) {
    }

    /** Where a page starts: after the account with this (createdAt, id), oldest first. */
    public record After(Instant createdAt, UUID id) {
    }

    private final Clock clock = Clock.systemUTC();

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
                .onItem().ifNotNull().invoke(account -> apply(account, fields, now())))
                .onFailure(UniqueViolations::isUniqueViolation).transform(e -> duplicate(fields));
    }

    /** True when there was such an account. */
    public Uni<Boolean> delete(UUID id) {
        return Panache.withTransaction(() -> ChannelAccount.deleteById(id));
    }

    /**
     * Whether {@code platformUserId} is one of our accounts for a post on {@code channel}. Runs in the
     * caller's session (the post's transaction).
     */
    private static void apply(ChannelAccount account, Fields fields, Instant now) {
        account.channel = fields.channel().wireName();
        account.platformAccountId = fields.platformAccountId();
        account.handle = fields.handle();
        account.displayName = fields.displayName();
        account.credentialsRef = fields.credentialsRef();
        account.region = fields.region();
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
