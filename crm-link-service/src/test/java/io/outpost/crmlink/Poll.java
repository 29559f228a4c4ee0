package io.outpost.crmlink;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for the asynchronous effect of an event: probes until it holds or the timeout passes. */
public final class Poll {

    private Poll() {
    }

    public static <T> T until(Duration timeout, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not as expected after " + timeout + ": " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            last = probe.get();
        }
        return last;
    }
}
