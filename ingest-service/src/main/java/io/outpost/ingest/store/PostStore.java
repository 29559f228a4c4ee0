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
import io.outpost.kit.sql.SqlRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

    /*
     * Every statement below handles all of a batch's posts at once: its rows travel as one array per
     * column (SqlRows), so each statement has one SQL text whatever the batch size.
     */
    private static final SqlRows<AcceptancePlan.PostKey> POST_KEYS = SqlRows.<AcceptancePlan.PostKey>named("k")
            .column("channel", "text", AcceptancePlan.PostKey::channel)
            .column("external_id", "text", AcceptancePlan.PostKey::externalId);
    private static final String STORED_POSTS = "select channel, external_id, cast(id as text), conversation_key from post"
            + " where (channel, external_id) in (select k.channel, k.external_id from " + POST_KEYS.table() + ")";
    private static final SqlRows<String> ACCOUNT_IDS = SqlRows.<String>named("a").column("platform_account_id", "text", id -> id);
    private static final String ACCOUNTS = "select channel, platform_account_id, region from channel_account"
            + " where platform_account_id in (select a.platform_account_id from " + ACCOUNT_IDS.table() + ")";
    private static final SqlRows<Integer> TEXT_KEYS = SqlRows.<Integer>named("t").column("k", "integer", k -> k);
    /** Volatile functions in the select list are evaluated after the sort: the locks are taken in key order. */
    private static final String LOCK_TEXTS = "select pg_advisory_xact_lock(:space, t.k) from " + TEXT_KEYS.table() + " order by t.k";
    private static final SqlRows<AcceptancePlan.Copy> AUTHOR_TEXTS = SqlRows.<AcceptancePlan.Copy>named("c")
            .column("channel", "text", AcceptancePlan.Copy::channel)
            .column("author_platform_id", "text", AcceptancePlan.Copy::author)
            .column("text_fingerprint", "text", AcceptancePlan.Copy::fingerprint);
    private static final String STORED_REPEATS = "select channel, author_platform_id, text_fingerprint,"
            + " cast(extract(epoch from created_at) * 1000000 as bigint) from post"
            + " where text_fingerprint is not null and created_at >= :from and created_at <= :to"
            + " and (channel, author_platform_id, text_fingerprint) in (select c.channel, c.author_platform_id, c.text_fingerprint"
            + " from " + AUTHOR_TEXTS.table() + ")";
    private static final SqlRows<CampaignPolicy.Copy> CHANNEL_TEXTS = SqlRows.<CampaignPolicy.Copy>named("c")
            .column("channel", "text", CampaignPolicy.Copy::channel)
            .column("text_fingerprint", "text", CampaignPolicy.Copy::fingerprint);
    private static final String STORED_CAMPAIGN_COPIES = "select channel, author_platform_id, text_fingerprint,"
            + " cast(extract(epoch from created_at) * 1000000 as bigint),"
            + " cast(extract(epoch from author_account_created_at) * 1000000 as bigint) from post"
            + " where text_fingerprint is not null and author_account_created_at is not null"
            + " and created_at >= :from and created_at <= :to"
            + " and author_account_created_at > created_at - make_interval(secs => cast(:age as double precision))"
            + " and (channel, text_fingerprint) in (select c.channel, c.text_fingerprint from " + CHANNEL_TEXTS.table() + ")";
    private static final SqlRows<Post> POSTS = SqlRows.<Post>named("p")
            .column("id", "uuid", p -> p.id)
            .column("channel", "text", p -> p.channel)
            .column("external_id", "text", p -> p.externalId)
            .column("conversation_key", "text", p -> p.conversationKey)
            .column("author_platform_id", "text", p -> p.authorPlatformId)
            .column("author_handle", "text", p -> p.authorHandle)
            .column("author_display_name", "text", p -> p.authorDisplayName)
            .column("text", "text", p -> p.text)
            .column("created_at", "timestamptz", p -> p.createdAt)
            .column("received_at", "timestamptz", p -> p.receivedAt)
            .column("in_reply_to_external_id", "text", p -> p.inReplyToExternalId)
            .column("visibility", "text", p -> p.visibility)
            .column("from_own_account", "boolean", p -> p.fromOwnAccount)
            .column("text_fingerprint", "text", p -> p.textFingerprint)
            .column("hidden_reason", "text", p -> p.hiddenReason)
            .column("intent", "text", p -> p.intent)
            .column("language", "text", p -> p.language)
            .column("sentiment", "double precision", p -> p.sentiment)
            .column("author_account_created_at", "timestamptz", p -> p.authorAccountCreatedAt)
            .column("region", "text", p -> p.region)
            .column("account_id", "text", p -> p.accountId);
    private static final String INSERT_POSTS = "insert into post (" + POSTS.names() + ") select " + POSTS.names() + " from "
            + POSTS.table();
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
        return outbox.withTransaction(() -> acceptAll(List.of(incoming), Collections.singletonList(traceParent))
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

    /** The stored posts among these keys: one statement. */
    private Uni<Map<AcceptancePlan.PostKey, AcceptancePlan.Stored>> storedPosts(Set<AcceptancePlan.PostKey> keys) {
        return Panache.getSession()
                .chain(session -> POST_KEYS.bind(session.createNativeQuery(STORED_POSTS, Object[].class), List.copyOf(keys))
                        .getResultList())
                .map(rows -> {
                    Map<AcceptancePlan.PostKey, AcceptancePlan.Stored> found = new HashMap<>();
                    rows.forEach(row -> found.put(new AcceptancePlan.PostKey((String) row[0], (String) row[1]),
                            new AcceptancePlan.Stored(UUID.fromString((String) row[2]), (String) row[3])));
                    return found;
                });
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
        return Panache.getSession()
                .chain(session -> ACCOUNT_IDS.bind(session.createNativeQuery(ACCOUNTS, Object[].class), ids).getResultList())
                .map(accounts -> {
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
        List<Integer> keys = copies.stream().map(c -> (c.channel() + '\n' + c.fingerprint()).hashCode()).distinct().toList();
        return Panache.getSession()
                .chain(session -> TEXT_KEYS.bind(session.createNativeQuery(LOCK_TEXTS).setParameter("space", TEXT_LOCK_SPACE), keys)
                        .getResultList())
                .replaceWithVoid();
    }

    /** The stored copies of these authors' texts within the repeat window before the batch's times. */
    private Uni<List<AcceptancePlan.Copy>> storedRepeats(List<AcceptancePlan.Copy> checked) {
        Instant earliest = checked.stream().map(AcceptancePlan.Copy::createdAt).min(Instant::compareTo).orElseThrow()
                .minus(enrichment.repeats().window());
        Instant latest = checked.stream().map(AcceptancePlan.Copy::createdAt).max(Instant::compareTo).orElseThrow();
        return Panache.getSession()
                .chain(session -> AUTHOR_TEXTS.bind(session.createNativeQuery(STORED_REPEATS, Object[].class)
                        .setParameter("from", earliest)
                        .setParameter("to", latest), checked)
                        .getResultList())
                .map(found -> found.stream()
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
        Instant earliest = byNewAccounts.stream().map(CampaignPolicy.Copy::createdAt).min(Instant::compareTo).orElseThrow()
                .minus(campaigns.window());
        Instant latest = byNewAccounts.stream().map(CampaignPolicy.Copy::createdAt).max(Instant::compareTo).orElseThrow();
        return Panache.getSession()
                .chain(session -> CHANNEL_TEXTS.bind(session.createNativeQuery(STORED_CAMPAIGN_COPIES, Object[].class)
                        .setParameter("from", earliest)
                        .setParameter("to", latest)
                        .setParameter("age", (double) campaigns.newAccountAge().getSeconds()), byNewAccounts)
                        .getResultList())
                .map(found -> found.stream()
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

    /** The new posts: one insert. */
    private Uni<Void> insert(List<Post> rows) {
        return Panache.getSession()
                .chain(session -> POSTS.bind(session.createNativeQuery(INSERT_POSTS), rows).executeUpdate())
                .replaceWithVoid();
    }

    /** Their events into the outbox in one statement, in order (the relay publishes in that order), each in its post's trace. */
    private Uni<Void> publish(List<Post> rows, List<PostIngested> events, List<String> traceParents) {
        List<Outbox.Event> written = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            written.add(new Outbox.Event(Topics.POSTS, rows.get(i).conversationKey, EventTypes.POST_INGESTED, events.get(i),
                    traceParents.get(i)));
        }
        return outbox.addAll(written).replaceWithVoid();
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
