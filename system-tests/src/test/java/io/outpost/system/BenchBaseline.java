package io.outpost.system;

import java.util.List;

/**
 * The load generator's door to {@link RawKafkaBaseline} (package-private to the system tests): the
 * benchmark's child process measures the raw produce → consume floor beside the suite's load.
 */
public final class BenchBaseline {

    private BenchBaseline() {
    }

    /** Produce-to-consume latencies in milliseconds, one record at a time (see {@link RawKafkaBaseline}). */
    public static List<Long> produceToConsumeMillis(String bootstrap, int samples) throws Exception {
        return RawKafkaBaseline.produceToConsumeMillis(bootstrap, samples);
    }
}
