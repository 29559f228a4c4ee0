package io.outpost.devstack;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for the asynchronous effect of an event in a test: probes until the result is as
 * expected or the timeout passes, then fails naming the last result. Never a fixed sleep.
 */
public final class Poll {

    private static final long INTERVAL_MILLIS = 50;

    private Poll() {
    }

    public static <T> T until(Duration timeout, Supplier<T> probe, Predicate<T> done) {
        return until("the expected state", timeout, probe, done);
    }

    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " after " + timeout + "; last seen: " + last);
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            last = probe.get();
        }
        return last;
    }
}
