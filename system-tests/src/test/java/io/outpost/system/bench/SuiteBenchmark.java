package io.outpost.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.devstack.Devstack;
import io.outpost.devstack.FreePorts;
import io.outpost.devstack.ServiceProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
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
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The suite benchmark (issues 9 and 19), run on demand ({@code -Pbenchmark}, see the README), not in the
 * default build:
 * <ol>
 * <li>each service's start time (alone on the machine, median of {@code outpost.bench.starts}) and its RSS
 * after the load;</li>
 * <li>a warm-up step, the idle CPU rate of every process, then load steps at fixed offered rates; per step
 * post → assigned latency from each post's intended send time (timeouts included), whether the backlog
 * drained, CPU per post of each process with the idle rate taken out, the realistic mix's counts and a raw
 * Kafka produce → consume baseline measured during the step.</li>
 * </ol>
 * The load comes from {@link LoadGenerator}, a JVM of its own, so its CPU is reported apart. The broker
 * runs in this JVM (devstack's in-process KRaft broker): while a step runs, this JVM's only other work is
 * this thread waiting for the generator's answer, so "broker JVM" is this process's CPU less this thread's
 * (its JIT and GC included). The verdicts are {@link StepVerdict}'s.
 */
@Tag("benchmark")
class SuiteBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    /** 20 s warm-up and 20 s steps: proves the benchmark works, measures nothing worth recording. */
    static final boolean SHORT = Boolean.getBoolean("outpost.bench.short");
    static final List<Integer> RATES = List.of(System.getProperty("outpost.bench.rates", SHORT ? "5,10" : "25,50,100")
            .split(",")).stream().map(String::trim).map(Integer::parseInt).toList();
    static final int WARM_UP_SECONDS = Integer.getInteger("outpost.bench.warm-up-seconds", SHORT ? 20 : 120);
    static final int STEP_SECONDS = Integer.getInteger("outpost.bench.step-seconds", SHORT ? 20 : 120);
    static final int IDLE_SECONDS = Integer.getInteger("outpost.bench.idle-seconds", SHORT ? 10 : 30);
    static final int STARTS = Integer.getInteger("outpost.bench.starts", SHORT ? 1 : 3);
    static final int AGENTS = Integer.getInteger("outpost.bench.agents", SHORT ? 50 : 200);
    /** The rule: the backlog at a step's end must be gone within 10 s. */
    static final long DRAIN_MILLIS = 10_000;
    /** A post not assigned within this long of its intended send time is a timeout. */
    static final long DEADLINE_MILLIS = Long.getLong("outpost.bench.deadline-seconds", 10) * 1000;
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
        report.append(String.format("Outpost suite benchmark%s, %s, %d cores, %s %s; load average at the start %s%n",
                SHORT ? " (SHORT MODE: a smoke test of the benchmark, not a measurement)" : "",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), loadAverage()));
        try (Devstack devstack = Devstack.at(home, 0, 0)) {
            devstack.start();
            Path logs = target.resolve("bench-logs");
            Map<String, Integer> ports = new LinkedHashMap<>();
            ServiceProcesses.DEFAULT_PORTS.keySet().forEach(name -> ports.put(name, FreePorts.pick()));
            Map<String, String> config = benchConfig();

            report.append("\nStart-up, one service at a time (ready = /q/health/ready answers 200):\n");
            List<ServiceProcesses> running = new ArrayList<>();
            Process generator = null;
            try {
                for (Map.Entry<String, Integer> service : ports.entrySet()) {
                    running.add(measureStart(devstack, service.getKey(), service.getValue(), config, logs, report));
                }
                Map<String, String> urls = new LinkedHashMap<>();
                running.forEach(r -> r.services().forEach(s -> urls.put(s.name(), s.url())));

                progress("creating %d available agents", AGENTS);
                Map<String, String> agentTokens = createAvailableAgents(devstack, urls.get("routing-service"));
                Path generatorConfig = writeGeneratorConfig(devstack, urls, agentTokens, target);
                generator = startGenerator(generatorConfig, logs);
                BufferedReader fromGenerator = new BufferedReader(new InputStreamReader(generator.getInputStream(),
                        StandardCharsets.UTF_8));
                PrintWriter toGenerator = new PrintWriter(generator.getOutputStream(), true, StandardCharsets.UTF_8);
                awaitLine(fromGenerator, "READY");

                report.append(String.format("%nLoad: warm-up %d s at %d posts/s, then %d s per step; %d agents available "
                        + "(capacity 100 each on chat); deadline %d s per post; backlog must drain within %d s%n", WARM_UP_SECONDS,
                        RATES.get(0), STEP_SECONDS, AGENTS, DEADLINE_MILLIS / 1000, DRAIN_MILLIS / 1000));
                report.append("Mix per step (shares of the new posts, each on its own open-loop schedule): replies "
                        + REPLY_SHARE + ", private messages " + PRIVATE_SHARE + ", consent look-ups " + CONSENT_SHARE
                        + "; " + RESOLVE_SHARE + " of the assigned cases answered in public and resolved by their agent "
                        + RESOLVE_AFTER_MILLIS + " ms after the assignment (survey-service schedules a survey for each)\n");

                progress("warm-up: %d posts/s for %d s", RATES.get(0), WARM_UP_SECONDS);
                JsonNode warmUp = step(toGenerator, fromGenerator, "warm-up", RATES.get(0), WARM_UP_SECONDS);
                report.append("Warm-up: ").append(verdictLine(warmUp)).append('\n');

                // What each process spends with no posts at all (pollers, relays, consumers' fetches),
                // so that the per-post figures leave it out; measured warm, once the warm-up's tail is
                // worked off (a first version measured right after it and subtracted a backlog's work).
                String quiet = awaitQuiet(devstack);
                report.append("Idle window: ").append(quiet).append('\n');
                progress("idle window: %s", quiet);
                Map<String, Long> idleBefore = cpuMillis(running, generator);
                long idleStarted = System.nanoTime();
                Thread.sleep(IDLE_SECONDS * 1000L);
                Map<String, Long> idleAfter = cpuMillis(running, generator);
                double idleSeconds = (System.nanoTime() - idleStarted) / 1e9;
                Map<String, Double> idlePerSecond = new LinkedHashMap<>();
                idleAfter.forEach((who, millis) -> idlePerSecond.put(who, (millis - idleBefore.getOrDefault(who, 0L)) / idleSeconds));
                StringBuilder idle = new StringBuilder("CPU ms per second while idle (" + IDLE_SECONDS + " s):");
                idlePerSecond.forEach((who, perSecond) -> idle.append(String.format(" %s %.1f;", who, perSecond)));
                report.append(idle).append('\n');
                progress("%s", idle);

                report.append("\n| offered posts/s | new posts | assigned | timeouts | p50 | p90 | p99 | max | backlog at end "
                        + "| drained after | sustained | raw Kafka p50 / p99 (n) | load average |\n");
                report.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
                List<String> cpuLines = new ArrayList<>();
                List<String> mixLines = new ArrayList<>();
                List<String> hopLines = new ArrayList<>();
                int sustained = 0;
                for (int rate : RATES) {
                    progress("offering %d posts/s for %d s", rate, STEP_SECONDS);
                    Map<String, Long> cpuBefore = cpuMillis(running, generator);
                    long stepStarted = System.nanoTime();
                    JsonNode result = step(toGenerator, fromGenerator, "r" + rate, rate, STEP_SECONDS);
                    Map<String, Long> cpuAfter = cpuMillis(running, generator);
                    double stepSeconds = (System.nanoTime() - stepStarted) / 1e9;
                    JsonNode v = result.path("verdict");
                    JsonNode mix = result.path("mix");
                    // Posts processed: every post ingest accepted in the step (new ones, replies, private messages).
                    int processed = mix.path("new posts").path("ok").asInt() + mix.path("replies").path("ok").asInt()
                            + mix.path("private messages").path("ok").asInt();
                    StringBuilder cpu = new StringBuilder(String.format("  %d posts/s: %d posts processed in %.0f s;", rate,
                            processed, stepSeconds));
                    double suite = 0;
                    for (Map.Entry<String, Long> e : cpuAfter.entrySet()) {
                        double perPost = StepVerdict.cpuPerPost(e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L),
                                idlePerSecond.getOrDefault(e.getKey(), 0.0), stepSeconds, processed);
                        if (!e.getKey().equals(LOAD_GENERATOR)) {
                            suite += perPost;
                        }
                        cpu.append(String.format(" %s %.1f;", e.getKey(), perPost));
                    }
                    cpu.append(String.format(" SUITE TOTAL (without the load generator) %.1f ms per post%s", suite,
                            v.path("sustained").asBoolean() ? "" : " (not sustained: posts still in flight at the window's end are not in it)"));
                    cpuLines.add(cpu.toString());
                    progress("%s", cpu);
                    JsonNode baseline = result.path("baseline");
                    String load = loadAverage();
                    report.append(String.format("| %d | %d | %d | %d | %s | %s | %s | %s | %d | %s | %s | %s | %s |%n", rate,
                            v.path("posts").asInt(), v.path("assigned").asInt(), v.path("timeouts").asInt(),
                            StepVerdict.millis(v.path("p50").asLong()), StepVerdict.millis(v.path("p90").asLong()),
                            StepVerdict.millis(v.path("p99").asLong()), StepVerdict.millis(v.path("max").asLong()),
                            v.path("backlogAtEnd").asInt(), v.path("drained").asBoolean()
                                    ? v.path("drainedAfterMillis").asLong() + " ms" : "not within 10 s",
                            v.path("sustained").asBoolean() ? "yes" : "no",
                            baseline.has("error") ? "failed: " + baseline.path("error").asText()
                                    : baseline.path("p50").asLong() + " / " + baseline.path("p99").asLong() + " ms ("
                                            + baseline.path("n").asInt() + ")",
                            load));
                    StringBuilder hops = new StringBuilder("  " + rate + " posts/s (n, p50, p99):");
                    result.path("hops").fields().forEachRemaining(h -> hops.append(String.format(" %s %d, %d ms, %d ms;",
                            h.getKey(), h.getValue().path("n").asInt(), h.getValue().path("p50").asLong(),
                            h.getValue().path("p99").asLong())));
                    hopLines.add(hops.toString());
                    mixLines.add("  " + rate + " posts/s: " + mixLine(mix) + "cases opened while the step ran "
                            + result.path("casesOpened").asInt() + " (beyond one per new post: follow-ups that opened a case "
                            + "instead of joining one, or the previous step's tail)");
                    progress("%s", verdictLine(result));
                    if (v.path("sustained").asBoolean()) {
                        sustained = Math.max(sustained, rate);
                    }
                }
                report.append("\nCPU ms per post, per process, (CPU over the step − idle rate × step length) / posts "
                        + "processed; the step runs from its first send to its last post assigned or the deadline:\n");
                cpuLines.forEach(line -> report.append(line).append('\n'));
                report.append("\nHops of the new posts (each from the moment the previous step was seen; a backlog shows "
                        + "on the service that has it):\n");
                hopLines.forEach(line -> report.append(line).append('\n'));
                report.append("\nMix sent per step (sent / answered as expected / otherwise):\n");
                mixLines.forEach(line -> report.append(line).append('\n'));
                report.append(String.format("Highest offered rate sustained (backlog drained within 10 s, p99 < 500 ms): %s%n",
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
                toGenerator.println("quit");
                generator.waitFor(10, TimeUnit.SECONDS);
            } finally {
                if (generator != null) {
                    generator.destroy();
                }
                running.forEach(ServiceProcesses::close);
            }
        }
        report.append("Load average at the end: ").append(loadAverage()).append('\n');
        System.out.println(report);
        Files.writeString(target.resolve("benchmark-report.md"), report.toString());
    }

    static final double REPLY_SHARE = 0.2;
    static final double PRIVATE_SHARE = 0.1;
    static final double CONSENT_SHARE = 0.2;
    static final double RESOLVE_SHARE = 0.8;
    static final long RESOLVE_AFTER_MILLIS = SHORT ? 2_000 : 10_000;
    static final String LOAD_GENERATOR = "load generator (apart)";

    private static String verdictLine(JsonNode result) {
        JsonNode v = result.path("verdict");
        return String.format("%s: %d new posts, %d assigned, %d timeouts, p50 %s, p99 %s, backlog at end %d, %s, %s; mix %s",
                result.path("label").asText(), v.path("posts").asInt(), v.path("assigned").asInt(), v.path("timeouts").asInt(),
                StepVerdict.millis(v.path("p50").asLong()), StepVerdict.millis(v.path("p99").asLong()),
                v.path("backlogAtEnd").asInt(), v.path("drained").asBoolean() ? "drained" : "not drained within 10 s",
                v.path("sustained").asBoolean() ? "sustained" : "not sustained", mixLine(result.path("mix")));
    }

    private static String mixLine(JsonNode mix) {
        StringBuilder line = new StringBuilder();
        mix.fields().forEachRemaining(kind -> {
            JsonNode c = kind.getValue();
            line.append(String.format("%s %d/%d/%d", kind.getKey(), c.path("sent").asInt(), c.path("ok").asInt(),
                    c.path("failed").asInt()));
            if (c.has("identityKnown")) {
                line.append(" (identity known: ").append(c.path("identityKnown").asInt()).append(')');
            }
            if (c.has("firstFailure")) {
                line.append(" (first: ").append(c.path("firstFailure").asText()).append(')');
            }
            line.append("; ");
        });
        return line.toString();
    }

    /** Sends one step to the generator and waits for its result (the step's length plus its drain and deadline). */
    private static JsonNode step(PrintWriter to, BufferedReader from, String label, int rate, int seconds) throws IOException {
        to.println("step " + label + " " + rate + " " + seconds);
        String line = awaitLine(from, "RESULT ");
        return JSON.readTree(line.substring("RESULT ".length()));
    }

    private static String awaitLine(BufferedReader from, String prefix) throws IOException {
        String line;
        while ((line = from.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
            System.out.println("load generator: " + line);
        }
        throw new IllegalStateException("the load generator ended before answering " + prefix.trim()
                + "; see target/bench-logs/load-generator.log");
    }

    private Path writeGeneratorConfig(Devstack devstack, Map<String, String> urls, Map<String, String> agentTokens, Path target)
            throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap", devstack.kafka().bootstrapServers());
        config.put("ingestUrl", urls.get("ingest-service"));
        config.put("caseUrl", urls.get("case-service"));
        config.put("crmUrl", urls.get("crm-link-service"));
        config.put("integrationToken", devstack.tokens().token("bench-integration", Duration.ofHours(3), "integration"));
        config.put("adminToken", devstack.tokens().token("bench-admin", Duration.ofHours(3), "admin"));
        config.put("agentTokens", agentTokens);
        config.put("replyShare", REPLY_SHARE);
        config.put("privateShare", PRIVATE_SHARE);
        config.put("consentShare", CONSENT_SHARE);
        config.put("resolveShare", RESOLVE_SHARE);
        config.put("resolveAfterMillis", RESOLVE_AFTER_MILLIS);
        config.put("drainMillis", DRAIN_MILLIS);
        config.put("deadlineMillis", DEADLINE_MILLIS);
        config.put("baselineSamples", Integer.getInteger("outpost.bench.baseline-samples", 200));
        Path file = target.resolve("bench-load-generator.json");
        Files.writeString(file, JSON.writeValueAsString(config));
        return file;
    }

    /**
     * The load generator with this test's classpath (surefire's {@code surefire.test.class.path}; outside
     * surefire, {@code java.class.path}), dying with this JVM like the services.
     */
    private static Process startGenerator(Path config, Path logs) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Files.createDirectories(logs);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath, LoadGenerator.class.getName(), config.toString())
                .redirectError(logs.resolve("load-generator.log").toFile());
        return ServiceProcesses.startTiedToThisJvm(builder);
    }

    /**
     * Waits until every service's consumer group is at the end of its topics (twice, a second apart) and then
     * 5 s more (survey sends, relays' last rounds); at most {@code outpost.bench.quiet-seconds} (120).
     * Returns what was reached, for the report.
     */
    private static String awaitQuiet(Devstack devstack) throws Exception {
        long started = System.nanoTime();
        long limit = started + TimeUnit.SECONDS.toNanos(Long.getLong("outpost.bench.quiet-seconds", 120));
        int zeroInARow = 0;
        long lag = -1;
        try (Admin admin = devstack.kafka().admin()) {
            while (zeroInARow < 2 && System.nanoTime() < limit) {
                lag = consumerLag(admin);
                zeroInARow = lag == 0 ? zeroInARow + 1 : 0;
                Thread.sleep(1_000);
            }
        }
        Thread.sleep(5_000);
        long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        return zeroInARow >= 2 ? "every consumer group caught up after " + waited + " s (then 5 s more)"
                : "NOT QUIET: consumer groups still " + lag + " records behind after " + waited
                        + " s; the idle rate includes the warm-up's backlog (CPU per post below is too low)";
    }

    /** Records the services' consumer groups have yet to read (the benchmark's own groups left out). */
    private static long consumerLag(Admin admin) throws Exception {
        long lag = 0;
        for (var group : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
            if (group.groupId().startsWith("bench-") || group.groupId().startsWith("baseline.")) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
                if (e.getValue() != null && ends.containsKey(e.getKey())) {
                    lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                }
            }
        }
        return lag;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * CPU time used so far (user + system, ms) by each service process, by PostgreSQL (the postmaster, its
     * live backends and the children it has reaped), by the broker (this JVM less this thread) and by the
     * load generator (its own process, reported apart).
     */
    private static Map<String, Long> cpuMillis(List<ServiceProcesses> running, Process generator) {
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
        long thisThread = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
        millis.put("broker JVM", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000 - thisThread);
        millis.put(LOAD_GENERATOR, procCpuMillis(generator.pid(), false));
        return millis;
    }

    /** Settings of the benchmark run on top of devstack's; {@code -Doutpost.bench.config.<property>=<value>} adds or replaces one. */
    static Map<String, String> benchConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        // The mix's surveys go out as soon as a case is resolved (production waits an hour), as in the system tests.
        config.put("outpost.survey.delay-after-resolution", "0s");
        config.put("outpost.survey.sender.every", "1s");
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("outpost.bench.config.")) {
                config.put(name.substring("outpost.bench.config.".length()), System.getProperty(name));
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

    /** Agents available on chat; returns each agent's id with a token of its own (to resolve its cases). */
    private Map<String, String> createAvailableAgents(Devstack devstack, String routingUrl) throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
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
            String agentToken = devstack.tokens().token(user, Duration.ofHours(3), "agent");
            tokens.put(id, agentToken);
            require(send(HttpRequest.newBuilder(URI.create(routingUrl + "/api/v1/agents/" + id + "/presence"))
                    .header("Authorization", "Bearer " + agentToken).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"presence\":\"available\"}")).build()), 200);
        }
        return tokens;
    }

    private static void progress(String format, Object... args) {
        System.out.printf("benchmark %s: %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
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
