package io.outpost.routing.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.devstack.TestEvents;
import io.outpost.routing.RoutingFixtures;
import io.outpost.routing.benchmark.BenchmarkMachine;
import io.outpost.routing.domain.WaitingCase;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's scale through the real store: 50,000 agents and 1,000,000 waiting cases in the devstack
 * PostgreSQL, then new cases routed one by one and from several threads through
 * {@link CaseIntake#enqueue} (index shortlist, agent row lock and re-check, assignment, task,
 * outbox row, commit). Baseline in the same run: the same transaction for cases on a channel no
 * agent serves (no candidate: the task is only stored). Not part of the default build, and it
 * fills the database, so it runs alone:
 * <pre>
 * ../mvnw -B -q test -Pbenchmark -Dtest=RoutingScaleBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Tag("benchmark")
@QuarkusTest
class RoutingScaleBenchmarkTest {

    static final int AGENTS = Integer.getInteger("bench.agents", 50_000);
    static final int WAITING = Integer.getInteger("bench.waiting", 1_000_000);
    static final int SEQUENTIAL = Integer.getInteger("bench.decisions", 2_000);
    static final int THREADS = 8;
    /** The case consumer's concurrency (mp.messaging.incoming.cases.concurrency). */
    static final int CONSUMERS = 3;
    static final int THROUGH_KAFKA = Integer.getInteger("bench.through-kafka", 20_000);
    static final int SKILLS = 40;

    @Inject
    CaseIntake intake;

    @Inject
    AgentIndex agentIndex;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry meters;

    long sql(String sql, Tuple params) {
        return pool.preparedQuery(sql).execute(params).await().atMost(Duration.ofMinutes(10)).rowCount();
    }

    List<Row> rows(String sql) {
        List<Row> rows = new ArrayList<>();
        pool.query(sql).execute().await().atMost(Duration.ofMinutes(5)).forEach(rows::add);
        return rows;
    }

