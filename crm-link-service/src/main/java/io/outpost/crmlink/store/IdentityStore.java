package io.outpost.crmlink.store;

import io.outpost.contracts.Channel;
import io.outpost.crmlink.domain.HandleHistoryEntry;
import io.outpost.crmlink.domain.IdentityLearning;
import io.outpost.crmlink.domain.SocialIdentity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Social identities and their handle history. {@link #learnAll} runs inside the caller's transaction
 * (the event inbox's), so the effect and the processed event ids commit together.
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
     * Applies the posts of a run (one poll's, or one) to their authors' identities, in the order given,
     * exactly as one post after the other would ({@link IdentityLearning}). Set-based: the run's stored
     * identities are read in one statement, and the flush writes the new ones, the changed ones (each
     * under its optimistic-lock version, so that a concurrent writer fails the run, which is retried on
     * fresh rows) and the handle changes, one statement batch per kind
     * ({@code quarkus.hibernate-orm.jdbc.statement-batch-size}). Runs inside the caller's transaction
     * (the event inbox's), so the effect and the processed event ids commit together.
     *
     * @return one entry per post, in the same order
     */
    public Uni<List<IdentityLearning.Learned>> learnAll(List<IdentityLearning.Post> posts) {
        if (posts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<String> channels = new LinkedHashSet<>();
        Set<String> users = new LinkedHashSet<>();
        for (IdentityLearning.Post post : posts) {
            channels.add(post.channel());
            users.add(post.platformUserId());
        }
        // Both lists at once: the unique (channel, platform_user_id) index serves it; the rare row of a
        // user id known on another channel of the run is read too, and ignored.
        return SocialIdentity.<SocialIdentity>list("platformUserId in ?1 and channel in ?2", users, channels)
                .chain(stored -> {
                    IdentityLearning.Outcome outcome = IdentityLearning.apply(stored, posts,
                            Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
                    // New identities before the handle changes that may name them (foreign key).
                    return Panache.getSession().chain(session -> persist(session, outcome.created())
                            .chain(() -> persist(session, outcome.handleChanges()))
                            .chain(session::flush))
                            .replaceWith(outcome.learned());
                });
    }

    private static Uni<Void> persist(Mutiny.Session session, List<?> entities) {
        return entities.isEmpty() ? Uni.createFrom().voidItem() : session.persistAll(entities.toArray());
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
