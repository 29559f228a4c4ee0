package io.outpost.ingest.messaging;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.ingest.config.Credentials;
import io.outpost.ingest.config.OutboundConfig;
import io.outpost.ingest.domain.ChannelAccount;
import io.outpost.ingest.domain.Delivery;
import io.outpost.ingest.domain.OwnAccounts;
import io.outpost.ingest.domain.TokenBucket;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.Outbox;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.kit.messaging.TransientFailures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Outbound delivery: {@code outpost.outbound} → X / Meta → {@code outpost.delivery}.
 *
 * <ol>
 * <li><b>Record</b> (inside the inbox transaction, with the event id): the request becomes a
 * {@code pending} {@link Delivery} row keyed by its message id ({@code on conflict do nothing}), so
 * a redelivered event or a new event with the same message id records nothing new.</li>
 * <li><b>Claim</b> (own committed transaction, after the inbox's): {@code pending → sending} as a
 * conditional update; only the caller that changed the row sends. No platform call ever runs inside
 * a database transaction.</li>
 * <li><b>Send</b> with retries (429, 5xx, connect failures; {@code Retry-After} honoured; bounded by
 * attempts and time), after a token from the account's rate-limit bucket.</li>
 * <li><b>Finish</b> (own transaction): the row's final status and the {@code delivery.reported}
 * event through the outbox, together.</li>
 * </ol>
 * A crash after the claim and before the finish leaves the row {@code sending}: the platform may or
 * may not have the message, and neither X nor the Graph API takes an idempotency key, so it is never
 * sent again; the sweeper reports it failed ("outcome unknown after restart") once its sender can no
 * longer be running. A crash between record and claim leaves it {@code pending}: the sweeper sends it.
 */
@ApplicationScoped
public class OutboundDelivery {

    private static final Logger LOG = Logger.getLogger(OutboundDelivery.class);
    static final String OUTCOME_UNKNOWN = "outcome unknown after restart";
    private static final int SWEEP_BATCH = 50;

    private final EventInbox inbox;
    private final Outbox outbox;
    private final PlatformSender sender;
    private final Credentials credentials;
    private final OutboundConfig config;
    private final Vertx vertx;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public OutboundDelivery(EventInbox inbox, Outbox outbox, PlatformSender sender, Credentials credentials,
            OutboundConfig config, Vertx vertx) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.sender = sender;
        this.credentials = credentials;
        this.config = config;
        this.vertx = vertx;
    }

    @Incoming("outbound")
    @ActivateRequestContext
    public Uni<Void> onOutbound(Message<String> m) {
        AtomicReference<UUID> recorded = new AtomicReference<>();
        return inbox.process(m, Map.of(EventTypes.OUTBOUND_REQUESTED, EventInbox.on(OutboundRequested.class,
                        event -> deliver(event).invoke(inserted -> recorded.set(inserted ? event.payload().messageId() : null))
                                .replaceWithVoid())))
                // After the inbox committed (and acknowledged): send what this event recorded. A row
                // rolled back after being set here is simply not found by the claim.
                .chain(() -> recorded.get() == null ? Uni.createFrom().voidItem() : sendClaimed(recorded.get()));
    }

    /** Records the request as a pending delivery, in the inbox's transaction; true when it is new. */
    Uni<Boolean> deliver(InboundEvent<OutboundRequested> event) {
        OutboundRequested r = event.payload();
        if (r.messageId() == null || r.kind() == null || r.channel() == null || r.text() == null) {
            return Uni.createFrom().failure(new PoisonEventException(
                    "outbound.requested without messageId, kind, channel or text"));
        }
        Instant now = now();
        String key = event.key() != null ? event.key()
                : r.caseId() != null ? r.caseId().toString()
                : r.recipientPlatformId() != null ? r.recipientPlatformId() : r.messageId().toString();
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into delivery (message_id, event_key, case_id, channel, kind, account_id, recipient_id,
                                      in_reply_to_id, text, status, attempts, created_at, updated_at)
                values (:id, :key, :caseId, :channel, :kind, :account, :recipient, :inReplyTo, :text, 'pending', 0, :now, :now)
                on conflict (message_id) do nothing""")
                .setParameter("id", r.messageId())
                .setParameter("key", key)
                .setParameter("caseId", r.caseId())
                .setParameter("channel", r.channel().wireName())
                .setParameter("kind", r.kind().wireName())
                .setParameter("account", r.accountId())
                .setParameter("recipient", r.recipientPlatformId())
                .setParameter("inReplyTo", r.inReplyToExternalId())
                .setParameter("text", r.text())
                .setParameter("now", now)
                .executeUpdate())
                .map(inserted -> {
                    if (inserted == 0) {
                        LOG.infof("outbound message %s recorded already: not sent again", r.messageId());
                    }
                    return inserted == 1;
                });
    }

    private record Claim(Delivery delivery, ChannelAccount account) {
    }

    /** Claims a pending delivery and sends it; nothing when another caller has it (or had it). */
    Uni<Void> sendClaimed(UUID messageId) {
        return claim(messageId).chain(claim -> claim == null ? Uni.createFrom().voidItem() : send(claim));
    }

    private Uni<Claim> claim(UUID messageId) {
        Instant now = now();
        return Panache.withTransaction(() -> Delivery.update(
                "status = ?1, sendingSince = ?2, updatedAt = ?2 where messageId = ?3 and status = ?4",
                Delivery.SENDING, now, messageId, Delivery.PENDING)
                .chain(updated -> updated == 0 ? Uni.createFrom().<Claim>nullItem()
                        : Delivery.<Delivery>findById(messageId)
                                .chain(d -> account(d).map(a -> new Claim(d, a)))));
    }

    /** Our account to send from: {@code accountId} (our account's id or its platform id), else the channel's oldest. */
    private static Uni<ChannelAccount> account(Delivery d) {
        List<String> channels = OwnAccounts.accountChannelsFor(Channel.fromWire(d.channel)).stream()
                .map(Channel::wireName).toList();
        if (d.accountId != null) {
            Optional<UUID> id = uuid(d.accountId);
            return id.isPresent()
                    ? ChannelAccount.<ChannelAccount>find("id = ?1 and channel in ?2", id.get(), channels).firstResult()
                    : ChannelAccount.<ChannelAccount>find("platformAccountId = ?1 and channel in ?2", d.accountId, channels)
                            .firstResult();
        }
        return ChannelAccount.<ChannelAccount>find("channel in ?1 order by createdAt, id", channels).firstResult();
    }

    private Uni<Void> send(Claim claim) {
        Delivery d = claim.delivery();
        Optional<String> refused = sender.check(d);
        if (refused.isPresent()) {
            return finish(d, 0, new Attempt.Failed(refused.get()));
        }
        if (claim.account() == null) {
            return finish(d, 0, new Attempt.Failed(d.accountId != null
                    ? "no " + d.channel + " channel account '" + d.accountId + "'"
                    : "no " + d.channel + " channel account registered"));
        }
        Optional<String> token = credentials.token(claim.account().credentialsRef);
        if (token.isEmpty()) {
            return finish(d, 0, new Attempt.Failed("no credentials for the " + d.channel + " account "
                    + claim.account().platformAccountId + " (credentialsRef "
                    + (claim.account().credentialsRef == null ? "unset" : "'" + claim.account().credentialsRef + "' not configured")
                    + ")"));
        }
        Context context = Vertx.currentContext();
        long deadline = System.nanoTime() + config.retry().maxDuration().toNanos();
        String bucketKey = d.channel + ":" + claim.account().id;
        return attempt(d, claim.account().platformAccountId, token.get(), bucketKey, context, 1, deadline)
                .chain(result -> finish(d, result.attempts(), result.attempt()));
    }

    private record Result(int attempts, Attempt attempt) {
    }

    private Uni<Result> attempt(Delivery d, String accountPlatformId, String token, String bucketKey, Context context, int n,
            long deadline) {
        Duration wait = bucket(d.channel, bucketKey).reserve(System.nanoTime());
        return sleep(wait, context)
                .chain(() -> sender.send(d, accountPlatformId, token))
                .chain(attempt -> {
                    if (!(attempt instanceof Attempt.Retryable retry)) {
                        return Uni.createFrom().item(new Result(n, attempt));
                    }
                    if (n >= config.retry().maxAttempts()) {
                        return Uni.createFrom().item(new Result(n, new Attempt.Failed(retry.reason() + " (after " + n + " attempts)")));
                    }
                    Duration backoff = backoff(n, retry.retryAfter());
                    if (System.nanoTime() + backoff.toNanos() > deadline) {
                        return Uni.createFrom().item(new Result(n, new Attempt.Failed(retry.reason() + " (after " + n
                                + " attempts; the next would exceed " + config.retry().maxDuration() + ")")));
                    }
                    LOG.infof("outbound message %s: %s; attempt %d in %d ms", d.messageId, retry.reason(), n + 1,
                            backoff.toMillis());
                    return sleep(backoff, context).chain(() -> attempt(d, accountPlatformId, token, bucketKey, context, n + 1, deadline));
                });
    }

    /** The platform's Retry-After when it gives one (never shortened); else exponential backoff with jitter, capped by max-backoff. */
    private Duration backoff(int attemptsMade, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            // A Retry-After longer than max-backoff is honoured (never retried early): the deadline
            // check then fails the delivery instead of calling too soon.
            return retryAfter.get();
        }
        long base = config.retry().initialBackoff().toMillis() << Math.min(attemptsMade - 1, 20);
        long capped = Math.min(base, config.retry().maxBackoff().toMillis());
        return Duration.ofMillis(capped + (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    private TokenBucket bucket(String channel, String key) {
        return buckets.computeIfAbsent(key, k -> {
            OutboundConfig.RateLimit limit = config.rateLimits().get(channel);
            if (limit == null) {
                limit = config.rateLimits().get("default");
            }
            return limit == null ? new TokenBucket(1, Duration.ofSeconds(1), System.nanoTime())
                    : new TokenBucket(limit.permits(), limit.period(), System.nanoTime());
        });
    }

    /** A non-blocking wait that resumes on the caller's Vert.x context (where Hibernate Reactive must run). */
    private Uni<Void> sleep(Duration wait, Context context) {
        if (wait.isZero() || wait.isNegative()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
            if (context != null) {
                context.runOnContext(v -> emitter.complete(null));
            } else {
                emitter.complete(null);
            }
        }));
    }

    /** The final status and its delivery.reported, in one transaction; only while the row is still ours. */
    private Uni<Void> finish(Delivery d, int attempts, Attempt attempt) {
        boolean delivered = attempt instanceof Attempt.Delivered;
        String platformId = delivered ? ((Attempt.Delivered) attempt).platformId() : null;
        String reason = attempt instanceof Attempt.Failed f ? f.reason()
                : attempt instanceof Attempt.Retryable r ? r.reason() : null;
        if (delivered) {
            LOG.infof("outbound message %s delivered on %s as %s", d.messageId, d.channel, platformId);
        } else {
            LOG.warnf("outbound message %s failed on %s: %s", d.messageId, d.channel, reason);
        }
        Instant now = now();
        return Panache.withTransaction(() -> Delivery.update(
                "status = ?1, attempts = ?2, platformMessageId = ?3, reason = ?4, updatedAt = ?5 where messageId = ?6 and status = ?7",
                delivered ? Delivery.DELIVERED : Delivery.FAILED, attempts, platformId, reason, now, d.messageId, Delivery.SENDING)
                .chain(updated -> updated == 0 ? Uni.createFrom().voidItem()
                        : report(d, delivered, platformId, reason, now)))
                // The platform has answered: a database outage now must not lose the outcome (the row
                // would end as "outcome unknown"), so the commit is retried for a while.
                .onFailure(TransientFailures::isTransient)
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(20);
    }

    private Uni<Void> report(Delivery d, boolean delivered, String platformId, String reason, Instant now) {
        DeliveryReported event = new DeliveryReported(d.messageId, d.caseId, Channel.fromWire(d.channel),
                delivered ? DeliveryReported.Status.DELIVERED : DeliveryReported.Status.FAILED, platformId,
                delivered ? null : reason, now);
        String key = d.eventKey != null ? d.eventKey : d.messageId.toString();
        return outbox.add(Topics.DELIVERY, key, EventTypes.DELIVERY_REPORTED, event).replaceWithVoid();
    }

    /**
     * Sends pending rows the consumer did not (a crash between record and send), and reports rows
     * stuck in {@code sending} longer than any sender can take as failed, outcome unknown.
     */
    @Scheduled(every = "${outpost.outbound.sweep-every:5s}", delayed = "${outpost.outbound.sweep-every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            VertxContextSupport.subscribeAndAwait(this::sweepOnce);
        } catch (Throwable e) {
            LOG.warnf("outbound sweep failed: %s", e.getMessage());
        }
    }

    Uni<Void> sweepOnce() {
        Instant now = now();
        Instant stuckBefore = now.minus(stuckAfter());
        Instant pendingBefore = now.minus(config.pendingGrace());
        return Panache.withTransaction(() -> Delivery.<Delivery>find("status = ?1 and sendingSince < ?2",
                        Delivery.SENDING, stuckBefore).page(0, SWEEP_BATCH).list()
                .chain(stuck -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Delivery d : stuck) {
                        chain = chain.chain(() -> Delivery.update(
                                "status = ?1, reason = ?2, updatedAt = ?3 where messageId = ?4 and status = ?5",
                                Delivery.FAILED, OUTCOME_UNKNOWN, now, d.messageId, Delivery.SENDING)
                                .chain(updated -> {
                                    if (updated == 0) {
                                        return Uni.createFrom().voidItem();
                                    }
                                    LOG.warnf("outbound message %s: %s; not resent", d.messageId, OUTCOME_UNKNOWN);
                                    return report(d, false, null, OUTCOME_UNKNOWN, now);
                                }));
                    }
                    return chain;
                }))
                .chain(() -> Panache.withSession(() -> Delivery.<Delivery>find("status = ?1 and updatedAt < ?2 order by createdAt",
                        Delivery.PENDING, pendingBefore).page(0, SWEEP_BATCH).list()))
                .chain(pending -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Delivery d : pending) {
                        chain = chain.chain(() -> sendClaimed(d.messageId));
                    }
                    return chain;
                });
    }

    /** Longer than any send can take: the retry budget plus one more call's timeouts, plus a minute. */
    private Duration stuckAfter() {
        return config.retry().maxDuration().plus(config.connectTimeout()).plus(config.readTimeout()).plus(Duration.ofMinutes(1));
    }

    private static Optional<UUID> uuid(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
