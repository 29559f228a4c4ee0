package io.outpost.ingest.domain;

import java.time.Duration;

/**
 * A token bucket: {@code permits} sends per {@code period}, up to {@code permits} at once. A send
 * reserves a token and is told how long to wait for it; reservations queue up (the balance goes
 * negative), so callers that all wait what they are told never exceed the rate.
 */
public final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long updatedAt;

    public TokenBucket(int permits, Duration period, long nowNanos) {
        if (permits < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate limit needs permits >= 1 and a positive period");
        }
        this.capacity = permits;
        this.perNano = permits / (double) period.toNanos();
        this.tokens = permits;
        this.updatedAt = nowNanos;
    }

    /** Reserves one send; the time to wait before making it (zero when a token is there). */
    public synchronized Duration reserve(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - updatedAt) * perNano);
        updatedAt = nowNanos;
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / perNano));
    }
}
