package io.outpost.ingest.store;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import io.outpost.ingest.domain.AcceptancePlan;
import io.outpost.ingest.domain.CampaignPolicy;
import io.outpost.ingest.domain.Enricher;
import io.outpost.ingest.domain.IncomingPost;
import io.outpost.ingest.domain.OwnAccounts;
import io.outpost.ingest.domain.Post;
import io.outpost.ingest.domain.PostText;
import io.outpost.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Accepts posts exactly once: the post row and its {@code post.ingested} event are written in one
 * transaction; a (channel, externalId) seen before returns the first post and publishes nothing.
 *
 * <p>Posts are accepted in batches ({@link #acceptAll}: a webhook delivery's posts, an import batch,
 * or one API post) with a fixed number of round trips per batch, not per post: one lookup of the
 * posts and their parents, one of our accounts among the authors, one lock and one lookup of earlier
 * copies for the repeat check (and one more for the campaign check when a new account posts), one
 * multi-row insert, then the outbox rows. {@link AcceptancePlan} decides in memory
 * what accepting them one by one would have decided.
 */
@ApplicationScoped
public class PostStore {

    /** The stored post and whether it was new. */
    public record Accepted(Post post, boolean duplicate) {
    }

    /** Rows per multi-row statement: PostgreSQL takes at most 65,535 parameters per statement. */
    static final int ROWS_PER_STATEMENT = 1000;
    private static final String POST_COLUMNS = "id, channel, external_id, conversation_key, author_platform_id, author_handle,"
            + " author_display_name, text, created_at, received_at, in_reply_to_external_id, visibility, from_own_account,"
            + " text_fingerprint, hidden_reason, intent, language, sentiment, author_account_created_at, region,"
            + " account_id";
    private static final int POST_COLUMN_COUNT = 21;
    /**
     * Names "the same text on a channel" among this database's two-key advisory locks (a key space of
     * its own: the surge check's and the outbox relay's single-key locks never meet it).
     */
    private static final int TEXT_LOCK_SPACE = 7_140_021;

    private final Outbox outbox;
    private final PostEnrichment enrichment;
    private final Clock clock;

    public PostStore(Outbox outbox, PostEnrichment enrichment) {
        this.outbox = outbox;
        this.enrichment = enrichment;
        this.clock = Clock.systemUTC();
    }

    /** One post in a transaction of its own; a racing duplicate (the unique key) is answered as a duplicate. */
    public Uni<Accepted> accept(IncomingPost incoming) {
        return accept(incoming, null);
    }

    /** The same, its {@code post.ingested} in the trace {@code traceParent} names (null: the current one). */
    public Uni<Accepted> accept(IncomingPost incoming, String traceParent) {
        return Panache.withTransaction(() -> acceptAll(List.of(incoming), Collections.singletonList(traceParent))
                        .map(all -> all.get(0)))
                // Two deliveries of one post racing: the loser's insert hits the unique key; it is a duplicate.
                // The transaction's session is gone, or (when shared) still holds the rejected insert: the
                // lookup runs in a session of its own, cleared so that it does not flush that insert again.
                .onFailure(UniqueViolations::isUniqueViolation)
                .recoverWithUni(() -> Panache.withSession(() -> Panache.getSession()
                        .invoke(Mutiny.Session::clear)
                        .chain(() -> find(incoming.channel(), incoming.externalId())))
                        .map(existing -> new Accepted(existing, true)));
    }

    /**
     * Accepts posts in order within the caller's transaction: the same outcome as accepting them one
     * after another (a reply finds a parent earlier in the list; the same id twice is one post and a
     * duplicate). A post racing in from another transaction makes the insert fail on the unique key:
     * the caller rolls back and accepts the posts one by one ({@link #accept}).
     */
    public Uni<List<Accepted>> acceptAll(List<IncomingPost> posts) {
        return acceptAll(posts, null);
    }

    /**
     * The same, each post's {@code post.ingested} in its own trace: {@code traceParents} holds each
     * post's W3C {@code traceparent} in the same order (the webhook delivery it came in, when one
     * transaction ingests several), an entry or the list null meaning the current context's.
     */
    public Uni<List<Accepted>> acceptAll(List<IncomingPost> posts, List<String> traceParents) {
        if (posts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (traceParents != null && traceParents.size() != posts.size()) {
            throw new IllegalArgumentException(traceParents.size() + " trace parents for " + posts.size() + " posts");
        }
        return storedPosts(AcceptancePlan.lookupKeys(posts)).chain(stored -> {
            List<AcceptancePlan.Step> steps = AcceptancePlan.plan(posts, stored, UUID::randomUUID);
            List<AcceptancePlan.Step> fresh = new ArrayList<>(steps.size());
            List<String> freshTraceParents = new ArrayList<>(steps.size());
            for (int i = 0; i < steps.size(); i++) {
                if (!steps.get(i).duplicate()) {
                    fresh.add(steps.get(i));
                    freshTraceParents.add(traceParents == null ? null : traceParents.get(i));
                }
            }
            if (fresh.isEmpty()) {
                return Uni.createFrom().item(steps.stream().map(PostStore::accepted).toList());
            }
            return ourAccountsAmong(fresh)
                    .chain(ours -> enrichment.enrichAll(fresh.stream().map(s -> s.incoming().text()).toList())
                            .chain(drafts -> {
                                List<Post> rows = new ArrayList<>(fresh.size());
                                for (AcceptancePlan.Step step : fresh) {
                                    rows.add(toPost(step, ours.isOwn(step.incoming()), ours.regionOf(step.incoming())));
                                }
                                return hiddenReasons(rows).chain(hidden -> {
                                    List<PostIngested> events = new ArrayList<>(rows.size());
                                    for (int i = 0; i < rows.size(); i++) {
                                        events.add(enriched(rows.get(i), fresh.get(i).incoming().authorProfile(),
                                                drafts.get(i), hidden.get(i)));
                                    }
                                    return insert(rows).chain(() -> publish(rows, events, freshTraceParents));
                                });
                            }))
                    .map(ignored -> steps.stream().map(PostStore::accepted).toList());
        });
    }

    public Uni<Post> find(Channel channel, String externalId) {
        return Post.<Post>find("channel = ?1 and externalId = ?2", channel.wireName(), externalId).firstResult();
    }

    private static Accepted accepted(AcceptancePlan.Step step) {
        Post post = new Post();
        post.id = step.stored().id();
        post.conversationKey = step.stored().conversationKey();
        post.channel = step.incoming().channel().wireName();
        post.externalId = step.incoming().externalId();
        return new Accepted(post, step.duplicate());
    }

    /** The stored posts among these keys: one statement per {@link #ROWS_PER_STATEMENT} keys. */
    private Uni<Map<AcceptancePlan.PostKey, AcceptancePlan.Stored>> storedPosts(Set<AcceptancePlan.PostKey> keys) {
        List<AcceptancePlan.PostKey> all = new ArrayList<>(keys);
        Map<AcceptancePlan.PostKey, AcceptancePlan.Stored> found = new HashMap<>();
        return Multi.createFrom().iterable(chunks(all)).onItem().transformToUniAndConcatenate(chunk -> {
            StringBuilder sql = new StringBuilder(
                    "select channel, external_id, cast(id as text), conversation_key from post where (channel, external_id) in (");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(:c").append(i).append(", :e").append(i).append(')');
            }
            sql.append(')');
            return Panache.getSession().chain(session -> {
                var query = session.createNativeQuery(sql.toString(), Object[].class);
                for (int i = 0; i < chunk.size(); i++) {
                    query.setParameter("c" + i, chunk.get(i).channel());
                    query.setParameter("e" + i, chunk.get(i).externalId());
                }
                return query.getResultList();
            }).invoke(rows -> rows.forEach(row -> found.put(new AcceptancePlan.PostKey((String) row[0], (String) row[1]),
                    new AcceptancePlan.Stored(UUID.fromString((String) row[2]), (String) row[3]))));
        }).collect().last().replaceWith(found);
    }

    /**
     * Our registered accounts among these posts' authors and the accounts they were delivered to.
     *
     * @param own     (post channel, author) pairs that are ours, including posts the adapter already
     *                marked ours (echoes)
     * @param regions region by (post channel, receiving account) pair, for the accounts registered with one
     */
    private record OurAccounts(Set<String> own, Map<String, String> regions) {

        boolean isOwn(IncomingPost post) {
            return own.contains(ownKey(post));
        }

        String regionOf(IncomingPost post) {
            return post.receivedOn() == null ? null : regions.get(post.channel().wireName() + '\n' + post.receivedOn());
        }
    }

    /**
     * Which of these posts' authors are our registered accounts on the post's channel, and the region of
     * the account each was delivered to: one lookup of the channel accounts among the authors and
     * receivers.
     */
    private Uni<OurAccounts> ourAccountsAmong(List<AcceptancePlan.Step> steps) {
        Set<String> own = new HashSet<>();
        Map<String, String> regions = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (AcceptancePlan.Step step : steps) {
            IncomingPost post = step.incoming();
            if (post.fromOwnAccount()) {
                own.add(ownKey(post));
            } else if (!ids.contains(post.authorPlatformId())) {
                ids.add(post.authorPlatformId());
            }
            if (post.receivedOn() != null && !ids.contains(post.receivedOn())) {
                ids.add(post.receivedOn());
            }
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().item(new OurAccounts(own, regions));
        }
        return Multi.createFrom().iterable(chunks(ids)).onItem().transformToUniAndConcatenate(chunk -> {
            StringBuilder sql = new StringBuilder(
                    "select channel, platform_account_id, region from channel_account where platform_account_id in (");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? ":a" : ", :a").append(i);
            }
            sql.append(')');
            return Panache.getSession().chain(session -> {
                var query = session.createNativeQuery(sql.toString(), Object[].class);
                for (int i = 0; i < chunk.size(); i++) {
                    query.setParameter("a" + i, chunk.get(i));
                }
                return query.getResultList();
            });
        }).collect().in(ArrayList<Object[]>::new, ArrayList::addAll).map(accounts -> {
            for (AcceptancePlan.Step step : steps) {
                IncomingPost post = step.incoming();
                for (Object[] account : accounts) {
                    boolean onChannel = OwnAccounts.accountChannelsFor(post.channel()).stream()
                            .anyMatch(c -> c.wireName().equals(account[0]));
                    if (onChannel && post.authorPlatformId().equals(account[1])) {
                        own.add(ownKey(post));
                    }
                    if (onChannel && account[2] != null && account[1].equals(post.receivedOn())) {
                        regions.put(post.channel().wireName() + '\n' + post.receivedOn(), (String) account[2]);
                    }
                }
            }
            return new OurAccounts(own, regions);
        });
    }

    private static String ownKey(IncomingPost post) {
        return post.channel().wireName() + '\n' + post.authorPlatformId();
    }

    /**
     * Sets each post's text fingerprint and answers, per post, why it is hidden as a bot's repeat or a
     * campaign's copy (or null). Repeats: the author's earlier copies of the same normalized text within
     * the repeat window (by the platform's times), stored or earlier in the batch, counted as
     * {@link AcceptancePlan#earlierCopies} does. Campaigns: the distinct new accounts that posted the text
     * on the channel within the campaign window ({@link CampaignPolicy#newAccountsWithText}); looked up
     * only when one of these posts is by a new account. Our own accounts' posts are never counted (a
     * reply template is not a bot).
     *
     * <p>Both counts read what other transactions committed; two copies committing at the same moment
     * would each miss the other (a campaign's accounts do post at once). So the texts are locked first,
     * per (channel, fingerprint), until this transaction ends: a concurrent transaction with the same
     * text waits, then counts this one's copies. Locks are taken in one order (sorted keys) so two
     * batches cannot wait for each other over them.
     */
    private Uni<List<String>> hiddenReasons(List<Post> rows) {
        List<AcceptancePlan.Copy> candidates = new ArrayList<>(rows.size());
        List<CampaignPolicy.Copy> campaignCandidates = new ArrayList<>(rows.size());
        List<AcceptancePlan.Copy> checked = new ArrayList<>();
        List<CampaignPolicy.Copy> byNewAccounts = new ArrayList<>();
        CampaignPolicy campaigns = enrichment.campaigns();
        for (Post post : rows) {
            String normalized = PostText.normalizedForRepeats(post.text);
            if (post.fromOwnAccount || !enrichment.repeats().applies(normalized)) {
                candidates.add(null);
                campaignCandidates.add(null);
                continue;
            }
            post.textFingerprint = PostText.fingerprint(normalized);
            AcceptancePlan.Copy copy = new AcceptancePlan.Copy(post.channel, post.authorPlatformId, post.textFingerprint,
                    post.createdAt);
            candidates.add(copy);
            checked.add(copy);
            CampaignPolicy.Copy campaignCopy = new CampaignPolicy.Copy(post.channel, post.authorPlatformId,
                    post.textFingerprint, post.createdAt, post.authorAccountCreatedAt);
            campaignCandidates.add(campaignCopy);
            if (campaigns.isNew(campaignCopy)) {
                byNewAccounts.add(campaignCopy);
            }
        }
        if (checked.isEmpty()) {
            return Uni.createFrom().item(candidates.stream().map(c -> (String) null).toList());
        }
        return lockTexts(checked)
                .chain(() -> storedRepeats(checked))
                .chain(repeats -> storedCampaignCopies(byNewAccounts).map(campaignCopies -> {
                    long[] earlier = AcceptancePlan.earlierCopies(candidates, repeats, enrichment.repeats().window());
                    long[] newAccounts = campaigns.newAccountsWithText(campaignCandidates, campaignCopies);
                    List<String> reasons = new ArrayList<>(candidates.size());
                    for (int i = 0; i < candidates.size(); i++) {
                        if (candidates.get(i) == null) {
                            reasons.add(null);
                            continue;
                        }
                        // A bot's own repeat says more than the campaign it may be part of: it wins.
                        long accounts = newAccounts[i];
                        reasons.add(enrichment.repeats().hiddenReason(earlier[i])
                                .or(() -> campaigns.hiddenReason(accounts))
                                .orElse(null));
                    }
                    return reasons;
                }));
    }

    /** Transaction-scoped locks on these texts (channel and fingerprint), in ascending key order. */
    private Uni<Void> lockTexts(List<AcceptancePlan.Copy> copies) {
        int[] keys = copies.stream().mapToInt(c -> (c.channel() + '\n' + c.fingerprint()).hashCode()).distinct().sorted().toArray();
        List<Integer> all = Arrays.stream(keys).boxed().toList();
        return Multi.createFrom().iterable(chunks(all)).onItem().transformToUniAndConcatenate(chunk -> {
            // Volatile functions in the select list are evaluated after the sort: the locks are taken in key order.
            StringBuilder sql = new StringBuilder("select pg_advisory_xact_lock(:space, k) from (values ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(cast(:k").append(i).append(" as integer))");
            }
            sql.append(") as texts(k) order by k");
            return Panache.getSession().chain(session -> {
                var query = session.createNativeQuery(sql.toString()).setParameter("space", TEXT_LOCK_SPACE);
                for (int i = 0; i < chunk.size(); i++) {
                    query.setParameter("k" + i, chunk.get(i));
                }
                return query.getResultList();
            });
        }).collect().last().replaceWithVoid();
    }

    /** The stored copies of these authors' texts within the repeat window before the batch's times. */
    private Uni<List<AcceptancePlan.Copy>> storedRepeats(List<AcceptancePlan.Copy> checked) {
        return Multi.createFrom().iterable(chunks(checked)).onItem().transformToUniAndConcatenate(chunk -> {
            StringBuilder sql = new StringBuilder("select channel, author_platform_id, text_fingerprint,"
                    + " cast(extract(epoch from created_at) * 1000000 as bigint) from post"
                    + " where text_fingerprint is not null and created_at >= :from and created_at <= :to"
                    + " and (channel, author_platform_id, text_fingerprint) in (");
            Instant from = null;
            Instant to = null;
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(:c").append(i).append(", :a").append(i).append(", :f").append(i).append(')');
                Instant at = chunk.get(i).createdAt();
                from = from == null || at.isBefore(from) ? at : from;
                to = to == null || at.isAfter(to) ? at : to;
            }
            sql.append(')');
            Instant earliest = from.minus(enrichment.repeats().window());
            Instant latest = to;
            return Panache.getSession().chain(session -> {
                var query = session.createNativeQuery(sql.toString(), Object[].class)
                        .setParameter("from", earliest)
                        .setParameter("to", latest);
                for (int i = 0; i < chunk.size(); i++) {
                    query.setParameter("c" + i, chunk.get(i).channel());
                    query.setParameter("a" + i, chunk.get(i).author());
                    query.setParameter("f" + i, chunk.get(i).fingerprint());
                }
                return query.getResultList();
            });
        }).collect().in(ArrayList<Object[]>::new, ArrayList::addAll).map(found -> found.stream()
                .map(row -> new AcceptancePlan.Copy((String) row[0], (String) row[1], (String) row[2],
                        micros(((Number) row[3]).longValue())))
                .toList());
    }

    /**
     * The stored copies of these texts, on their channels within the campaign window before the batch's
     * times, by accounts that were new when they posted (the database narrows, {@link CampaignPolicy}
     * decides). None to look for when no post of the batch is by a new account.
     */
    private Uni<List<CampaignPolicy.Copy>> storedCampaignCopies(List<CampaignPolicy.Copy> byNewAccounts) {
        if (byNewAccounts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        CampaignPolicy campaigns = enrichment.campaigns();
        return Multi.createFrom().iterable(chunks(byNewAccounts)).onItem().transformToUniAndConcatenate(chunk -> {
            StringBuilder sql = new StringBuilder("select channel, author_platform_id, text_fingerprint,"
                    + " cast(extract(epoch from created_at) * 1000000 as bigint),"
                    + " cast(extract(epoch from author_account_created_at) * 1000000 as bigint) from post"
                    + " where text_fingerprint is not null and author_account_created_at is not null"
                    + " and created_at >= :from and created_at <= :to"
                    + " and author_account_created_at > created_at - make_interval(secs => cast(:age as double precision))"
                    + " and (channel, text_fingerprint) in (");
            Instant from = null;
            Instant to = null;
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(:c").append(i).append(", :f").append(i).append(')');
                Instant at = chunk.get(i).createdAt();
                from = from == null || at.isBefore(from) ? at : from;
                to = to == null || at.isAfter(to) ? at : to;
            }
            sql.append(')');
            Instant earliest = from.minus(campaigns.window());
            Instant latest = to;
            return Panache.getSession().chain(session -> {
                var query = session.createNativeQuery(sql.toString(), Object[].class)
                        .setParameter("from", earliest)
                        .setParameter("to", latest)
                        .setParameter("age", (double) campaigns.newAccountAge().getSeconds());
                for (int i = 0; i < chunk.size(); i++) {
                    query.setParameter("c" + i, chunk.get(i).channel());
                    query.setParameter("f" + i, chunk.get(i).fingerprint());
                }
                return query.getResultList();
            });
        }).collect().in(ArrayList<Object[]>::new, ArrayList::addAll).map(found -> found.stream()
                .map(row -> new CampaignPolicy.Copy((String) row[0], (String) row[1], (String) row[2],
                        micros(((Number) row[3]).longValue()), micros(((Number) row[4]).longValue())))
                .toList());
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** The enrichment the event carries, also kept on the row (surges are counted from it). */
    private static PostIngested enriched(Post post, PostIngested.Profile profile, Enricher.Draft draft, String hidden) {
        PostIngested.Enrichment enriched = draft.toEnrichment(hidden);
        if (enriched != null) {
            post.hiddenReason = enriched.hiddenReason();
            post.intent = enriched.intent();
            post.language = enriched.language();
            post.sentiment = enriched.sentiment();
        }
        return toEvent(post, profile, enriched);
    }

    /** The new posts, {@link #ROWS_PER_STATEMENT} rows per insert statement. */
    private Uni<Void> insert(List<Post> rows) {
        return Multi.createFrom().iterable(chunks(rows)).onItem().transformToUniAndConcatenate(chunk -> {
            StringBuilder sql = new StringBuilder("insert into post (").append(POST_COLUMNS).append(") values ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "(" : ", (");
                for (int c = 0; c < POST_COLUMN_COUNT; c++) {
                    sql.append(c == 0 ? ":p" : ", :p").append(i).append('_').append(c);
                }
                sql.append(')');
            }
            return Panache.getSession().chain(session -> {
                var query = session.createNativeQuery(sql.toString());
                for (int i = 0; i < chunk.size(); i++) {
                    Post p = chunk.get(i);
                    Object[] values = {p.id, p.channel, p.externalId, p.conversationKey, p.authorPlatformId, p.authorHandle,
                            p.authorDisplayName, p.text, p.createdAt, p.receivedAt, p.inReplyToExternalId, p.visibility,
                            p.fromOwnAccount, p.textFingerprint, p.hiddenReason, p.intent, p.language, p.sentiment,
                            p.authorAccountCreatedAt, p.region, p.accountId};
                    for (int c = 0; c < values.length; c++) {
                        query.setParameter("p" + i + '_' + c, values[c]);
                    }
                }
                return query.executeUpdate();
            });
        }).collect().last().replaceWithVoid();
    }

    /** Their events into the outbox, in order (the relay publishes in that order), each in its post's trace. */
    private Uni<Void> publish(List<Post> rows, List<PostIngested> events, List<String> traceParents) {
        return Multi.createFrom().range(0, rows.size())
                .onItem().transformToUniAndConcatenate(i -> outbox.add(new Outbox.Event(Topics.POSTS,
                        rows.get(i).conversationKey, EventTypes.POST_INGESTED, events.get(i), traceParents.get(i))))
                .collect().last().replaceWithVoid();
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int start = 0; start < all.size(); start += ROWS_PER_STATEMENT) {
            chunks.add(all.subList(start, Math.min(all.size(), start + ROWS_PER_STATEMENT)));
        }
        return chunks;
    }

    private Post toPost(AcceptancePlan.Step step, boolean fromOwnAccount, String region) {
        IncomingPost in = step.incoming();
        Post post = new Post();
        post.id = step.stored().id();
        post.channel = in.channel().wireName();
        post.externalId = in.externalId();
        post.conversationKey = step.stored().conversationKey();
        post.authorPlatformId = in.authorPlatformId();
        post.authorHandle = in.authorHandle();
        post.authorDisplayName = in.authorDisplayName();
        post.text = in.text();
        post.createdAt = in.createdAt();
        post.receivedAt = Instant.now(clock);
        post.inReplyToExternalId = in.inReplyToExternalId();
        post.visibility = (in.visibility() == null ? Visibility.PUBLIC : in.visibility()).wireName();
        post.fromOwnAccount = fromOwnAccount;
        post.region = region;
        post.accountId = in.receivedOn();
        // Microseconds: what PostgreSQL keeps, so a post counted from memory and from the table agree.
        post.authorAccountCreatedAt = in.authorProfile() == null || in.authorProfile().accountCreatedAt() == null ? null
                : in.authorProfile().accountCreatedAt().truncatedTo(ChronoUnit.MICROS);
        return post;
    }

    static PostIngested toEvent(Post post, PostIngested.Profile profile, PostIngested.Enrichment enrichment) {
        return new PostIngested(post.id, Channel.fromWire(post.channel), post.externalId, post.conversationKey,
                new PostIngested.Author(post.authorPlatformId, post.authorHandle, post.authorDisplayName, profile),
                post.text, post.createdAt, post.receivedAt, post.inReplyToExternalId,
                Visibility.fromWire(post.visibility), post.fromOwnAccount, enrichment, post.accountId);
    }
}