    @Test
    void decisionsWith50kAgentsAnd1mWaitingCases() throws Throwable {
        String run = RoutingFixtures.unique("bench");
        List<String> lines = new ArrayList<>();
        lines.add("RoutingScaleBenchmark, " + Instant.now() + ", " + BenchmarkMachine.describe());

        // Agents: 3 distinct skills of 40 at proficiency 1-5, English (a quarter also German), 1-2
        // channels with 2-4 slots, 50 teams, 1 in 200 a supervisor, all available and idle.
        long t0 = System.nanoTime();
        sql("insert into agent (id, username, display_name, team, skills, languages, channels, presence, presence_since, "
                + "created_at, supervisor) select gen_random_uuid(), $1 || '-' || i, 'Agent ' || i, 'team-' || (i % 50), "
                + "json_build_object('skill-' || (i % 40), 1 + (i * 7) % 5, 'skill-' || ((i + 13) % 40), 1 + (i * 11) % 5, "
                + "'skill-' || ((i + 27) % 40), 1 + (i * 13) % 5)::text, "
                + "case when i % 4 = 0 then '[\"en\",\"de\"]' else '[\"en\"]' end, "
                + "case when i % 3 = 0 then json_build_object('x', 2 + i % 3, 'chat', 2 + i % 2)::text "
                + "else json_build_object('x', 2 + i % 3)::text end, "
                + "'available', now() - make_interval(secs => i % 3600), now(), i % 200 = 0 "
                + "from generate_series(1, $2) as i", Tuple.of(run, AGENTS));
        lines.add(String.format("loaded %,d agents in %.1f s", AGENTS, (System.nanoTime() - t0) / 1e9));

        // The backlog: waiting cases needing one skill, on x and chat, over the last day.
        t0 = System.nanoTime();
        sql("insert into routing_task (case_id, channel, priority, required_skills, language, opened_at, enqueued_at, status, "
                + "last_attempt_at, queue, excluded_agents) select gen_random_uuid(), case when i % 2 = 0 then 'x' else 'chat' end, "
                + "1 + i % 4, '[\"skill-' || (i % 40) || '\"]', 'en', now() - make_interval(secs => i % 86400), "
                + "now() - make_interval(secs => i % 86400), 'waiting', now() - make_interval(secs => i % 86400), 'default', '[]' "
                + "from generate_series(1, $1) as i", Tuple.of(WAITING));
        sql("analyze", Tuple.tuple());
        lines.add(String.format("loaded %,d waiting cases in %.1f s", WAITING, (System.nanoTime() - t0) / 1e9));
        Row counts = rows("select (select count(*) from agent where presence = 'available'), "
                + "(select count(*) from routing_task where status = 'waiting')").get(0);
        assertThat(counts.getLong(0)).isGreaterThanOrEqualTo(AGENTS);
        assertThat(counts.getLong(1)).isGreaterThanOrEqualTo(WAITING);

        // What a starting instance does: load the index. Its heap is the used heap after GC with it, minus before.
        long heapBefore = usedAfterGc();
        t0 = System.nanoTime();
        int indexed = VertxContextSupport.subscribeAndAwait(() -> agentIndex.reloadAll());
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        long heapAfter = usedAfterGc();
        assertThat(indexed).isGreaterThanOrEqualTo(AGENTS);
        lines.add(String.format("index reload of %,d available agents: %.2f s, heap %.1f MiB", indexed, loadSeconds,
                (heapAfter - heapBefore) / 1048576.0));
        t0 = System.nanoTime();
        int polled = VertxContextSupport.subscribeAndAwait(() -> agentIndex.pollChanges());
        lines.add(String.format("index poll with nothing changed: %.1f ms (%d agents re-read)", (System.nanoTime() - t0) / 1e6,
                polled));

        // Warm-up, then the measured rounds: routed cases, and the no-candidate baseline.
        route(200, "x");
        route(200, "nobody");
        long[] routed = route(SEQUENTIAL, "x");
        lines.add(describe("routed, one at a time", routed));
        lines.add(decisionTimes("  of which choosing the agent (timer outpost.routing.decision)"));

        // Throughput: several transactions at once, as consumers and REST calls would run them.
        int perThread = SEQUENTIAL / THREADS;
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        t0 = System.nanoTime();
        try {
            List<Future<long[]>> done = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                done.add(threads.submit(() -> route(perThread, "chat")));
            }
            for (Future<long[]> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        lines.add(String.format("routed with %d threads: %,d decisions in %.1f s = %.0f decisions/s", THREADS, perThread * THREADS,
                seconds, perThread * THREADS / seconds));
        lines.add(decisionTimes("  choosing the agent, last ~2 minutes (one-at-a-time and 8-thread rounds)"));
        // Many cases to a transaction, as the case consumer routes one poll's case.opened run.
        boolean statements = Boolean.getBoolean("outpost.devstack.statement-statistics");
        if (statements) {
            sql("create extension if not exists pg_stat_statements", Tuple.tuple());
            rows("select pg_stat_statements_reset()");
        }
        for (int size : new int[] { 10, 100 }) {
            route(SEQUENTIAL / size / 4 + 1, size, "x"); // warm-up of this shape
            long[] together = route(SEQUENTIAL / size, size, "x");
            lines.add(describeBatches("routed " + size + " to a transaction (enqueueAll), one transaction at a time", together,
                    size));
            int batchesPerThread = SEQUENTIAL / size / CONSUMERS;
            t0 = System.nanoTime();
            List<Future<long[]>> parallel = new ArrayList<>();
            ExecutorService consumers = Executors.newFixedThreadPool(CONSUMERS);
            try {
                for (int i = 0; i < CONSUMERS; i++) {
                    String channel = i % 2 == 0 ? "x" : "chat";
                    parallel.add(consumers.submit(() -> route(batchesPerThread, size, channel)));
                }
                for (Future<long[]> f : parallel) {
                    f.get(10, TimeUnit.MINUTES);
                }
            } finally {
                consumers.shutdownNow();
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            lines.add(String.format("routed %d to a transaction on %d threads (the consumer's concurrency): %,d decisions in %.1f s "
                    + "= %.0f decisions/s", size, CONSUMERS, batchesPerThread * size * CONSUMERS, seconds,
                    batchesPerThread * size * CONSUMERS / seconds));
        }
        lines.add(decisionTimes("  choosing the agent, last ~2 minutes (including the batched rounds)"));

        if (statements) {
            lines.add("  PostgreSQL statements of the batched rounds by total time (pg_stat_statements):");
            for (Row r : rows("select calls, total_exec_time, mean_exec_time, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) "
                    + "from pg_stat_statements order by total_exec_time desc limit 12")) {
                lines.add(String.format("    calls %7d  total %8.0f ms  mean %7.3f ms  rows %8d  %s", r.getLong(0), r.getDouble(1),
                        r.getDouble(2), r.getLong(3), r.getString(4)));
            }
        }

        // End to end through Kafka: case.opened records written at once, read by the service's
        // consumer (a poll to a transaction), until every case is assigned.
        List<UUID> e2eCases = new ArrayList<>();
        List<java.util.Map.Entry<String, Object>> opened = new ArrayList<>();
        for (int i = 0; i < THROUGH_KAFKA; i++) {
            UUID caseId = UUID.randomUUID();
            e2eCases.add(caseId);
            opened.add(java.util.Map.entry(caseId.toString(), RoutingFixtures.caseOpened(caseId, Channel.X, 1 + i % 4,
                    List.of("skill-" + (i * 7) % SKILLS), "en")));
        }
        // Progress is counted cheaply (assignments since now, on their assigned_at index): a count over
        // 20,000 case ids every 100 ms would be PostgreSQL work of its own on the same 2 cores.
        Instant since = Instant.now(); // assigned_at is set by this JVM's clock
        t0 = System.nanoTime();
        TestEvents.publishAll(Topics.CASES, EventTypes.CASE_OPENED, opened);
        double produced = (System.nanoTime() - t0) / 1e9;
        long routedCount = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        // Until every case is assigned, or nothing moved for 5 s: a case whose candidates were all
        // taken by concurrent transactions in every round waits for the service's sweep (every 5 s;
        // tests switch the timer off), which at this backlog visits the stalest cases first.
        long lastProgress = System.nanoTime();
        while (routedCount < THROUGH_KAFKA && System.nanoTime() < deadline
                && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(5)) {
            Thread.sleep(100);
            long now = pool.preparedQuery("select count(*) from assignment where assigned_at >= $1")
                    .execute(Tuple.of(since.atOffset(java.time.ZoneOffset.UTC))).await().atMost(Duration.ofMinutes(1))
                    .iterator().next().getLong(0);
            if (now != routedCount) {
                routedCount = now;
                lastProgress = System.nanoTime();
            }
        }
        double e2e = (lastProgress - t0) / 1e9;
        UUID[] e2eIds = e2eCases.toArray(UUID[]::new);
        Row outcome = pool.preparedQuery("select count(*), count(*) filter (where status = 'waiting') from routing_task "
                + "where case_id = any($1)").execute(Tuple.of(e2eIds)).await().atMost(Duration.ofMinutes(1)).iterator().next();
        assertThat(outcome.getLong(0)).as("cases taken up through Kafka").isEqualTo(THROUGH_KAFKA);
        assertThat(outcome.getLong(1)).as("cases left waiting although agents were free").isLessThan(THROUGH_KAFKA / 100);
        lines.add(String.format("through Kafka: %,d case.opened written in %.1f s (one producer); %,d assigned %.1f s after the "
                + "first was written = %.0f decisions/s end to end; left waiting for the sweep (every candidate taken "
                + "meanwhile): %d", THROUGH_KAFKA, produced, THROUGH_KAFKA - outcome.getLong(1), e2e, THROUGH_KAFKA / e2e,
                outcome.getLong(1)));
        DistributionSummary together = meters.find("outpost.inbox.events.together").summary();
        lines.add(String.format("  events per consumer transaction: mean %.1f, max %.0f (%,d transactions)", together.mean(),
                together.max(), together.count()));

        // The baseline last, so that its decisions (nobody to choose from) stay out of the timer figures above.
        lines.add(describe("baseline (no agent on the channel: task stored only)", route(SEQUENTIAL, "nobody")));

        // Nothing assigned twice, nobody over capacity on any channel.
        assertThat(rows("select case_id from assignment where released_at is null group by case_id having count(*) > 1"))
                .as("cases with two active assignments").isEmpty();
        assertThat(rows("select a.id from agent a join (select agent_id, channel, count(*) n from assignment "
                + "where released_at is null group by agent_id, channel) l on l.agent_id = a.id "
                + "where l.n > coalesce(cast(cast(a.channels as jsonb) ->> l.channel as integer), 0)"))
                .as("agents over capacity").isEmpty();
        long assigned = rows("select count(*) from assignment where released_at is null").get(0).getLong(0);
        lines.add(String.format("active assignments afterwards: %,d; JVM heap in use after GC: %.0f MiB", assigned,
                usedAfterGc() / 1048576.0));

        lines.forEach(System.out::println);
        Files.write(Path.of("target", "benchmark-routing-scale.txt"), lines);
    }

    /**
     * Routes {@code batches} × {@code size} new single-skill English cases on {@code channel}, {@code size}
     * to a transaction through {@link CaseIntake#enqueueAll}; returns each transaction's nanoseconds.
     */
    long[] route(int batches, int size, String channel) throws Exception {
        long[] nanos = new long[batches];
        for (int b = 0; b < batches; b++) {
            List<CaseIntake.NewCase> cases = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int n = b * size + i;
                cases.add(new CaseIntake.NewCase(new WaitingCase(UUID.randomUUID(), channel, 1 + n % 4,
                        Set.of("skill-" + (n * 7) % SKILLS), "en", Instant.now()), Instant.now(), null, null));
            }
            long start = System.nanoTime();
            try {
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> intake.enqueueAll(cases)));
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            nanos[b] = System.nanoTime() - start;
        }
        return nanos;
    }

