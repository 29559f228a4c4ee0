package io.outpost.system.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One load step's latency figures and verdict, from each new post's intended send time and the
 * moment its case was seen assigned (issue 19, "An honest benchmark"). Pure arithmetic, no I/O.
 * <ul>
 * <li>Latency runs from the <em>intended</em> send time of the open-loop schedule, not from when the
 * request actually left: a generator that falls behind must not hide the wait (coordinated omission).</li>
 * <li>A post not assigned within {@code deadlineMillis} of its intended time is a timeout; timeouts sort
 * above every latency, so they push the percentiles up instead of vanishing from them.</li>
 * <li>p99 is "timeout" when more than 1 % of the posts timed out.</li>
 * <li>"Sustained" only if the posts not yet assigned when the step ends (its backlog) are all assigned
 * within {@code drainMillis} after it, and p99 &lt; 500 ms.</li>
 * </ul>
 */
record StepVerdict(int posts, int assigned, int timeouts, long p50, long p90, long p99, long max, int backlogAtEnd,
        long drainedAfterMillis, boolean drained, boolean sustained) {

    /** Marks a percentile that falls on a timeout. */
    static final long TIMEOUT = Long.MAX_VALUE;
    static final long SUSTAINED_P99_MILLIS = 500;

    /**
     * @param intendedAndAssigned per new post: {intended send, assigned} in milliseconds on one clock;
     *                            assigned is {@code null} if never seen assigned
     * @param stepEndMillis       when the step's schedule ended (the last intended send plus one period)
     */
    static StepVerdict of(List<Map.Entry<Long, Long>> intendedAndAssigned, long stepEndMillis, long drainMillis,
            long deadlineMillis) {
        List<Long> latencies = new ArrayList<>();
        int timeouts = 0;
        int assigned = 0;
        int backlog = 0;
        long lastBacklogAssigned = stepEndMillis;
        boolean drained = true;
        for (Map.Entry<Long, Long> post : intendedAndAssigned) {
            long intended = post.getKey();
            Long at = post.getValue();
            if (at != null) {
                assigned++;
            }
            if (at == null || at - intended > deadlineMillis) {
                timeouts++;
                latencies.add(TIMEOUT);
            } else {
                latencies.add(Math.max(0, at - intended));
            }
            if (at == null || at > stepEndMillis) {
                backlog++;
                if (at == null || at > stepEndMillis + drainMillis) {
                    drained = false;
                } else {
                    lastBacklogAssigned = Math.max(lastBacklogAssigned, at);
                }
            }
        }
        latencies.sort(null);
        long p99 = percentile(latencies, 99);
        if (timeouts * 100 > latencies.size()) {
            p99 = TIMEOUT;
        }
        boolean sustained = drained && p99 < SUSTAINED_P99_MILLIS;
        return new StepVerdict(latencies.size(), assigned, timeouts, percentile(latencies, 50), percentile(latencies, 90), p99,
                percentile(latencies, 100), backlog, drained ? lastBacklogAssigned - stepEndMillis : -1, drained, sustained);
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String millis(long value) {
        return value == TIMEOUT ? "timeout" : value < 0 ? "-" : value + " ms";
    }

    /**
     * CPU per post: (CPU over the step − idle rate × step length) / posts processed, in ms.
     * Negative results are kept (noise on a shared machine shows as such, not hidden by a floor).
     */
    static double cpuPerPost(double cpuMillisOverStep, double idleMillisPerSecond, double stepSeconds, int postsProcessed) {
        return (cpuMillisOverStep - idleMillisPerSecond * stepSeconds) / Math.max(1, postsProcessed);
    }
}
