package io.outpost.ingest.domain;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One channel account's rate limit ({@code permits} sends per {@code period}, up to {@code permits} at
 * once), shared by two lanes so that an incident's thousand bulk replies never queue a conversation's
 * next reply behind them.
 *
 * <ul>
 * <li><b>Ordinary</b> sends reserve a token and are told how long to wait for it. Reservations borrow
 * from the future (the balance goes negative), so ordinary sends queue in order among themselves and,
 * all waiting what they are told, never exceed the rate.</li>
 * <li><b>Bulk</b> sends never borrow. They wait in their own first-in-first-out line and are granted
 * a token only when one is left over: a whole token in the bucket, which also means no ordinary
 * reservation is outstanding (while one is, the balance is below zero). So an ordinary send waits at
 * most for tokens other ordinary sends took, plus at most one bulk send per token it was granted in the
 * meantime — never for the bulk line. Under sustained full ordinary load bulk sends wait indefinitely:
 * intended ("bulk uses what is left"), and visible through {@link #bulkWaiting()}.</li>
 * </ul>
 *
 * Nobody waits on a timer of their own: one dispatcher per account asks {@link #untilNextBulkGrant}
 * when to call {@link #grantBulk} next and completes the tickets it returns, so a thousand waiting
 * sends cost one timer, not a thousand per token. A waiter that gives up {@linkplain #cancel leaves the
 * line}; one that was granted a token it cannot use {@linkplain #returnUnused gives it back}. Neither
 * blocks the sends behind it.
 *
 * <p>Plain Java with the time passed in (nanoseconds of a monotonic clock), so it is tested with a
 * fake clock. Thread-safe.
 */
public final class TwoLaneRateLimit {

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long updatedAt;
    /** Bulk sends retrying after a platform refusal: they keep their turn and go before first attempts. */
    private final Deque<BulkTicket> retrying = new ArrayDeque<>();
    private final Deque<BulkTicket> waiting = new ArrayDeque<>();

    public TwoLaneRateLimit(int permits, Duration period, long nowNanos) {
        if (permits < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate limit needs permits >= 1 and a positive period");
        }
        this.capacity = permits;
        this.perNano = permits / (double) period.toNanos();
        this.tokens = permits;
        this.updatedAt = nowNanos;
    }

    /** A bulk send's place in line; {@link #cancel} takes it out. */
    public static final class BulkTicket {
        private final boolean retry;

        private BulkTicket(boolean retry) {
            this.retry = retry;
        }

        /** True when the send had been tried already (it waits ahead of first attempts). */
        public boolean retry() {
            return retry;
        }
    }

    /** Reserves one ordinary send; the time to wait before making it (zero when a token is there). */
    public synchronized Duration reserveOrdinary(long nowNanos) {
        refill(nowNanos);
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / perNano));
    }

    /**
     * Puts a bulk send in line. A {@code retry} (the platform refused an earlier attempt with "try
     * later") goes behind earlier retries but ahead of every first attempt: it was granted its turn
     * once, and its own retry deadline is running.
     */
    public synchronized BulkTicket queueBulk(boolean retry) {
        BulkTicket ticket = new BulkTicket(retry);
        (retry ? retrying : waiting).addLast(ticket);
        return ticket;
    }

    /**
     * The bulk sends that may go now, in line order: one per whole token left over. Each returned ticket
     * has its token and has left the line; its send must be made (or its token {@linkplain #returnUnused
     * returned}).
     */
    public synchronized List<BulkTicket> grantBulk(long nowNanos) {
        refill(nowNanos);
        List<BulkTicket> granted = new ArrayList<>();
        while (tokens >= 1 && (!retrying.isEmpty() || !waiting.isEmpty())) {
            granted.add(!retrying.isEmpty() ? retrying.pollFirst() : waiting.pollFirst());
            tokens -= 1;
        }
        return granted;
    }

    /**
     * When {@link #grantBulk} can next grant something, if nothing else is reserved meanwhile: empty
     * when no bulk send waits. Ordinary reservations made in between push it later, so a dispatcher
     * calls {@code grantBulk} then and asks again.
     */
    public synchronized Optional<Duration> untilNextBulkGrant(long nowNanos) {
        if (retrying.isEmpty() && waiting.isEmpty()) {
            return Optional.empty();
        }
        refill(nowNanos);
        if (tokens >= 1) {
            return Optional.of(Duration.ZERO);
        }
        return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano)));
    }

    /** Takes a waiting bulk send out of line (it gave up); false when it was granted already or unknown. */
    public synchronized boolean cancel(BulkTicket ticket) {
        return retrying.remove(ticket) || waiting.remove(ticket);
    }

    /**
     * Gives back the token of a granted bulk send that was not made (another sender had claimed the
     * message): the next send in line may use it.
     */
    public synchronized void returnUnused(long nowNanos) {
        refill(nowNanos);
        tokens = Math.min(capacity, tokens + 1);
    }

    /**
     * The platform says the account's window is spent until {@code untilReset} from now (X:
     * {@code x-rate-limit-remaining: 0} with {@code x-rate-limit-reset}; X counts in fixed windows, this
     * bucket refills continuously and would otherwise send into the spent window and get 429s whose reset
     * lies minutes away). The balance drops so that the next reservation waits until the reset, and the
     * ones after it keep the rate from there; never raised, so a longer wait already owed stays.
     */
    public synchronized void spentFor(Duration untilReset, long nowNanos) {
        refill(nowNanos);
        tokens = Math.min(tokens, 1 - perNano * Math.max(0, untilReset.toNanos()));
    }

    /** Bulk sends waiting for a token left over. */
    public synchronized int bulkWaiting() {
        return retrying.size() + waiting.size();
    }

    private void refill(long nowNanos) {
        if (nowNanos > updatedAt) {
            tokens = Math.min(capacity, tokens + (nowNanos - updatedAt) * perNano);
            updatedAt = nowNanos;
        }
    }
}
