package io.outpost.ingest.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.ingest.config.OutboundConfig;
import io.outpost.ingest.domain.TwoLaneRateLimit;
import io.outpost.ingest.domain.TwoLaneRateLimit.BulkTicket;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The rate limits of our channel accounts, one {@link TwoLaneRateLimit} per account, and the one
 * dispatcher timer per account that hands waiting bulk sends the tokens ordinary sends leave.
 *
 * <p>Metric: {@code outpost_outbound_bulk_waiting{channel}}, the bulk sends waiting for a token left
 * over, summed over the channel's accounts. It grows while ordinary sends use the whole limit (bulk
 * then waits, as intended); an operator who sees it stay high raises the account's limit or accepts
 * that the incident's replies go out later.
 */
@ApplicationScoped
public class SendLanes {

    private static final Logger LOG = Logger.getLogger(SendLanes.class);

    private final OutboundConfig config;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final Map<String, AccountLimit> accounts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> gaugedChannels = new ConcurrentHashMap<>();

    public SendLanes(OutboundConfig config, Vertx vertx, MeterRegistry meters) {
        this.config = config;
        this.vertx = vertx;
        this.meters = meters;
    }

    /** One account's limit, the waiting bulk sends' callbacks, and its dispatcher timer. */
    private static final class AccountLimit {
        final String channel;
        final TwoLaneRateLimit limit;
        final Map<BulkTicket, Consumer<Boolean>> waiters = new ConcurrentHashMap<>();
        /** The dispatcher timer's id, -1 when none is set; guarded by this. */
        long timer = -1;

        AccountLimit(String channel, TwoLaneRateLimit limit) {
            this.channel = channel;
            this.limit = limit;
        }
    }

    /** How long an ordinary send waits for its token (it is reserved: the caller must send after the wait). */
    public Duration reserveOrdinary(String channel, String accountKey) {
        return account(channel, accountKey).limit.reserveOrdinary(System.nanoTime());
    }

    /**
     * Waits in the account's bulk line for a token left over: true once granted (the caller sends, or
     * {@linkplain #returnUnused gives the token back}), false when {@code giveUpAfter} passed first (the
     * send has left the line). The item arrives on the caller's Vert.x context. Cancelling the wait
     * (the subscriber went away) also leaves the line, so nobody behind it waits for a dead send.
     */
    public Uni<Boolean> awaitBulk(String channel, String accountKey, boolean retry, Optional<Duration> giveUpAfter) {
        AccountLimit account = account(channel, accountKey);
        Context context = Vertx.currentContext();
        return Uni.createFrom().<Boolean>emitter(emitter -> {
            BulkTicket ticket = account.limit.queueBulk(retry);
            Consumer<Boolean> resume = granted -> {
                if (context != null) {
                    context.runOnContext(v -> emitter.complete(granted));
                } else {
                    emitter.complete(granted);
                }
            };
            account.waiters.put(ticket, resume);
            long giveUpTimer = giveUpAfter.map(after -> vertx.setTimer(Math.max(1, after.toMillis()),
                    id -> leave(account, ticket, () -> resume.accept(false)))).orElse(-1L);
            emitter.onTermination(() -> {
                if (giveUpTimer != -1) {
                    vertx.cancelTimer(giveUpTimer);
                }
                // a no-op after a grant or a give-up; after a cancellation it frees the place in line
                leave(account, ticket, () -> { });
            });
            schedule(account);
        });
    }

    /**
     * The platform said the account's window is spent for {@code untilReset}: later sends of both lanes wait
     * for the reset ({@link TwoLaneRateLimit#spentFor}).
     */
    public void spentFor(String channel, String accountKey, Duration untilReset) {
        account(channel, accountKey).limit.spentFor(untilReset, System.nanoTime());
    }

    /** Gives back a bulk grant that was not used (the message had been claimed by another sender). */
    public void returnUnused(String channel, String accountKey) {
        AccountLimit account = account(channel, accountKey);
        account.limit.returnUnused(System.nanoTime());
        dispatch(account);
    }

    /** Bulk sends waiting on the channel's accounts (the metric's value). */
    public int bulkWaiting(String channel) {
        return accounts.values().stream().filter(a -> a.channel.equals(channel)).mapToInt(a -> a.limit.bulkWaiting()).sum();
    }

    private void leave(AccountLimit account, BulkTicket ticket, Runnable ifLeft) {
        if (account.limit.cancel(ticket)) {
            account.waiters.remove(ticket);
            ifLeft.run();
        }
    }

    /** Grants what can be granted now, then sets the timer for the next grant (one timer per account). */
    private void dispatch(AccountLimit account) {
        List<BulkTicket> granted;
        synchronized (account) {
            if (account.timer != -1) {
                vertx.cancelTimer(account.timer);
                account.timer = -1;
            }
            granted = account.limit.grantBulk(System.nanoTime());
        }
        for (BulkTicket ticket : granted) {
            Consumer<Boolean> resume = account.waiters.remove(ticket);
            if (resume == null) {
                // its waiter is gone (cancelled between the grant and now): the token is free again
                account.limit.returnUnused(System.nanoTime());
                continue;
            }
            try {
                resume.accept(true);
            } catch (RuntimeException e) {
                LOG.warnf("a granted bulk send could not be resumed: %s", e.getMessage());
            }
        }
        schedule(account);
    }

    private void schedule(AccountLimit account) {
        synchronized (account) {
            if (account.timer != -1) {
                // a timer is set for the head of the line; whoever joined since is behind it
                return;
            }
            Optional<Duration> next = account.limit.untilNextBulkGrant(System.nanoTime());
            if (next.isEmpty()) {
                return;
            }
            account.timer = vertx.setTimer(Math.max(1, (next.get().toNanos() + 999_999) / 1_000_000),
                    id -> {
                        synchronized (account) {
                            if (account.timer == id) {
                                account.timer = -1;
                            }
                        }
                        dispatch(account);
                    });
        }
    }

    private AccountLimit account(String channel, String accountKey) {
        gaugedChannels.computeIfAbsent(channel, c -> {
            Gauge.builder("outpost.outbound.bulk.waiting", this, lanes -> lanes.bulkWaiting(c))
                    .description("Bulk sends (an incident's replies) waiting for rate-limit tokens that ordinary sends leave")
                    .tag("channel", c)
                    .register(meters);
            return Boolean.TRUE;
        });
        return accounts.computeIfAbsent(accountKey, k -> {
            OutboundConfig.RateLimit limit = config.rateLimits().get(channel);
            if (limit == null) {
                limit = config.rateLimits().get("default");
            }
            return new AccountLimit(channel, limit == null ? new TwoLaneRateLimit(1, Duration.ofSeconds(1), System.nanoTime())
                    : new TwoLaneRateLimit(limit.permits(), limit.period(), System.nanoTime()));
        });
    }
}
