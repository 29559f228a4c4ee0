package io.outpost.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.devstack.Devstack;
import io.outpost.devstack.FreePorts;
import io.outpost.devstack.ServiceProcesses;
import java.io.IOException;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's benchmarks, run on demand ({@code -Pbenchmark}, see the README), not in the default
 * test command:
 * <ol>
 * <li>each service's start time (alone on the machine, three starts, median) and its RSS after
 * the load below;</li>
 * <li>post → case → assigned latency at fixed offered rates (default 100, 200 and 500 posts/s),
 * beside a raw Kafka producer → consumer at the same rate on the same broker in the same run;</li>
 * <li>the highest of those rates the suite sustained (every post assigned, p99 under 2 s).</li>
 * </ol>
 * Latency is measured from just before the HTTP request to ingest-service is sent to the moment
 * this process reads the case's {@code assignment.created} from Kafka.
 */
@Tag("benchmark")
class SuiteBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<Integer> RATES = List.of(System.getProperty("bench.rates", "100,200,500").split(",")).stream()
            .map(String::trim).map(Integer::parseInt).toList();
    static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
    static final int STARTS = Integer.getInteger("bench.starts", 3);
    static final int AGENTS = Integer.getInteger("bench.agents", 200);
    static final Duration DRAIN = Duration.ofSeconds(30);
    static final Duration IDLE = Duration.ofSeconds(Long.getLong("bench.idle-seconds", 10));
    static final String BENCH_HOME = "bench-devstack";
    static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(8)).build();

    @Test
    void startTimeMemoryAndEndToEndLatencyUnderLoad() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Path home = target.resolve(BENCH_HOME);
        Devstack.deleteRecursively(home);
        StringBuilder report = new StringBuilder();
        report.append(String.format("Outpost suite benchmark, %s, %d cores, %d MiB max heap for this JVM, %s %s%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"), System.getProperty("java.version")));
        try (Devstack devstack = Devstack.at(home, 0, 0)) {
            devstack.start();
            Path logs = target.resolve("bench-logs");
            Map<String, Integer> ports = new LinkedHashMap<>();
            ServiceProcesses.DEFAULT_PORTS.keySet().forEach(name -> ports.put(name, FreePorts.pick()));
            Map<String, String> config = benchConfig();

            report.append("\nStart-up, one service at a time (ready = /q/health/ready answers 200):\n");
            List<ServiceProcesses> running = new ArrayList<>();
            try {
                for (Map.Entry<String, Integer> service : ports.entrySet()) {
                    running.add(measureStart(devstack, service.getKey(), service.getValue(), config, logs, report));
                }
                Map<String, String> urls = new LinkedHashMap<>();
                running.forEach(r -> r.services().forEach(s -> urls.put(s.name(), s.url())));

                progress("creating %d available agents", AGENTS);
                createAvailableAgents(devstack, urls.get("routing-service"));
                report.append(String.format("%nLoad: %d s per rate, %d agents available (capacity 100 each on chat)%n",
                        RUN.toSeconds(), AGENTS));
                report.append("| offered posts/s | sent | assigned | post→assigned p50 | p99 | max | raw Kafka p50 | p99 |\n");
                report.append("|---|---|---|---|---|---|---|---|\n");
                int sustained = 0;
                List<String> hopLines = new ArrayList<>();
                List<String> cpuLines = new ArrayList<>();
                // What each process spends with no posts at all (pollers, relays, consumers' fetches),
                // so that the per-post figures below can leave it out.
                Map<String, Long> idleBefore = cpuMillis(running);
                long idleStarted = System.nanoTime();
                Thread.sleep(IDLE.toMillis());
                Map<String, Long> idleAfter = cpuMillis(running);
                double idleSeconds = (System.nanoTime() - idleStarted) / 1e9;
                Map<String, Double> idlePerSecond = new LinkedHashMap<>();
                idleAfter.forEach((who, millis) -> idlePerSecond.put(who, (millis - idleBefore.getOrDefault(who, 0L)) / idleSeconds));
                StringBuilder idle = new StringBuilder("    CPU ms per second while idle (" + IDLE.toSeconds() + " s):");
                idlePerSecond.forEach((who, perSecond) -> idle.append(String.format(" %s %.1f;", who, perSecond)));
                cpuLines.add(idle.toString());
                progress("%s", idle);
                for (int rate : RATES) {
                    progress("offering %d posts/s for %d s", rate, RUN.toSeconds());
                    Map<String, Long> cpuBefore = cpuMillis(running);
                    long stepStarted = System.nanoTime();
                    LoadResult load = runLoad(devstack, urls.get("ingest-service"), rate);
                    Map<String, Long> cpuAfter = cpuMillis(running);
                    double stepSeconds = (System.nanoTime() - stepStarted) / 1e9;
                    StringBuilder cpu = new StringBuilder(String.format(
                            "    CPU ms per post sent at %d posts/s (%.0f s incl. drain; in brackets: less the idle rate):", rate,
                            stepSeconds));
                    double total = 0;
                    double totalLessIdle = 0;
                    for (Map.Entry<String, Long> e : cpuAfter.entrySet()) {
                        double used = e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L);
                        double lessIdle = used - idlePerSecond.getOrDefault(e.getKey(), 0.0) * stepSeconds;
                        int posts = Math.max(1, load.sent);
                        total += used / posts;
                        totalLessIdle += lessIdle / posts;
                        cpu.append(String.format(" %s %.1f (%.1f);", e.getKey(), used / posts, lessIdle / posts));
                    }
                    cpu.append(String.format(" all %.1f (%.1f)", total, totalLessIdle));
                    cpuLines.add(cpu.toString());
                    progress("%s", cpu);
                    progress("%d sent, %d assigned; raw Kafka at the same rate", load.sent, load.latencies.size());
                    List<Long> raw = rawKafka(devstack.kafka().bootstrapServers(), rate);
                    report.append(String.format("| %d | %d | %d | %d ms | %d ms | %d ms | %d ms | %d ms |%n", rate, load.sent,
                            load.latencies.size(), pct(load.latencies, 50), pct(load.latencies, 99), pct(load.latencies, 100),
                            pct(raw, 50), pct(raw, 99)));
                    StringBuilder hops = new StringBuilder("    hops at " + rate + " posts/s (n, p50, p99):");
                    load.hops.forEach((hop, values) -> hops.append(String.format(" %s %d, %d ms, %d ms;", hop, values.size(),
                            pct(values, 50), pct(values, 99))));
                    hopLines.add(hops.toString());
                    progress("%s", hops);
                    if (load.latencies.size() == load.sent && pct(load.latencies, 99) < 2000) {
                        sustained = Math.max(sustained, rate);
                    }
                }
                hopLines.forEach(line -> report.append(line).append('\n'));
                // CPU time, not wall time: steadier than latency on a shared machine, and it says
                // which process the two cores went to (the broker shares this JVM with the load).
                cpuLines.forEach(line -> report.append(line).append('\n'));
                report.append(String.format("Highest offered rate sustained (all assigned, p99 < 2 s): %s%n",
                        sustained == 0 ? "none of those tried" : sustained + " posts/s"));

                List<String> statements = devstack.postgres().statementStatistics(25);
                if (!statements.isEmpty()) {
                    report.append("\nPostgreSQL statements by total time over the whole run (pg_stat_statements):\n");
                    statements.forEach(line -> report.append("  ").append(line).append('\n'));
                }

                report.append("\nRSS after the load (VmRSS of each service process):\n");
                for (ServiceProcesses r : running) {
                    for (ServiceProcesses.Service s : r.services()) {
                        report.append(String.format("  %-17s %d MiB%n", s.name(), rssKib(s.process().pid()) >> 10));
                    }
                }
            } finally {
                running.forEach(ServiceProcesses::close);
            }
        }
        System.out.println(report);
        Files.writeString(target.resolve("benchmark-report.md"), report.toString());
    }

    /** Settings of the benchmark run on top of devstack's: assignments without an agent's click. */
    static Map<String, String> benchConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("bench.config.")) {
                config.put(name.substring("bench.config.".length()), System.getProperty(name));
            }
        }
        return config;
    }

    private ServiceProcesses measureStart(Devstack devstack, String name, int port, Map<String, String> config, Path logs,
            StringBuilder report) throws IOException {
        List<Long> readyMillis = new ArrayList<>();
        List<Double> quarkusSeconds = new ArrayList<>();
        ServiceProcesses last = null;
        for (int i = 0; i < STARTS; i++) {
            progress("starting %s (%d of %d)", name, i + 1, STARTS);
            Path log = logs.resolve(name + ".log");
            long before = Files.exists(log) ? Files.size(log) : 0;
            long started = System.nanoTime();
            ServiceProcesses one = ServiceProcesses.start(devstack, ServiceProcesses.projectRoot(), Map.of(name, port), config,
                    logs);
            one.awaitReady(Duration.ofMinutes(2));
            readyMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            String text = Files.readString(log, StandardCharsets.UTF_8).substring((int) before);
            Matcher m = STARTED_IN.matcher(text);
            if (m.find()) {
                quarkusSeconds.add(Double.parseDouble(m.group(1)));
            }
            if (i < STARTS - 1) {
                one.close();
            } else {
                last = one;
            }
        }
        report.append(String.format("  %-17s ready in %s ms (median %d); Quarkus \"started in\" %s s%n", name, readyMillis,
                pct(readyMillis, 50), quarkusSeconds));
        return last;
    }

    private void createAvailableAgents(Devstack devstack, String routingUrl) throws Exception {
        String supervisor = devstack.tokens().token("bench-supervisor", Duration.ofHours(2), "supervisor");
        for (int i = 0; i < AGENTS; i++) {
            String user = "bench-agent-" + i;
            String body = JSON.writeValueAsString(Map.of("username", user, "displayName", "Bench Agent " + i, "team", "bench",
                    "skills", Map.of("billing", 3), "languages", List.of("en"), "channels", Map.of("chat", 100)));
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(routingUrl + "/api/v1/agents"))
                    .header("Authorization", "Bearer " + supervisor).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            require(created, 201);
            String id = JSON.readTree(created.body()).path("id").asText();
            String agentToken = devstack.tokens().token(user, Duration.ofHours(2), "agent");
            require(send(HttpRequest.newBuilder(URI.create(routingUrl + "/api/v1/agents/" + id + "/presence"))
                    .header("Authorization", "Bearer " + agentToken).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"presence\":\"available\"}")).build()), 200);
        }
    }

    /**
     * One rate's outcome: end-to-end latencies, and the same journeys split into hops (each from the
     * moment this process saw the previous step), so a backlog can be pinned on one service.
     */
    record LoadResult(int sent, List<Long> latencies, Map<String, List<Long>> hops) {
    }

    /** Offers {@code rate} posts/s for {@link #RUN}, then waits up to {@link #DRAIN} for their assignments. */
    private LoadResult runLoad(Devstack devstack, String ingestUrl, int rate) throws Exception {
        String integration = devstack.tokens().token("bench-integration", Duration.ofHours(2), "integration");
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> sentAtByExternalId = new ConcurrentHashMap<>();
        // Per post id: [sent, HTTP answered]; the Kafka steps are filled in by the polling loop below.
        Map<String, long[]> httpByPostId = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        int total = (int) (rate * RUN.toSeconds());

        Map<String, Long> ingestedAtByPost = new HashMap<>();
        Map<String, String> caseByPost = new HashMap<>();
        Map<String, Long> openedAtByCase = new HashMap<>();
        Map<String, Long> assignedAtByCase = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer(devstack.kafka().bootstrapServers(), "bench-" + run, "latest")) {
            consumer.subscribe(List.of("outpost.posts", "outpost.cases", "outpost.assignments"));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);

            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger next = new AtomicInteger();
            CountDownLatch allSent = new CountDownLatch(1);
            long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
            String createdAt = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString();
            pacer.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= total) {
                    allSent.countDown();
                    throw new IllegalStateException("done"); // cancels the schedule
                }
                String externalId = "bench-" + run + "-" + i;
                String body = "{\"channel\":\"chat\",\"externalId\":\"" + externalId + "\",\"author\":{\"platformUserId\":\"cust-"
                        + run + "-" + i + "\",\"handle\":\"c" + i + "\"},\"text\":\"I was charged twice for order " + i
                        + "\",\"createdAt\":\"" + createdAt + "\"}";
                long sentAt = System.nanoTime();
                sentAtByExternalId.put(externalId, sentAt);
                http.sendAsync(HttpRequest.newBuilder(URI.create(ingestUrl + "/api/v1/posts"))
                        .header("Authorization", "Bearer " + integration).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                            long answeredAt = System.nanoTime();
                            if (error != null || response.statusCode() != 202) {
                                failures.incrementAndGet();
                                return;
                            }
                            try {
                                httpByPostId.put(JSON.readTree(response.body()).path("postId").asText(),
                                        new long[] {sentAt, answeredAt});
                            } catch (IOException e) {
                                failures.incrementAndGet();
                            }
                        });
            }, 0, periodNanos, TimeUnit.NANOSECONDS);

            long deadline = System.nanoTime() + RUN.toNanos() + DRAIN.toNanos();
            int assignedOfOurs = 0;
            while (System.nanoTime() < deadline && assignedOfOurs + failures.get() < total) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    String type = header(record, "ce_type");
                    JsonNode payload = JSON.readTree(record.value());
                    if (type.startsWith("io.outpost.post.ingested")) {
                        ingestedAtByPost.put(payload.path("postId").asText(), now);
                    } else if (type.startsWith("io.outpost.case.opened")) {
                        caseByPost.put(payload.path("firstPostId").asText(), payload.path("caseId").asText());
                        openedAtByCase.put(payload.path("caseId").asText(), now);
                    } else if (type.startsWith("io.outpost.assignment.created")) {
                        String caseId = payload.path("caseId").asText();
                        if (openedAtByCase.containsKey(caseId) && assignedAtByCase.putIfAbsent(caseId, now) == null) {
                            assignedOfOurs++;
                        }
                    }
                }
            }
            allSent.await(5, TimeUnit.SECONDS);
            pacer.shutdownNow();
        }
        if (failures.get() > 0) {
            System.out.printf("rate %d: %d posts were not accepted (timeouts or non-202)%n", rate, failures.get());
        }
        // Records can arrive before the HTTP answer, so the journeys are joined only now.
        List<Long> latencies = new ArrayList<>();
        Map<String, List<Long>> hops = new LinkedHashMap<>();
        for (String hop : List.of("HTTP 202", "202 → post.ingested", "post.ingested → case.opened",
                "case.opened → assignment.created")) {
            hops.put(hop, new ArrayList<>());
        }
        httpByPostId.forEach((postId, http) -> {
            long sent = http[0];
            hops.get("HTTP 202").add(TimeUnit.NANOSECONDS.toMillis(http[1] - sent));
            Long ingested = ingestedAtByPost.get(postId);
            if (ingested != null) {
                hops.get("202 → post.ingested").add(TimeUnit.NANOSECONDS.toMillis(Math.max(0, ingested - http[1])));
            }
            String caseId = caseByPost.get(postId);
            Long opened = caseId == null ? null : openedAtByCase.get(caseId);
            if (opened != null && ingested != null) {
                hops.get("post.ingested → case.opened").add(TimeUnit.NANOSECONDS.toMillis(opened - ingested));
            }
            Long assigned = caseId == null ? null : assignedAtByCase.get(caseId);
            if (assigned != null) {
                latencies.add(TimeUnit.NANOSECONDS.toMillis(assigned - sent));
                if (opened != null) {
                    hops.get("case.opened → assignment.created").add(TimeUnit.NANOSECONDS.toMillis(assigned - opened));
                }
            }
        });
        return new LoadResult(sentAtByExternalId.size(), latencies, hops);
    }

    /** The floor: the same number of records per second produced and consumed with plain clients. */
    private static List<Long> rawKafka(String bootstrap, int rate) throws Exception {
        String topic = "bench.baseline." + UUID.randomUUID();
        Properties producerConfig = new Properties();
        producerConfig.put("bootstrap.servers", bootstrap);
        producerConfig.put("acks", "all");
        producerConfig.put("linger.ms", "1");
        int total = (int) Math.min((long) rate * 10, 5000);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = new ArrayList<>();
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> consumer = consumer(bootstrap, topic, "earliest")) {
            producer.send(new ProducerRecord<>(topic, "warm-up", "warm-up")).get(30, TimeUnit.SECONDS);
            consumer.subscribe(List.of(topic));
            while (consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                // joins the group and reads the warm-up record
            }
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            AtomicLong next = new AtomicLong();
            pacer.scheduleAtFixedRate(() -> {
                long i = next.getAndIncrement();
                if (i < total) {
                    sentAt.put("r" + i, System.nanoTime());
                    producer.send(new ProducerRecord<>(topic, "r" + i, "payload"));
                }
            }, 0, TimeUnit.SECONDS.toNanos(1) / rate, TimeUnit.NANOSECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (latencies.size() < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    Long sent = sentAt.get(record.key());
                    if (sent != null) {
                        latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
                    }
                }
            }
            pacer.shutdownNow();
        }
        return latencies;
    }

    private static void progress(String format, Object... args) {
        System.out.printf("benchmark %s: %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String group, String offsetReset) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("group.id", group);
        config.put("auto.offset.reset", offsetReset);
        config.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * CPU time used so far (user + system, ms) by each service process, by the embedded PostgreSQL
     * (its live processes plus the children it has reaped) and by this JVM (broker and load generator).
     */
    private static Map<String, Long> cpuMillis(List<ServiceProcesses> running) {
        Map<String, Long> millis = new LinkedHashMap<>();
        for (ServiceProcesses r : running) {
            for (ServiceProcesses.Service s : r.services()) {
                millis.put(s.name(), procCpuMillis(s.process().pid(), false));
            }
        }
        // zonky starts PostgreSQL through pg_ctl, so the postmaster is not this JVM's child: found by
        // its data directory (the devstack's home) on its command line; its backends are its children.
        long postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false)
                        && p.info().commandLine().map(c -> c.contains(BENCH_HOME)).orElse(false))
                .mapToLong(postmaster -> procCpuMillis(postmaster.pid(), true)
                        + postmaster.descendants().mapToLong(backend -> procCpuMillis(backend.pid(), false)).sum())
                .sum();
        millis.put("postgresql", postgres);
        millis.put("broker+load JVM", ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000);
        return millis;
    }

    /** utime + stime of /proc/pid/stat (plus the reaped children's, for the postmaster); 0 if it is gone. */
    private static long procCpuMillis(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ": state is field 3, so utime (14) is index 11, stime 12, cutime 13, cstime 14.
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withReapedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Linux's USER_HZ, 100 on every architecture Outpost runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static long pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void require(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
