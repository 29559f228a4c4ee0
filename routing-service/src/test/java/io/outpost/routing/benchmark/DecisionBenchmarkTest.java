package io.outpost.routing.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.routing.domain.CandidateIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DecisionBenchmark} with JMH (a few forks and iterations, a few minutes) and prints
 * p50 / p99 per decision, decisions per second on one thread, and the index's heap, with the
 * machine and the date. Not part of the default build:
 * <pre>
 * ../mvnw -B -q test -Pbenchmark -Dtest=DecisionBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * ({@code -Dbench.forks=2} to repeat in a second JVM; default 1.)
 */
@Tag("benchmark")
class DecisionBenchmarkTest {

    /** Threads deciding at once (decisions share the index under a read lock): -Dbench.threads. */
    static final int THREADS = Integer.getInteger("bench.threads", 1);
    /** One benchmark method only (indexed, fullScan, indexUpdate), no CPU-time section: -Dbench.only. */
    static final String ONLY = System.getProperty("bench.only");

    @Test
    void decisionCoreAt1kTo50kAgents() throws Exception {
        // JMH puts its lock file in java.io.tmpdir (target/tmp, made by devstack for the Quarkus tests,
        // not yet there when this is the only test run on a clean checkout).
        java.nio.file.Files.createDirectories(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        int forks = Integer.getInteger("bench.forks", 1);
        Options options = new OptionsBuilder()
                .include(DecisionBenchmark.class.getName() + "\\." + (ONLY == null ? "" : ONLY + "$"))
                .threads(THREADS)
                .mode(Mode.SampleTime).mode(Mode.Throughput)
                .timeUnit(TimeUnit.MICROSECONDS)
                .forks(forks)
                .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(TimeValue.seconds(2))
                .jvmArgs("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        List<String> lines = new ArrayList<>();
        lines.add("DecisionBenchmark, " + Instant.now() + ", " + BenchmarkMachine.describe());
        lines.add(String.format("%-12s %8s %14s %14s %14s", "benchmark", "agents", "p50 µs", "p99 µs", "ops/s (" + THREADS + (THREADS == 1 ? " thread)" : " threads)")));
        for (String benchmark : ONLY == null ? List.of("indexed", "fullScan", "indexUpdate") : List.of(ONLY)) {
            for (String agents : List.of("1000", "10000", "50000")) {
                RunResult sample = find(results, benchmark, agents, Mode.SampleTime);
                RunResult throughput = find(results, benchmark, agents, Mode.Throughput);
                assertThat(sample).as("%s at %s agents sampled", benchmark, agents).isNotNull();
                assertThat(throughput).as("%s at %s agents timed", benchmark, agents).isNotNull();
                var stats = sample.getPrimaryResult().getStatistics();
                // Throughput is in ops/µs: per second is a million times that.
                lines.add(String.format("%-12s %8s %14.2f %14.2f %14.0f", benchmark, agents, stats.getPercentile(50),
                        stats.getPercentile(99), throughput.getPrimaryResult().getScore() * 1_000_000));
            }
        }
        // The machine is shared (other builds run beside this one), so wall-clock percentiles include
        // time the thread was not running at all. CPU time per decision (this thread's, which
        // preemption does not advance) shows what a decision costs by itself.
        lines.add(String.format("%-12s %8s %14s %14s %14s", "CPU time", "agents", "p50 µs", "p99 µs", "decisions/CPU-s"));
        for (int agents : ONLY != null ? new int[0] : new int[] { 1_000, 10_000, 50_000 }) {
            lines.add(cpuTimes("indexed", agents, DecisionBenchmark::indexed, 20_000, 50_000));
            lines.add(cpuTimes("fullScan", agents, DecisionBenchmark::fullScan, agents >= 50_000 ? 200 : 2_000,
                    agents >= 50_000 ? 500 : 5_000));
        }
        for (int agents : new int[] { 1_000, 10_000, 50_000 }) {
            lines.add(String.format("index heap at %d agents: %.1f MiB", agents, indexHeapBytes(agents) / 1048576.0));
        }
        lines.forEach(System.out::println);
        Path report = Path.of("target", "benchmark-decision.txt");
        Files.write(report, lines);
        System.out.println("written to " + report.toAbsolutePath());
    }

    static String cpuTimes(String name, int agents, java.util.function.Function<DecisionBenchmark, Object> decision, int warmup,
            int measured) {
        DecisionBenchmark bench = new DecisionBenchmark();
        bench.agents = agents;
        bench.build();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Object sink = null;
        for (int i = 0; i < warmup; i++) {
            sink = decision.apply(bench);
        }
        long[] cpu = new long[measured];
        for (int i = 0; i < measured; i++) {
            long start = threads.getCurrentThreadCpuTime();
            sink = decision.apply(bench);
            cpu[i] = threads.getCurrentThreadCpuTime() - start;
        }
        assertThat(sink).as("the last decision found an agent or none, without failing").isNotSameAs(bench);
        long total = java.util.Arrays.stream(cpu).sum();
        java.util.Arrays.sort(cpu);
        return String.format("%-12s %8d %14.2f %14.2f %14.0f", name, agents, cpu[measured / 2] / 1e3,
                cpu[(int) Math.ceil(measured * 0.99) - 1] / 1e3, measured / (total / 1e9));
    }

    static RunResult find(Collection<RunResult> results, String benchmark, String agents, Mode mode) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + benchmark))
                .filter(r -> agents.equals(r.getParams().getParam("agents")))
                .filter(r -> r.getParams().getMode() == mode)
                .findFirst().orElse(null);
    }

    /**
     * Heap retained by an index of {@code agents} agents, their profiles included (in the service
     * the index holds the only copy): used heap after GC with it, minus without it.
     */
    static long indexHeapBytes(int agents) {
        long before = usedAfterGc();
        CandidateIndex index = new CandidateIndex();
        DecisionBenchmark.population(agents, new Random(42)).forEach(a -> index.put(a, DecisionBenchmark.NOW));
        long after = usedAfterGc();
        assertThat(index.size()).isEqualTo(agents);
        return after - before;
    }

    static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
