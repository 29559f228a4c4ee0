package io.outpost.ingest.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.outpost.ingest.domain.IncomingPost;
import io.outpost.ingest.domain.MalformedWebhookException;
import io.outpost.ingest.domain.PostChange;
import io.outpost.ingest.domain.WebhookBatch;
import io.outpost.ingest.domain.WebhookDelivery;
import io.outpost.kit.messaging.Outbox;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.kit.messaging.TraceContext;
import io.outpost.kit.sql.SqlRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Ingests webhook deliveries taken off the intake buffer, each exactly once: the delivery's row in
 * {@code webhook_delivery} (what it led to), its raw payload, its posts and its changes are written
 * in one transaction, and a delivery whose row exists is not ingested again.
 *
 * <p>Should that transaction fail on a post's unique key (the same post racing in through the API
 * or an import), the delivery is done again piece by piece: each post and change in a transaction
 * of its own (each idempotent: a post seen before is a duplicate, a change a conditional update),
 * and the delivery's row last, so that a crash half-way leaves the delivery to be done again, not
 * lost.
 */
@ApplicationScoped
public class WebhookDeliveryStore {

    private static final Logger LOG = Logger.getLogger(WebhookDeliveryStore.class);

    /** What a delivery led to, as {@code GET /api/v1/webhook-deliveries/{id}} shows it. */
    public record Outcome(UUID id, String platform, Instant receivedAt, Instant processedAt, int accepted, int duplicates,
            int skipped, int changed, int unchanged) {
    }

    private static final SqlRows<WebhookDelivery> DELIVERY_IDS = SqlRows.<WebhookDelivery>named("d")
            .column("id", "uuid", WebhookDelivery::id);
    private static final String INGESTED_BEFORE = "select id::text from webhook_delivery where id in (select d.id from "
            + DELIVERY_IDS.table() + ")";
    private static final SqlRows<Counted> DELIVERY_ROWS = SqlRows.<Counted>named("d")
            .column("id", "uuid", row -> row.delivery().id())
            .column("platform", "text", row -> row.delivery().platform().wireName())
            .column("received_at", "timestamptz", row -> row.delivery().receivedAt())
            .column("accepted", "integer", row -> row.counts()[0])
            .column("duplicates", "integer", row -> row.counts()[1])
            .column("skipped", "integer", row -> row.counts()[2])
            .column("changed", "integer", row -> row.counts()[3])
            .column("unchanged", "integer", row -> row.counts()[4]);
    private static final String INSERT_DELIVERIES = "insert into webhook_delivery (id, platform, received_at, processed_at,"
            + " accepted, duplicates, skipped, changed, unchanged) select d.id, d.platform, d.received_at, :now, d.accepted,"
            + " d.duplicates, d.skipped, d.changed, d.unchanged from " + DELIVERY_ROWS.table();

