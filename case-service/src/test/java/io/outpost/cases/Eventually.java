package io.outpost.cases;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until something the service does asynchronously (consume, store, publish) can be seen. */
public final class Eventually {

    public static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 100;

    private Eventually() {
    }

    /** The first value of {@code probe} that satisfies {@code done}; fails naming {@code what} after the timeout. */
    public static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T last = null;
        while (true) {
            last = probe.get();
            if (last != null && done.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen within " + TIMEOUT + ": " + what + "; last value: " + last);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