    static String describeBatches(String what, long[] nanos, int size) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double total = Arrays.stream(nanos).sum() / 1e9;
        return String.format("%s: %,d transactions of %d, per transaction p50 %.2f ms, p99 %.2f ms, %.0f decisions/s", what,
                nanos.length, size, sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
                nanos.length * size / total);
    }

    /** Routes {@code count} new single-skill English cases on {@code channel}; returns each transaction's nanoseconds. */
    long[] route(int count, String channel) throws Exception {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            WaitingCase wanted = new WaitingCase(UUID.randomUUID(), channel, 1 + i % 4, Set.of("skill-" + (i * 7) % SKILLS), "en",
                    Instant.now());
            long start = System.nanoTime();
            try {
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                        () -> intake.enqueue(new CaseIntake.NewCase(wanted, Instant.now(), null, null))));
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    /**
     * Routing's own timer of the decision step (shortlist and ranking), as the service
     * publishes it; Micrometer's percentiles cover its sliding window (about the last 2 minutes).
     */
    String decisionTimes(String what) {
        Timer timer = meters.find("outpost.routing.decision").timer();
        assertThat(timer).as("the decision timer").isNotNull();
        HistogramSnapshot snapshot = timer.takeSnapshot();
        StringBuilder line = new StringBuilder(String.format("%s: %,d decisions, mean %.3f ms", what, snapshot.count(),
                snapshot.mean(TimeUnit.MILLISECONDS)));
        for (ValueAtPercentile p : snapshot.percentileValues()) {
            line.append(String.format(", p%.0f %.3f ms", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
        }
        return line.append(String.format(", max %.3f ms", snapshot.max(TimeUnit.MILLISECONDS))).toString();
    }

    static String describe(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double total = Arrays.stream(nanos).sum() / 1e9;
        return String.format("%s: %,d decisions, p50 %.2f ms, p99 %.2f ms, %.0f decisions/s", what, nanos.length,
                sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6, nanos.length / total);
    }

    static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
