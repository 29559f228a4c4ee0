package io.outpost.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Topics;
import io.outpost.devstack.Devstack;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's benchmark: a signed X webhook delivery (a real twcs-dev tweet) POSTed to the running
 * service until it is answered 200 — queued on {@code outpost.webhooks} and acknowledged by Kafka —
 * and on until its {@code post.ingested} record is read from {@code outpost.posts}, at fixed offered
 * rates and at saturation, beside a raw Kafka producer sending the same bytes to the same broker in
 * the same run with the service producer's settings. Each run waits until all its posts were
 * ingested, so one run's backlog does not load the next.
 *
 * <p>Not part of the default build ({@code @Tag("benchmark")}, and surefire only includes
 * {@code *Benchmark} classes in the {@code benchmark} profile):
 * {@code ../mvnw -B test -Pbenchmark -Dtest=WebhookBenchmark} (README, "Benchmarks"). Properties: {@code bench.rates}
 * (250,500,1000,2000), {@code bench.seconds} per run (10), {@code bench.repeats} (3),
 * {@code bench.concurrency} in flight at saturation (64), {@code bench.warmup-seconds} (10).
 *
 * <p>Latencies: <b>HTTP</b> from just before the POST is handed to the HTTP client to the 200 (the
 * delivery acknowledged by Kafka); <b>post.ingested</b> from the same moment to the moment this
 * test's consumer reads the post's event (after the service's consumer stored it and its outbox
 * relay published it). The raw baseline: a producer configured like the service's
 * (acks=all, idempotent, linger 1 ms, lz4) sends each delivery's body as a record at the same rate;
 * its acknowledgement latency is the HTTP figure's counterpart.
 */
@QuarkusTest
@TestProfile(WebhookBenchmark.ProductionSettings.class)
@Tag("benchmark")
class WebhookBenchmark {