    private final PostStore posts;
    private final PostChangeStore changes;
    private final RawPayloadStore rawPayloads;
    private final ObjectReader reader;
    /** Opens the ingesting transactions, so that the relay publishes their posts as soon as they commit. */
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    public WebhookDeliveryStore(PostStore posts, PostChangeStore changes, RawPayloadStore rawPayloads, ObjectMapper mapper,
            Outbox outbox) {
        this.outbox = outbox;
        this.posts = posts;
        this.changes = changes;
        this.rawPayloads = rawPayloads;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Ingests the delivery unless it was before. It was checked and normalized when it was received;
     * a record that no longer normalizes (written by something else, or by a version that read the
     * platform differently) is poison and goes to the dead-letter topic.
     */
    public Uni<Void> ingest(WebhookDelivery delivery) {
        WebhookBatch batch = normalize(delivery);
        // One delivery: its trace is the current one for all it writes (posts, changes).
        return TraceContext.within(delivery.traceParent(), () -> ingestInItsTrace(delivery, batch));
    }

    private Uni<Void> ingestInItsTrace(WebhookDelivery delivery, WebhookBatch batch) {
        return outbox.withTransaction(() -> claim(delivery).chain(claimed -> !claimed
                        ? Uni.createFrom().voidItem()
                        : rawPayloads.keepInTransaction(delivery)
                                .chain(() -> posts.acceptAll(batch.posts()))
                                .chain(accepted -> applyEach(batch).chain(outcomes -> record(delivery, batch, accepted, outcomes)))))
                .onFailure(UniqueViolations::isUniqueViolation).recoverWithUni(failure -> {
                    LOG.debugf("webhook delivery %s: a post raced in meanwhile (%s); ingesting it piece by piece",
                            delivery.id(), failure.toString());
                    return pieceByPiece(delivery, batch);
                });
    }

    /**
     * Ingests deliveries taken off the buffer together (in buffer order) in one transaction: those
     * ingested before are left out, the rest's audit copies, posts ({@link PostStore#acceptAll} over
     * all of them, so a reply finds a parent delivered earlier in the batch) and changes are written,
     * and their rows inserted with what each led to — the same outcome as ingesting them one after
     * another, for one commit instead of one per delivery. Should the transaction fail on a unique key
     * (a post or a delivery racing in elsewhere), each delivery is done again on its own
     * ({@link #ingest}). The deliveries must normalize ({@link #normalize}).
     */
    public Uni<Void> ingestAll(List<WebhookDelivery> deliveries) {
        Map<UUID, WebhookDelivery> byId = new LinkedHashMap<>();
        deliveries.forEach(d -> byId.putIfAbsent(d.id(), d));
        List<WebhookDelivery> distinct = List.copyOf(byId.values());
        if (distinct.size() == 1) {
            return ingest(distinct.get(0));
        }
        return outbox.withTransaction(() -> ingestedBefore(distinct).chain(done -> {
            List<WebhookDelivery> fresh = distinct.stream().filter(d -> !done.contains(d.id())).toList();
            if (fresh.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            LOG.debugf("ingesting %d webhook deliveries in one transaction (%d read before)", fresh.size(),
                    distinct.size() - fresh.size());
            List<WebhookBatch> batches = fresh.stream().map(this::normalize).toList();
            // Several deliveries, several traces: each post and change is written in its delivery's.
            List<IncomingPost> allPosts = new ArrayList<>();
            List<String> postTraces = new ArrayList<>();
            List<ChangeInTrace> allChanges = new ArrayList<>();
            for (int i = 0; i < fresh.size(); i++) {
                String traceParent = fresh.get(i).traceParent();
                for (IncomingPost post : batches.get(i).posts()) {
                    allPosts.add(post);
                    postTraces.add(traceParent);
                }
                batches.get(i).changes().forEach(change -> allChanges.add(new ChangeInTrace(change, traceParent)));
            }
            return keepAll(fresh)
                    .chain(() -> posts.acceptAll(allPosts, postTraces))
                    .chain(accepted -> Multi.createFrom().iterable(allChanges)
                            .onItem().transformToUniAndConcatenate(c -> TraceContext.<PostChangeStore.Outcome>within(
                                    c.traceParent(), () -> changes.apply(c.change())))
                            .collect().asList()
                            .chain(outcomes -> recordAll(fresh, batches, accepted, outcomes)));
        }))
                .onFailure(UniqueViolations::isUniqueViolation).recoverWithUni(failure -> {
                    LOG.debugf("%d webhook deliveries: a post or delivery raced in meanwhile (%s); ingesting them one by one",
                            distinct.size(), failure.toString());
                    return Multi.createFrom().iterable(distinct).onItem().transformToUniAndConcatenate(this::ingest)
                            .collect().last().replaceWithVoid();
                });
    }

    /** A change of a delivery ingested with others, and the delivery's trace context. */
    private record ChangeInTrace(PostChange change, String traceParent) {
    }

    /** The ids among these that have a row: ingested before. */
    private Uni<Set<UUID>> ingestedBefore(List<WebhookDelivery> deliveries) {
        return Panache.getSession()
                .chain(session -> DELIVERY_IDS.bind(session.createNativeQuery(INGESTED_BEFORE, String.class), deliveries)
                        .getResultList())
                .map(ids -> ids.stream().map(UUID::fromString).collect(Collectors.toSet()));
    }

    private Uni<Void> keepAll(List<WebhookDelivery> deliveries) {
        return Multi.createFrom().iterable(deliveries).onItem().transformToUniAndConcatenate(rawPayloads::keepInTransaction)
                .collect().last().replaceWithVoid();
    }

    /** One insert of the deliveries' rows with their counts (a racing copy hits the primary key). */
    private Uni<Void> recordAll(List<WebhookDelivery> deliveries, List<WebhookBatch> batches, List<PostStore.Accepted> accepted,
            List<PostChangeStore.Outcome> outcomes) {
        List<Counted> rows = new ArrayList<>(deliveries.size());
        int post = 0;
        int change = 0;
        for (int i = 0; i < deliveries.size(); i++) {
            WebhookBatch batch = batches.get(i);
            List<PostStore.Accepted> mine = accepted.subList(post, post + batch.posts().size());
            List<PostChangeStore.Outcome> myChanges = outcomes.subList(change, change + batch.changes().size());
            post += batch.posts().size();
            change += batch.changes().size();
            rows.add(new Counted(deliveries.get(i), counts(batch, mine, myChanges)));
        }
        return Panache.getSession()
                .chain(session -> DELIVERY_ROWS.bind(session.createNativeQuery(INSERT_DELIVERIES)
                        .setParameter("now", Instant.now(clock)), rows)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** A delivery and what it led to: accepted, duplicates, skipped, changed, unchanged ({@link #counts}). */
    private record Counted(WebhookDelivery delivery, int[] counts) {
    }

    /** accepted, duplicates, skipped, changed, unchanged. */
    private static int[] counts(WebhookBatch batch, List<PostStore.Accepted> accepted, List<PostChangeStore.Outcome> outcomes) {
        int duplicates = (int) accepted.stream().filter(PostStore.Accepted::duplicate).count();
        int changed = (int) outcomes.stream().filter(o -> o == PostChangeStore.Outcome.APPLIED).count();
        return new int[] { accepted.size() - duplicates, duplicates, batch.skipped().size(), changed, outcomes.size() - changed };
    }

    public Uni<Optional<Outcome>> find(UUID id) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        select id::text, platform, received_at, processed_at, accepted, duplicates, skipped, changed, unchanged
                        from webhook_delivery where id = :id""", Object[].class)
                .setParameter("id", id)
                .getResultList()))
                .map(rows -> rows.stream().findFirst().map(WebhookDeliveryStore::outcome));
    }

    private Uni<Void> pieceByPiece(WebhookDelivery delivery, WebhookBatch batch) {
        return Multi.createFrom().iterable(batch.posts()).onItem()
                .transformToUniAndConcatenate(post -> posts.accept(post, delivery.traceParent())).collect().asList()
                .chain(accepted -> Multi.createFrom().iterable(batch.changes()).onItem()
                        .transformToUniAndConcatenate(changes::apply).collect().asList()
                        .chain(outcomes -> Panache.withTransaction(() -> claim(delivery).chain(claimed -> !claimed
                                ? Uni.createFrom().voidItem()
                                : rawPayloads.keepInTransaction(delivery)
                                        .chain(() -> record(delivery, batch, accepted, outcomes))))));
    }

    /** Inserts the delivery's row (counts filled in by {@link #record}); false when it exists: done before. */
    private Uni<Boolean> claim(WebhookDelivery delivery) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into webhook_delivery (id, platform, received_at, processed_at, accepted, duplicates, skipped,
                            changed, unchanged)
                        values (:id, :platform, :receivedAt, :now, 0, 0, 0, 0, 0) on conflict do nothing""")
                .setParameter("id", delivery.id())
                .setParameter("platform", delivery.platform().wireName())
                .setParameter("receivedAt", delivery.receivedAt())
                .setParameter("now", Instant.now(clock))
                .executeUpdate())
                .map(inserted -> {
                    if (inserted == 0) {
                        LOG.debugf("webhook delivery %s: ingested before, nothing to do", delivery.id());
                    }
                    return inserted == 1;
                });
    }

    private Uni<List<PostChangeStore.Outcome>> applyEach(WebhookBatch batch) {
        // PostChangeStore joins the transaction this runs in.
        return Multi.createFrom().iterable(batch.changes()).onItem().transformToUniAndConcatenate(changes::apply)
                .collect().asList();
    }

    private Uni<Void> record(WebhookDelivery delivery, WebhookBatch batch, List<PostStore.Accepted> accepted,
            List<PostChangeStore.Outcome> outcomes) {
        int[] counts = counts(batch, accepted, outcomes);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update webhook_delivery set processed_at = :now, accepted = :accepted, duplicates = :duplicates,
                            skipped = :skipped, changed = :changed, unchanged = :unchanged
                        where id = :id""")
                .setParameter("now", Instant.now(clock))
                .setParameter("accepted", counts[0])
                .setParameter("duplicates", counts[1])
                .setParameter("skipped", counts[2])
                .setParameter("changed", counts[3])
                .setParameter("unchanged", counts[4])
                .setParameter("id", delivery.id())
                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * The delivery's posts, changes and skips, as the webhook read them when it was received;
     * {@link PoisonEventException} when it does not normalize (a record written by something else, or
     * by a version that read the platform differently): it goes to the dead-letter topic.
     */
    public WebhookBatch normalize(WebhookDelivery delivery) {
        for (byte b : delivery.body()) {
            if (b == 0) {
                throw new PoisonEventException("webhook delivery " + delivery.id() + " contains a NUL byte, which cannot be stored");
            }
        }
        try {
            JsonNode root = reader.readTree(delivery.body());
            if (root == null || root.isMissingNode()) {
                throw new PoisonEventException("webhook delivery " + delivery.id() + ": empty body");
            }
            return delivery.platform().normalize(root);
        } catch (IOException | MalformedWebhookException e) {
            throw new PoisonEventException("webhook delivery " + delivery.id() + " does not normalize: " + e.getMessage(), e);
        }
    }

    private static Outcome outcome(Object[] row) {
        return new Outcome(UUID.fromString((String) row[0]), (String) row[1], instant(row[2]), instant(row[3]), number(row[4]), number(row[5]),
                number(row[6]), number(row[7]), number(row[8]));
    }

    private static Instant instant(Object value) {
        return value instanceof java.time.OffsetDateTime odt ? odt.toInstant()
                : value instanceof java.time.LocalDateTime ldt ? ldt.toInstant(java.time.ZoneOffset.UTC)
                : value instanceof java.sql.Timestamp ts ? ts.toInstant()
                : (Instant) value;
    }

    private static int number(Object value) {
        return ((Number) value).intValue();
    }
}
