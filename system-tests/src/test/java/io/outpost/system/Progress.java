package io.outpost.system;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Waiting for the suite to drain a backlog: a fixed deadline would fail a slow but healthy suite
 * on a loaded machine (the suite falls behind above about 25 posts/s here), so a wait fails only
 * when the count stopped moving for a while.
 */
final class Progress {

    private Progress() {
    }

    /**
     * Polls {@code count} until it reaches {@code target}; fails when it has not changed for
     * {@code stall}. Returns the milliseconds waited.
     */
    static long await(String what, Callable<Long> count, long target, Duration stall, Supplier<String> state)
            throws InterruptedException {
        long started = System.nanoTime();
        long lastChange = started;
        Long last = null;
        while (true) {
            long now;
            try {
                now = count.call();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                now = last == null ? Long.MIN_VALUE : last; // a service not answering yet: no progress, not a failure
            }
            if (now >= target) {
                return Duration.ofNanos(System.nanoTime() - started).toMillis();
            }
            if (last == null || now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > stall.toNanos()) {
                throw new AssertionError(what + ": no progress for " + stall.toSeconds() + " s, at " + now + " of " + target
                        + " after " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s; " + state.get());
            }
            Thread.sleep(500);
        }
    }

    static long await(String what, Callable<Long> count, long target, Duration stall) throws InterruptedException {
        return await(what, count, target, stall, () -> "");
    }

    /** Polls until {@code condition} holds or {@code timeout} passes; returns whether it held. */
    static boolean until(Callable<Boolean> condition, Duration timeout, long pollMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return true;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // not answering yet: try again
            }
            Thread.sleep(pollMillis);
        } while (System.nanoTime() < deadline);
        return false;
    }
}
