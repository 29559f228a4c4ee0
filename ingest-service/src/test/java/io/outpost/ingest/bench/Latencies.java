package io.outpost.ingest.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of measured durations (nanoseconds in, milliseconds out) and medians of repeated runs. */
final class Latencies {

    private Latencies() {
    }

    /** The p-th percentile (nearest rank) in milliseconds; NaN when there is nothing. */
    static double percentileMillis(long[] nanos, double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static String millis(double value) {
        return Double.isNaN(value) ? "—" : value < 10 ? String.format("%.1f", value) : String.format("%.0f", value);
    }
}
