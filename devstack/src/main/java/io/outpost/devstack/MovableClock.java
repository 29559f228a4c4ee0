package io.outpost.devstack;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock for the sandbox that a test moves on instead of waiting ({@link XRules#withClock}): X's token expiry and
 * rate-limit windows, Meta's usage windows, and when Meta's customers wrote ({@link MetaCustomers}) all read it.
 */
public final class MovableClock implements InstantSource {

    private volatile Instant now;

    public MovableClock(Instant start) {
        this.now = start;
    }

    /** Starting at the real time now. */
    public static MovableClock startingNow() {
        return new MovableClock(Instant.now());
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }
}
