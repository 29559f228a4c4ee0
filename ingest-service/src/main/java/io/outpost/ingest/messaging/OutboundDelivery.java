package io.outpost.ingest.messaging;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.ingest.config.Credentials;
import io.outpost.ingest.config.OutboundConfig;
import io.outpost.ingest.domain.ChannelAccount;
import io.outpost.ingest.domain.CredentialsStatus;
import io.outpost.ingest.domain.Delivery;
import io.outpost.ingest.domain.OwnAccounts;
import io.outpost.ingest.domain.RateLimitWait;
import io.outpost.ingest.store.AccountSecrets;
import io.outpost.ingest.store.CredentialsHealth;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.Outbox;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.kit.messaging.TransientFailures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Outbound delivery: {@code outpost.outbound} → X / Meta / a forum's integration → {@code outpost.delivery}.
 *
 * <ol>
 * <li><b>Record</b> (inside the inbox transaction, with the event id): the request becomes a
 * {@code pending} {@link Delivery} row keyed by its message id ({@code on conflict do nothing}), so
 * a redelivered event or a new event with the same message id records nothing new.</li>
 * <li><b>Claim</b> (own committed transaction, after the inbox's): {@code pending → sending} as a
 * conditional update; only the caller that changed the row sends. No platform call ever runs inside
 * a database transaction.</li>
 * <li><b>Send</b> with retries (429, 5xx, Meta's throttling codes, connect failures; {@code Retry-After}
 * honoured; bounded by attempts and time), each attempt after a token from the account's rate limit
 * ({@link SendLanes}). An X account with OAuth tokens sends with its stored access token, refreshed
 * first when it is about to expire, and once more after a 401 ({@link XAccessTokens}); an account whose
 * credentials are missing or refused is marked failing ({@code store/CredentialsHealth}).</li>
 * <li><b>Finish</b> (own transaction): the row's final status and the {@code delivery.reported}
 * event through the outbox, together.</li>
 * <li><b>Park</b> instead of finishing when the platform names a rate-limit time past the retry budget
 * ({@code domain/RateLimitWait}): the row goes back to {@code pending} with {@code notBefore}, no outcome is
 * reported, and the sweeper claims it once that time has passed — the same path after a restart, so the
 * wait outlives this process and the one {@code delivery.reported} still comes from the send that ends it.</li>
 * </ol>
 * A crash after the claim and before the finish leaves the row {@code sending}: the platform may or
 * may not have the message, and neither X nor the Graph API takes an idempotency key, so it is never
 * sent again; the sweeper reports it failed ("outcome unknown after restart") once its sender can no
 * longer be running. A crash between record and claim leaves it {@code pending}: the sweeper sends it.
 *
 * <p><b>Lanes.</b> An ordinary message (a conversation's own) is claimed, then waits for its reserved
 * token; the consumer holds its record meanwhile (at most one token's wait behind other ordinary sends).
 * A bulk message ({@code lane: bulk}, an incident's reply to each attached case) must not hold the
 * consumer, or every ordinary message behind it on the topic would wait for the whole incident: the
 * consumer records it and lets it go; it then waits in the account's bulk line <em>still
 * {@code pending}</em>, and is claimed only once granted a token left over. That first wait has no time
 * limit and does not count against the retry deadline (which starts at the claim): it holds no thread,
 * transaction or record, and a crash during it leaves a {@code pending} row that the sweeper puts back in
 * the bulk line (the lane is a column of the row). A bulk send's <em>retries</em> happen after the claim,
 * so they wait ahead of the bulk line and within the retry deadline: a retry that gets no token left over
 * before the deadline fails with the platform's last answer, as a {@code Retry-After} past it does. That
 * keeps the sweeper's "stuck in sending" rule true for bulk sends too.
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
    private final AccountSecrets secrets;
    private final OutboundConfig config;
    private final Vertx vertx;
    private final SendLanes lanes;
    private final XAccessTokens xTokens;
    private final CredentialsHealth health;
    /**
     * Bulk messages this process has in a bulk line, still pending: the sweeper does not queue them
     * twice. (Another replica's sweeper may queue one too; the claim lets only one of them send it.)
     */
    private final Set<UUID> inBulkLine = ConcurrentHashMap.newKeySet();

    public OutboundDelivery(EventInbox inbox, Outbox outbox, PlatformSender sender, Credentials credentials,
            AccountSecrets secrets, OutboundConfig config, Vertx vertx, SendLanes lanes, XAccessTokens xTokens,
            CredentialsHealth health) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.sender = sender;
        this.credentials = credentials;
        this.secrets = secrets;
        this.config = config;
        this.vertx = vertx;
        this.lanes = lanes;
        this.xTokens = xTokens;
        this.health = health;
    }

    @Incoming("outbound")
    @ActivateRequestContext
    public Uni<Void> onOutbound(Message<String> m) {
        AtomicReference<OutboundRequested> recorded = new AtomicReference<>();
        return inbox.process(m, Map.of(EventTypes.OUTBOUND_REQUESTED, EventInbox.on(OutboundRequested.class,
                        event -> deliver(event).invoke(inserted -> recorded.set(inserted ? event.payload() : null))
                                .replaceWithVoid())))
                // After the inbox committed (and acknowledged): send what this event recorded. A row
                // rolled back after being set here is simply not found by the claim.
                .chain(() -> {
                    OutboundRequested r = recorded.get();
                    if (r == null) {
                        return Uni.createFrom().voidItem();
                    }
                    if (r.laneOrOrdinary() == OutboundRequested.Lane.BULK) {
                        // not awaited: the records behind it must not wait for the bulk line
                        startBulkSend(r.messageId());
                        return Uni.createFrom().voidItem();
                    }
                    return sendClaimed(r.messageId());
                });
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
                                      in_reply_to_id, text, lane, status, attempts, created_at, updated_at)
                values (:id, :key, :caseId, :channel, :kind, :account, :recipient, :inReplyTo, :text, :lane, 'pending', 0, :now, :now)
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
                .setParameter("lane", r.laneOrOrdinary().wireName())
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
        return claim(messageId).chain(claim -> claim == null ? Uni.createFrom().voidItem() : send(claim, false));
    }

    /**
     * Puts a pending bulk message in its account's bulk line, in the background; nothing when this
     * process has it in line already. It runs on a new Vert.x context of its own: the caller's (the
     * consumer's record, the sweeper's run) carries the caller's Hibernate Reactive session, which must
     * not be shared with a send that outlives it.
     */
    void startBulkSend(UUID messageId) {
        if (!inBulkLine.add(messageId)) {
            return;
        }
        Context background = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(background, true);
        background.runOnContext(v -> sendInBulkLane(messageId)
                .eventually(() -> inBulkLine.remove(messageId))
                .subscribe().with(done -> { }, failure -> LOG.warnf(
                        "bulk message %s: %s; left pending for the sweeper", messageId, failure.getMessage())));
    }

    /** Waits (pending) for a token bulk may use, then claims and sends; a token it cannot use is given back. */
    private Uni<Void> sendInBulkLane(UUID messageId) {
        return Panache.withSession(() -> Delivery.<Delivery>findById(messageId)
                        .chain(d -> d == null || !Delivery.PENDING.equals(d.status) ? Uni.createFrom().<Claim>nullItem()
                                : account(d).map(a -> new Claim(d, a))))
                .chain(found -> {
                    if (found == null) {
                        return Uni.createFrom().voidItem();
                    }
                    if (found.account() == null) {
                        // fails before any call (no account): no token needed
                        return sendClaimed(messageId);
                    }
                    String channel = found.delivery().channel;
                    String limitKey = limitKey(channel, found.account());
                    return lanes.awaitBulk(channel, limitKey, false, Optional.empty())
                            .chain(() -> claim(messageId))
                            .chain(claim -> {
                                if (claim == null) {
                                    lanes.returnUnused(channel, limitKey);
                                    return Uni.createFrom().voidItem();
                                }
                                return send(claim, true);
                            });
                });
    }

    private static String limitKey(String channel, ChannelAccount account) {
        return channel + ":" + account.id;
    }

    private Uni<Claim> claim(UUID messageId) {
        Instant now = now();
        // A parked row (waiting for the platform's reset) is not claimed before its time, whoever asks.
        return Panache.withTransaction(() -> Delivery.update(
                "status = ?1, sendingSince = ?2, updatedAt = ?2 where messageId = ?3 and status = ?4"
                        + " and (notBefore is null or notBefore <= ?2)",
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

    /** Sends a claimed delivery; {@code bulkTokenHeld} when its first attempt was granted a token already. */
    private Uni<Void> send(Claim claim, boolean bulkTokenHeld) {
        Delivery d = claim.delivery();
        Optional<String> refused = sender.check(d);
        if (refused.isPresent()) {
            return finish(d, 0, new Attempt.Failed(refused.get()));
        }
        ChannelAccount account = claim.account();
        if (account == null) {
            return finish(d, 0, new Attempt.Failed(d.accountId != null
                    ? "no " + d.channel + " channel account '" + d.accountId + "'"
                    : "no " + d.channel + " channel account registered"));
        }
        if (Channel.fromWire(d.channel) == Channel.X && XAccessTokens.usesOAuth(account)) {
            // The stored OAuth token, refreshed first when it expires within the margin (README "X tokens").
            return xTokens.token(account, null).chain(outcome -> {
                if (outcome instanceof XAccessTokens.Usable token) {
                    return sendWith(claim, new SendingAs(new AccountCredentials.BearerToken(token.token()), token.sealed()),
                            bulkTokenHeld);
                }
                if (outcome instanceof XAccessTokens.Refused no) {
                    return credentialsFailed(d, account, no.reason());
                }
                return finish(d, 0, new Attempt.Failed(((XAccessTokens.Unavailable) outcome).reason()));
            });
        }
        AccountCredentials credentials;
        try {
            credentials = credentialsOf(account, d.channel);
        } catch (IllegalStateException missing) {
            return credentialsFailed(d, account, missing.getMessage());
        }
        return sendWith(claim, new SendingAs(credentials, null), bulkTokenHeld);
    }

    /** What a send is authorised with; {@code sealedToken}: an X OAuth token's stored form, to name it when X refuses it. */
    private record SendingAs(AccountCredentials credentials, byte[] sealedToken) {
    }

    private Uni<Void> sendWith(Claim claim, SendingAs credentials, boolean bulkTokenHeld) {
        Delivery d = claim.delivery();
        ChannelAccount account = claim.account();
        Context context = Vertx.currentContext();
        long deadline = System.nanoTime() + config.retry().maxDuration().toNanos();
        String limitKey = limitKey(d.channel, account);
        AtomicReference<SendingAs> sendAs = new AtomicReference<>(credentials);
        return attempt(d, account, sendAs, limitKey, context, 1, deadline, bulkTokenHeld)
                .chain(result -> {
                    Attempt attempt = result.attempt();
                    if (attempt instanceof Attempt.Parked parked) {
                        return park(d, result.attempts(), parked);
                    }
                    if (attempt instanceof Attempt.Unauthorized refused) {
                        // The platform refused the access token (X: fresh or not; Meta: expired or revoked):
                        // sending from this account cannot work now.
                        String reason = refused.reason() + " (the access token of the " + account.channel + " account "
                                + account.platformAccountId + " was refused)";
                        return recordCredentials(account, new CredentialsStatus.Refused(reason))
                                .chain(() -> finish(d, result.attempts(), new Attempt.Failed(reason)));
                    }
                    Uni<Void> status = attempt instanceof Attempt.Delivered
                            ? recordCredentials(account, new CredentialsStatus.Worked()) : Uni.createFrom().voidItem();
                    return status.chain(() -> finish(d, result.attempts(), attempt));
                });
    }

    /** The account's credentials are missing or refused: it is marked failing, and the delivery fails with the reason. */
    private Uni<Void> credentialsFailed(Delivery d, ChannelAccount account, String reason) {
        return recordCredentials(account, new CredentialsStatus.Refused(reason))
                .chain(() -> finish(d, 0, new Attempt.Failed(reason)));
    }

    /** The account's credentials status; a database hiccup here must not keep the delivery's outcome from being recorded. */
    private Uni<Void> recordCredentials(ChannelAccount account, CredentialsStatus.Event event) {
        return health.record(account, event).onFailure().recoverWithUni(e -> {
            LOG.warnf("could not record the credentials status of the %s account %s: %s", account.channel,
                    account.platformAccountId, e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * The sending account's credentials: a forum account's endpoint and opened signing secret, else the
     * token its {@code credentialsRef} names.
     *
     * @throws IllegalStateException with the reason the delivery fails when they are missing or unreadable
     */
    private AccountCredentials credentialsOf(ChannelAccount account, String channel) {
        if (Channel.fromWire(channel) == Channel.FORUM) {
            if (account.endpointUrl == null || account.signingSecret == null) {
                throw new IllegalStateException("the forum account " + account.platformAccountId
                        + " has no endpointUrl and signingSecret: set them on the channel account");
            }
            try {
                return new AccountCredentials.ForumSigning(URI.create(account.endpointUrl),
                        secrets.open(account.id, AccountSecrets.FORUM_SIGNING_SECRET, account.signingSecret));
            } catch (IllegalStateException e) {
                throw new IllegalStateException("cannot read the signing secret of the forum account "
                        + account.platformAccountId + ": " + e.getMessage());
            }
        }
        return credentials.token(account.credentialsRef).<AccountCredentials>map(AccountCredentials.BearerToken::new)
                .orElseThrow(() -> new IllegalStateException("no credentials for the " + channel + " account "
                        + account.platformAccountId + " (no oauth tokens; credentialsRef "
                        + (account.credentialsRef == null ? "unset" : "'" + account.credentialsRef + "' not configured") + ")"));
    }

    private record Result(int attempts, Attempt attempt) {
    }

    /**
     * Attempt {@code n}, after its rate-limit token: an ordinary send reserves one and waits for it; a
     * bulk send comes with its token ({@code tokenHeld}), granted in the bulk line.
     */
    private Uni<Result> attempt(Delivery d, ChannelAccount account, AtomicReference<SendingAs> sendAs, String limitKey,
            Context context, int n, long deadline, boolean tokenHeld) {
        boolean bulk = Delivery.BULK.equals(d.lane);
        Uni<Void> token = tokenHeld ? Uni.createFrom().voidItem() : sleep(lanes.reserveOrdinary(d.channel, limitKey), context);
        return token
                .chain(() -> sender.send(d, account.platformAccountId, sendAs.get().credentials()))
                .chain(attempt -> reauthorized(d, account, sendAs, attempt))
                .invoke(attempt -> {
                    // X counts in fixed windows: when it says this one is spent (after our send, or with a 429),
                    // the account's later sends wait for its reset instead of being refused until then.
                    Optional<Duration> spent = attempt instanceof Attempt.Delivered delivered ? delivered.windowSpentFor()
                            : attempt instanceof Attempt.Retryable retry && Channel.X.wireName().equals(d.channel)
                                    ? retry.retryAfter() : Optional.empty();
                    spent.ifPresent(wait -> lanes.spentFor(d.channel, limitKey, wait));
                })
                .chain(attempt -> {
                    if (!(attempt instanceof Attempt.Retryable retry)) {
                        return Uni.createFrom().item(new Result(n, attempt));
                    }
                    // A platform time past the retry budget: the message waits for it stored, not failed.
                    Instant at = Instant.now();
                    RateLimitWait.Decision wait = RateLimitWait.decide(retry.retryAfter(), at,
                            at.plusNanos(deadline - System.nanoTime()), d.createdAt, config.retry().maxRateLimitWait());
                    if (wait instanceof RateLimitWait.Park park) {
                        return Uni.createFrom().item(new Result(n, new Attempt.Parked(retry.reason(), park.notBefore())));
                    }
                    if (wait instanceof RateLimitWait.GiveUp late) {
                        return Uni.createFrom().item(new Result(n, new Attempt.Failed(retry.reason() + " (after " + n
                                + " attempts; " + late.why() + ")")));
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
                    if (!bulk) {
                        return sleep(backoff, context).chain(() -> attempt(d, account, sendAs, limitKey, context, n + 1,
                                deadline, false));
                    }
                    // A bulk retry waits ahead of the bulk line, but only until the deadline: the row is
                    // "sending" now, and the sweeper relies on a sender finishing within it.
                    return sleep(backoff, context)
                            .chain(() -> lanes.awaitBulk(d.channel, limitKey, true,
                                    Optional.of(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))))
                            .chain(granted -> granted
                                    ? attempt(d, account, sendAs, limitKey, context, n + 1, deadline, true)
                                    : Uni.createFrom().item(new Result(n, new Attempt.Failed(retry.reason() + " (after " + n
                                            + " attempts; no rate limit left over for bulk sends within "
                                            + config.retry().maxDuration() + ")"))));
                });
    }

    /**
     * X answered 401 to a stored OAuth token: refresh it (forced: whatever its expiry) and make the same
     * attempt once more with the new one. Once per send; a second 401 stays {@link Attempt.Unauthorized}.
     * The repeated call takes no second rate-limit token (it replaces a call X refused before doing anything).
     */
    private Uni<Attempt> reauthorized(Delivery d, ChannelAccount account, AtomicReference<SendingAs> sendAs, Attempt attempt) {
        SendingAs used = sendAs.get();
        if (!(attempt instanceof Attempt.Unauthorized refused) || used.sealedToken() == null) {
            return Uni.createFrom().item(attempt);
        }
        LOG.infof("outbound message %s: %s; refreshing the x account %s's token and trying once more", d.messageId,
                refused.reason(), account.platformAccountId);
        return xTokens.token(account, used.sealedToken()).chain(outcome -> {
            if (outcome instanceof XAccessTokens.Usable fresh) {
                // Without its sealed form: a 401 to the new token is final (one refresh per send).
                sendAs.set(new SendingAs(new AccountCredentials.BearerToken(fresh.token()), null));
                return sender.send(d, account.platformAccountId, sendAs.get().credentials());
            }
            if (outcome instanceof XAccessTokens.Refused no) {
                return Uni.createFrom().item(new Attempt.Unauthorized(refused.reason() + "; " + no.reason()));
            }
            return Uni.createFrom().item(new Attempt.Failed(refused.reason() + "; "
                    + ((XAccessTokens.Unavailable) outcome).reason()));
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

    /**
     * Parks a claimed delivery the platform will take only after its rate-limit reset: back to {@code pending}
     * with {@code notBefore}, in one committed update, so that it outlives this process; the sweeper claims it
     * once that time has passed. No outcome is reported: the one delivery.reported comes from the send that ends it.
     */
    private Uni<Void> park(Delivery d, int attempts, Attempt.Parked parked) {
        Instant notBefore = parked.notBefore().truncatedTo(ChronoUnit.MICROS);
        LOG.infof("outbound message %s: %s; parked until %s (past the retry budget of %s)", d.messageId, parked.reason(),
                notBefore, config.retry().maxDuration());
        Instant now = now();
        return Panache.withTransaction(() -> Delivery.update(
                "status = ?1, attempts = ?2, reason = ?3, notBefore = ?4, sendingSince = null, updatedAt = ?5"
                        + " where messageId = ?6 and status = ?7",
                Delivery.PENDING, d.attempts + attempts, parked.reason() + " (waiting until " + notBefore + ")", notBefore,
                now, d.messageId, Delivery.SENDING))
                .replaceWithVoid()
                .onFailure(TransientFailures::isTransient)
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(20);
    }

    /** The final status and its delivery.reported, in one transaction; only while the row is still ours. */
    private Uni<Void> finish(Delivery d, int attempts, Attempt attempt) {
        boolean delivered = attempt instanceof Attempt.Delivered;
        String platformId = delivered ? ((Attempt.Delivered) attempt).platformId() : null;
        String reason = attempt instanceof Attempt.Failed f ? f.reason()
                : attempt instanceof Attempt.Retryable r ? r.reason()
                : attempt instanceof Attempt.Unauthorized u ? u.reason() : null;
        if (delivered) {
            LOG.infof("outbound message %s delivered on %s as %s", d.messageId, d.channel, platformId);
        } else {
            LOG.warnf("outbound message %s failed on %s: %s", d.messageId, d.channel, reason);
        }
        Instant now = now();
        return Panache.withTransaction(() -> Delivery.update(
                "status = ?1, attempts = ?2, platformMessageId = ?3, reason = ?4, updatedAt = ?5 where messageId = ?6 and status = ?7",
                delivered ? Delivery.DELIVERED : Delivery.FAILED, d.attempts + attempts, platformId, reason, now, d.messageId, Delivery.SENDING)
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
                // Bulk rows apart: a backlog of an incident's replies must not hide an ordinary row.
                // A parked row is due once its notBefore has passed (not after the grace: it was never lost).
                .chain(() -> Panache.withSession(() -> Delivery.<Delivery>find(
                        "status = ?1 and lane = ?3 and ((notBefore is null and updatedAt < ?2) or notBefore <= ?4)"
                                + " order by createdAt",
                        Delivery.PENDING, pendingBefore, Delivery.BULK, now).page(0, SWEEP_BATCH).list()))
                .invoke(bulk -> bulk.forEach(d -> startBulkSend(d.messageId)))
                .chain(() -> Panache.withSession(() -> Delivery.<Delivery>find(
                        "status = ?1 and lane <> ?3 and ((notBefore is null and updatedAt < ?2) or notBefore <= ?4)"
                                + " order by createdAt",
                        Delivery.PENDING, pendingBefore, Delivery.BULK, now).page(0, SWEEP_BATCH).list()))
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
