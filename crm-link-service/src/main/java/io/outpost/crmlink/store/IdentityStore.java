package io.outpost.crmlink.store;

import io.outpost.contracts.Channel;
import io.outpost.crmlink.domain.HandleChange;
import io.outpost.crmlink.domain.HandleHistoryEntry;
import io.outpost.crmlink.domain.IdentityState;
import io.outpost.crmlink.domain.PublicProfile;
import io.outpost.crmlink.domain.Sighting;
import io.outpost.crmlink.domain.SocialIdentity;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Social identities and their handle history. {@link #learn} runs inside the caller's transaction
 * (the event inbox's), so the effect and the processed event id commit together.
 */
@ApplicationScoped
public class IdentityStore {

    /** Where a page starts: after the identity with this (learnedAt, id), newest first. */
    public record After(Instant learnedAt, UUID id) {
    }

    /** What an admin asks for: all filters optional. */
    public record Query(Channel channel, String handlePrefix, After after, int limit) {
    }

    private final Clock clock = Clock.systemUTC();

    /**
     * Applies one post of {@code platformUserId} on {@code channel} to its identity, with the
     * profile the post carried (null: none, the stored profile stays) and the account of ours it was
     * addressed to (null: not named, the stored one stays).
     */
    public Uni<Void> learn(Channel channel, String platformUserId, Sighting sighting, PublicProfile profile, UUID postId,
            String accountId) {
        return find(channel, platformUserId).chain(existing -> {
            if (existing == null) {
                SocialIdentity identity = new SocialIdentity();
                identity.id = UUID.randomUUID();
                identity.channel = channel.wireName();
                identity.platformUserId = platformUserId;
                identity.learnedAt = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
                identity.apply(IdentityState.firstSighting(sighting));
                identity.observeProfile(profile);
                identity.observeAccount(accountId, sighting.at());
                return identity.persist().replaceWithVoid();
            }
            IdentityState.Observed observed = existing.state().observe(sighting);
            existing.apply(observed.state());
            existing.observeProfile(profile);
            existing.observeAccount(accountId, sighting.at());
            return observed.handleChange()
                    .map(change -> record(existing.id, change, postId))
                    .orElseGet(() -> Uni.createFrom().voidItem());
        });
    }

    private Uni<Void> record(UUID identityId, HandleChange change, UUID postId) {
        HandleHistoryEntry entry = new HandleHistoryEntry();
        entry.id = UUID.randomUUID();
        entry.identityId = identityId;
        entry.oldHandle = change.oldHandle();
        entry.newHandle = change.newHandle();
        entry.changedAt = change.changedAt();
        entry.postId = postId;
        return entry.persist().replaceWithVoid();
    }

    public Uni<SocialIdentity> find(Channel channel, String platformUserId) {
        return SocialIdentity.<SocialIdentity>find("channel = ?1 and platformUserId = ?2", channel.wireName(), platformUserId)
                .firstResult();
    }

    @WithSession
    public Uni<SocialIdentity> findById(UUID id) {
        return SocialIdentity.findById(id);
    }

    @WithSession
    public Uni<List<HandleHistoryEntry>> history(UUID identityId) {
        return HandleHistoryEntry.list("identityId = ?1 order by changedAt, id", identityId);
    }

    /** One page, newest-learned first; asks for {@code limit} rows (the caller adds one to see if more follow). */
    @WithSession
    public Uni<List<SocialIdentity>> page(Query query) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (query.channel() != null) {
            where.add("channel = :channel");
            params.and("channel", query.channel().wireName());
        }
        if (query.handlePrefix() != null) {
            where.add("lower(handle) like :prefix escape '!'");
            params.and("prefix", likePrefix(query.handlePrefix()));
        }
        if (query.after() != null) {
            where.add("(learnedAt < :afterAt or (learnedAt = :afterAt and id < :afterId))");
            params.and("afterAt", query.after().learnedAt()).and("afterId", query.after().id());
        }
        String hql = (where.isEmpty() ? "" : String.join(" and ", where) + " ") + "order by learnedAt desc, id desc";
        return SocialIdentity.<SocialIdentity>find(hql, params).range(0, query.limit() - 1).list();
    }

    /** A LIKE pattern matching values that start with {@code prefix} literally ("%" and "_" are not wildcards). */
    static String likePrefix(String prefix) {
        String escaped = prefix.toLowerCase(java.util.Locale.ROOT)
                .replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return escaped + "%";
    }
}