    /** The service as deployed, not as the wiring tests configure it (they widen the enrichment budget). */
    public static class ProductionSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("outpost.enrichment.budget", "250ms",
                    "quarkus.log.category.\"io.outpost.ingest.api.WebhookIntake\".level", "WARN");
        }
    }

    static final List<Integer> RATES = List.of(System.getProperty("bench.rates", "250,500,1000,2000").split(","))
            .stream().map(String::strip).map(Integer::parseInt).toList();
    static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 64);
    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup-seconds", 10);
    /**
     * Requests in flight at most (the HTTP client opens a connection per concurrent request; unbounded,
     * a backlog exhausts the file descriptors). A request waiting for a slot is late: its latency counts
     * from when it was due, so the wait is in the figures.
     */
    static final int MAX_IN_FLIGHT = Integer.getInteger("bench.max-in-flight", 256);
    /** A run whose records stop arriving for this long has lost some: the benchmark fails. */
    static final Duration QUIET = Duration.ofSeconds(60);

    @TestHTTPResource("/webhooks/x")
    URI webhook;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * One run's figures.
     *
     * @param postsPerSecond   deliveries acknowledged per second: answered 200 by the webhook (queued on Kafka), or for the
     *                         raw producer acknowledged by the broker; from the first send to the last acknowledgement
     * @param drainedPerSecond the same deliveries read back per second ({@code post.ingested}, or the raw record), from the
     *                         first send to the last arrival
     * @param httpP50          to the acknowledgement (the webhook's 200, the raw producer's callback)
     * @param cpuMillisPerPost CPU time of this JVM (service, broker, client) per post during the run
     */
    record Run(int offered, int sent, double postsPerSecond, double drainedPerSecond, double e2eP50, double e2eP99,
            double httpP50, double httpP99, long failures, double cpuMillisPerPost) {
    }

    /** CPU time of this JVM so far: on a shared machine, work per post is steadier than posts per second. */
    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    @Test
    void signedWebhookToKafka() throws Exception {
        String secret = ConfigProvider.getConfig().getValue("outpost.x.consumer-secret", String.class);
        TwcsDeliveries deliveries = TwcsDeliveries.load(datasetPath(), secret);
        String bootstrap = Devstack.testKafkaBootstrap();
        StringBuilder report = new StringBuilder();
        report.append(String.format("%n## ingest-service webhook benchmark%n%n%s%n", machine()));
        report.append(String.format("Deliveries: one tweet each, %d customer tweets of twcs-dev.csv cycled; %d s per run, "
                + "%d runs per rate (medians), at most %d requests in flight at fixed rates (latency counted from when a "
                + "request was due), %d at saturation%n", deliveries.size(), SECONDS, REPEATS, MAX_IN_FLIGHT, CONCURRENCY));
        Map<Integer, List<Run>> webhookRuns = new LinkedHashMap<>();
        Map<Integer, List<Run>> rawRuns = new LinkedHashMap<>();
        List<Run> webhookMax = new ArrayList<>();
        List<Run> rawMax = new ArrayList<>();
        List<Run> rawMaxBounded = new ArrayList<>();
        try (PostArrivals posts = new PostArrivals(bootstrap, Topics.POSTS, PostArrivals::ingestedExternalId);
                RawKafka raw = new RawKafka(bootstrap)) {
            progress("warm-up: %d posts/s for %d s (not reported)", 200, WARMUP_SECONDS);
            webhookAtRate(deliveries, posts, 200, WARMUP_SECONDS);
            raw.atRate(deliveries, 200, WARMUP_SECONDS);
            for (int repeat = 1; repeat <= REPEATS; repeat++) {
                for (int rate : RATES) {
                    Run w = webhookAtRate(deliveries, posts, rate, SECONDS);
                    progress("run %d, %d/s: webhook %s", repeat, rate, w);
                    webhookRuns.computeIfAbsent(rate, r -> new ArrayList<>()).add(w);
                    Run r = raw.atRate(deliveries, rate, SECONDS);
                    progress("run %d, %d/s: raw     %s", repeat, rate, r);
                    rawRuns.computeIfAbsent(rate, x -> new ArrayList<>()).add(r);
                }
                Run w = webhookSaturated(deliveries, posts, CONCURRENCY, SECONDS);
                progress("run %d, saturation: webhook %s", repeat, w);
                webhookMax.add(w);
                Run r = raw.saturated(deliveries, Integer.MAX_VALUE, SECONDS);
                progress("run %d, saturation: raw     %s", repeat, r);
                rawMax.add(r);
                Run rb = raw.saturated(deliveries, CONCURRENCY, SECONDS);
                progress("run %d, saturation: raw, %d in flight %s", repeat, CONCURRENCY, rb);
                rawMaxBounded.add(rb);
            }
            assertThat(posts.duplicates()).as("post.ingested records read twice").isZero();
        }
        report.append(String.format("%n| offered posts/s | webhook: queued posts/s | HTTP 200 p50 | HTTP 200 p99 | not 200 "
                + "| post.ingested p50 | post.ingested p99 | ingested posts/s | JVM CPU per post | raw: acked records/s "
                + "| raw ack p50 | raw ack p99 | raw consumed p99 |%n|---|---|---|---|---|---|---|---|---|---|---|---|---|%n"));
        for (int rate : RATES) {
            List<Run> w = webhookRuns.get(rate);
            List<Run> r = rawRuns.get(rate);
            report.append(String.format("| %d | %.0f | %s ms | %s ms | %d | %s ms | %s ms | %.0f | %s ms | %.0f | %s ms | %s ms | %s ms |%n",
                    rate, median(w, Run::postsPerSecond), ms(w, Run::httpP50), ms(w, Run::httpP99),
                    w.stream().mapToLong(Run::failures).sum(), ms(w, Run::e2eP50), ms(w, Run::e2eP99),
                    median(w, Run::drainedPerSecond), ms(w, Run::cpuMillisPerPost), median(r, Run::postsPerSecond),
                    ms(r, Run::httpP50), ms(r, Run::httpP99), ms(r, Run::e2eP99)));
        }
        double webhookSustained = median(webhookMax, Run::postsPerSecond);
        double rawSustained = median(rawMax, Run::postsPerSecond);
        double rawBounded = median(rawMaxBounded, Run::postsPerSecond);
        report.append(String.format("%nSaturation (closed loop, medians of %d runs; each run %s):%n", REPEATS,
                webhookMax.stream().map(run -> String.format("%.0f", run.postsPerSecond())).toList()));
        report.append(String.format("- webhook, %d in flight: %.0f deliveries/s answered 200, i.e. acknowledged by Kafka (HTTP p50 %s"
                + " ms, p99 %s ms); then ingested at %.0f posts/s (post.ingested p50 %s ms, p99 %s ms); JVM CPU %s ms per post%n",
                CONCURRENCY, webhookSustained, ms(webhookMax, Run::httpP50), ms(webhookMax, Run::httpP99),
                median(webhookMax, Run::drainedPerSecond), ms(webhookMax, Run::e2eP50), ms(webhookMax, Run::e2eP99),
                ms(webhookMax, Run::cpuMillisPerPost)));
        report.append(String.format("- raw producer, unbounded: %.0f records/s acknowledged (ack p50 %s ms, p99 %s ms)%n",
                rawSustained, ms(rawMax, Run::httpP50), ms(rawMax, Run::httpP99)));
        report.append(String.format("- raw producer, %d unacknowledged at most: %.0f records/s%n", CONCURRENCY, rawBounded));
        report.append(String.format("- webhook / raw unbounded: %.3fx (target ≥ 0.5x); webhook / raw at %d in flight: %.3fx%n",
                webhookSustained / rawSustained, CONCURRENCY, webhookSustained / rawBounded));
        webhookRuns.entrySet().stream().filter(e -> e.getKey() == 1000).findFirst().ifPresent(e -> report.append(String.format(
                "- at 1,000 posts/s offered: HTTP 200 (acknowledged by Kafka) p99 %s ms (target < 25 ms); post.ingested p99 %s ms%n",
                ms(e.getValue(), Run::httpP99), ms(e.getValue(), Run::e2eP99))));
        report.append(String.format("Load average at the end: %s%n", loadAverage()));
        System.out.println(report);
        Path out = Path.of("target", "benchmark", "webhook-" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                .toString().replace(':', '-') + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        long refused = webhookRuns.values().stream().flatMap(List::stream).mapToLong(Run::failures).sum()
                + webhookMax.stream().mapToLong(Run::failures).sum();
        System.out.printf("Deliveries not answered 200 (all runs): %d%n", refused);
    }

    /** Offers {@code rate} deliveries per second for {@code seconds}, open loop; waits for every record. */
    Run webhookAtRate(TwcsDeliveries deliveries, PostArrivals posts, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        String run = newRun();
        List<TwcsDeliveries.Delivery> batch = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            batch.add(deliveries.delivery(run, i));
        }
        long[] sentAt = new long[total];
        long[] httpNanos = new long[total];
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(total);
        Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
        long cpu = processCpuNanos();
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * period;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            slots.acquire();
            send(batch.get(i), i, due, sentAt, httpNanos, failures, answered, slots);
        }
        return finish(posts, rate, batch, sentAt, httpNanos, failures, answered, start, cpu);
    }

    /** As many deliveries as {@code inFlight} allows for {@code seconds}: the service's maximum sustained rate. */
    Run webhookSaturated(TwcsDeliveries deliveries, PostArrivals posts, int inFlight, int seconds) throws Exception {
        String run = newRun();
        int capacity = 20_000 * seconds;
        List<TwcsDeliveries.Delivery> batch = new ArrayList<>();
        long[] sentAt = new long[capacity];
        long[] httpNanos = new long[capacity];
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(capacity);
        Semaphore slots = new Semaphore(inFlight);
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        int i = 0;
        while (System.nanoTime() < end && i < capacity) {
            slots.acquire();
            TwcsDeliveries.Delivery delivery = deliveries.delivery(run, i);
            batch.add(delivery);
            send(delivery, i, System.nanoTime(), sentAt, httpNanos, failures, answered, slots);
            i++;
        }
        for (int unused = i; unused < capacity; unused++) {
            answered.countDown();
        }
        return finish(posts, 0, batch, sentAt, httpNanos, failures, answered, start, cpu);
    }

    /** Sends one delivery; its latencies count from {@code due} (when it was due, or now at saturation). */
    private void send(TwcsDeliveries.Delivery delivery, int index, long due, long[] sentAt, long[] httpNanos,
            AtomicInteger failures, CountDownLatch answered, Semaphore slots) {
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .header("Content-Type", "application/json")
                .header("x-twitter-webhooks-signature", delivery.signature())
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                .build();
        sentAt[index] = due;
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            httpNanos[index] = System.nanoTime() - sentAt[index];
            if (failure != null || response.statusCode() != 200) {
                httpNanos[index] = -1; // not accepted: nothing to wait for on Kafka
                if (failures.getAndIncrement() < 5) {
                    System.out.printf("delivery %d: %s%n", index, failure != null ? failure : response.statusCode());
                }
            }
            slots.release();
            answered.countDown();
        });
    }

    private static Run finish(PostArrivals posts, int offered, List<TwcsDeliveries.Delivery> batch, long[] sentAt,
            long[] httpNanos, AtomicInteger failures, CountDownLatch answered, long start, long cpuBefore)
            throws InterruptedException {
        assertThat(answered.await(120, TimeUnit.SECONDS)).as("every delivery answered").isTrue();
        // Every delivery answered 200 must be published, once; one refused (a 5xx under overload) is the
        // platform's to send again, and is counted as a failure instead.
        List<Integer> acceptedIndexes = java.util.stream.IntStream.range(0, batch.size()).filter(i -> httpNanos[i] >= 0)
                .boxed().toList();
        List<String> ids = acceptedIndexes.stream().map(i -> batch.get(i).externalId()).toList();
        long missing = posts.awaitAll(ids, QUIET);
        assertThat(missing).as("posts answered 200 but never published (of %d)", ids.size()).isZero();
        int n = ids.size();
        long[] e2e = new long[n];
        long[] http = new long[n];
        long lastArrival = start;
        long lastAnswer = start;
        for (int k = 0; k < n; k++) {
            int i = acceptedIndexes.get(k);
            long arrived = posts.arrivedAt(ids.get(k));
            e2e[k] = arrived - sentAt[i];
            http[k] = httpNanos[i];
            lastArrival = Math.max(lastArrival, arrived);
            lastAnswer = Math.max(lastAnswer, sentAt[i] + httpNanos[i]);
        }
        return new Run(offered, n, n / ((lastAnswer - start) / 1e9), n / ((lastArrival - start) / 1e9),
                Latencies.percentileMillis(e2e, 50), Latencies.percentileMillis(e2e, 99),
                Latencies.percentileMillis(http, 50), Latencies.percentileMillis(http, 99), failures.get(),
                (processCpuNanos() - cpuBefore) / 1e6 / n);
    }

    /** The raw baseline: the same bodies as records, produced the way the outbox relay produces. */
    static final class RawKafka implements AutoCloseable {
        final String topic = "bench.raw." + UUID.randomUUID();
        final KafkaProducer<String, String> producer;
        final PostArrivals arrivals;

        RawKafka(String bootstrap) throws Exception {
            Properties config = new Properties();
            config.put("bootstrap.servers", bootstrap);
            config.put("acks", "all");
            config.put("enable.idempotence", "true");
            config.put("linger.ms", "1");
            // The settings of the service's own producer (messaging/WebhookQueue), so that the two differ only by
            // what the service does around the send.
            config.put("compression.type", "lz4");
            producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
            producer.send(new ProducerRecord<>(topic, "warm-up", "warm-up")).get(30, TimeUnit.SECONDS);
            arrivals = new PostArrivals(bootstrap, topic, record -> record.key());
        }

        Run atRate(TwcsDeliveries deliveries, int rate, int seconds) throws Exception {
            int total = rate * seconds;
            String run = newRun();
            List<String> keys = new ArrayList<>(total);
            List<String> values = new ArrayList<>(total);
            for (int i = 0; i < total; i++) {
                TwcsDeliveries.Delivery d = deliveries.delivery(run, i);
                keys.add(d.externalId());
                values.add(TwcsDeliveries.text(d.body()));
            }
            long[] sentAt = new long[total];
            long[] ackNanos = new long[total];
            AtomicLong failures = new AtomicLong();
            CountDownLatch acked = new CountDownLatch(total);
            long period = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * period;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                produce(keys.get(i), values.get(i), i, sentAt, ackNanos, failures, acked, null);
            }
            return finish(rate, keys, sentAt, ackNanos, failures, acked, start);
        }

        Run saturated(TwcsDeliveries deliveries, int inFlight, int seconds) throws Exception {
            String run = newRun();
            int capacity = 400_000 * seconds;
            List<String> keys = new ArrayList<>();
            long[] sentAt = new long[capacity];
            long[] ackNanos = new long[capacity];
            AtomicLong failures = new AtomicLong();
            CountDownLatch acked = new CountDownLatch(capacity);
            Semaphore slots = inFlight == Integer.MAX_VALUE ? null : new Semaphore(inFlight);
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            int i = 0;
            while (System.nanoTime() < end && i < capacity) {
                if (slots != null) {
                    slots.acquire();
                }
                TwcsDeliveries.Delivery d = deliveries.delivery(run, i);
                keys.add(d.externalId());
                produce(d.externalId(), TwcsDeliveries.text(d.body()), i, sentAt, ackNanos, failures, acked, slots);
                i++;
            }
            for (int unused = i; unused < capacity; unused++) {
                acked.countDown();
            }
            return finish(0, keys, sentAt, ackNanos, failures, acked, start);
        }

        private void produce(String key, String value, int index, long[] sentAt, long[] ackNanos, AtomicLong failures,
                CountDownLatch acked, Semaphore slots) {
            sentAt[index] = System.nanoTime();
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, failure) -> {
                ackNanos[index] = System.nanoTime() - sentAt[index];
                if (failure != null) {
                    failures.incrementAndGet();
                }
                if (slots != null) {
                    slots.release();
                }
                acked.countDown();
            });
        }

        private Run finish(int offered, List<String> keys, long[] sentAt, long[] ackNanos, AtomicLong failures,
                CountDownLatch acked, long start) throws InterruptedException {
            assertThat(acked.await(120, TimeUnit.SECONDS)).as("every raw record acknowledged").isTrue();
            assertThat(arrivals.awaitAll(keys, QUIET)).as("raw records never consumed").isZero();
            int n = keys.size();
            long[] e2e = new long[n];
            long lastArrival = start;
            long lastAck = start;
            for (int i = 0; i < n; i++) {
                long arrived = arrivals.arrivedAt(keys.get(i));
                e2e[i] = arrived - sentAt[i];
                lastArrival = Math.max(lastArrival, arrived);
                lastAck = Math.max(lastAck, sentAt[i] + ackNanos[i]);
            }
            long[] ack = java.util.Arrays.copyOf(ackNanos, n);
            return new Run(offered, n, n / ((lastAck - start) / 1e9), n / ((lastArrival - start) / 1e9),
                    Latencies.percentileMillis(e2e, 50),
                    Latencies.percentileMillis(e2e, 99), Latencies.percentileMillis(ack, 50),
                    Latencies.percentileMillis(ack, 99), failures.get(), Double.NaN);
        }

        @Override
        public void close() throws Exception {
            arrivals.close();
            producer.close(Duration.ofSeconds(10));
        }
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        return Latencies.median(runs.stream().map(r -> figure.applyAsDouble(r)).toList());
    }

    private static String ms(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        return Latencies.millis(median(runs, figure));
    }

    private static String newRun() {
        // digits only (X ids are digits), unique per run: a new post for every delivery of every run
        return Long.toString(System.currentTimeMillis() % 100_000_000L + 100_000_000L);
    }

    static Path datasetPath() {
        Path shared = Path.of(System.getProperty("bench.dataset", "../../shared/datasets/twcs-dev.csv"));
        return Files.exists(shared) ? shared : Path.of("src/test/resources/imports/twcs-dev.csv");
    }

    static String machine() {
        String memory = "?";
        try {
            memory = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        } catch (Exception ignored) {
            // not Linux: leave it out
        }
        return String.format("Date %s; %d cores; %s; %s %s; Java %s (%s); max heap %d MiB; load average at the start: %s",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "?";
        }
    }

    private static void progress(String format, Object... args) {
        System.out.printf("[bench %s] %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
    }
}
