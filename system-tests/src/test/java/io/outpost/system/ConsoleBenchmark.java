package io.outpost.system;

import io.outpost.devstack.Keycloak;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 18's figures for the console (on demand: {@code -Pbenchmark -Dtest=ConsoleBenchmark}; README "Benchmarks"), on
 * the real suite ({@link RunningSuite}: Keycloak, Kafka, PostgreSQL, the five services and the console as processes):
 * <ol>
 * <li><b>live</b>: N SSE connections to {@code /live} (inbox pages, signed in through Keycloak's form with a plain
 * HTTP client), case events produced to {@code outpost.cases} at a steady rate; latency from each record's Kafka
 * timestamp to the SSE message that carries it (or a later one of the same coalescing window), per connection; the
 * same with 1 connection first as the baseline; the console's CPU and RSS.</li>
 * <li><b>pages</b>: the inbox (page and its fragments) and case pages as the demo agent and a supervisor, client
 * time on localhost, with a nearly empty case table (baseline), then with 100,000 cases seeded straight into
 * case-service's database; case-service's own API calls timed alone beside them.</li>
 * </ol>
 * Nothing is asserted: the figures are printed (and written to {@code target/console-benchmark.md}).
 */
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBenchmark {

    static final int CONNECTIONS = Integer.getInteger("outpost.bench.console.connections", 500);
    static final double EVENT_RATE = Double.parseDouble(System.getProperty("outpost.bench.console.event-rate", "4"));
    static final int LIVE_SECONDS = Integer.getInteger("outpost.bench.console.live-seconds", 180);
    static final int BASELINE_SECONDS = Integer.getInteger("outpost.bench.console.baseline-seconds", 60);
    static final int WARM_UP_SECONDS = Integer.getInteger("outpost.bench.console.warm-up-seconds", 20);
    static final int CASES = Integer.getInteger("outpost.bench.console.cases", 100_000);
    static final int BASELINE_CASES = Integer.getInteger("outpost.bench.console.baseline-cases", 200);
    static final int REQUESTS = Integer.getInteger("outpost.bench.console.requests", 100);
    static final int ROUNDS = Integer.getInteger("outpost.bench.console.rounds", 3);
    /** live/Hub's trailing-edge window (Hub.COALESCE): part of what a user waits, reported apart. */
    static final long COALESCE_MILLIS = 300;
    static final String PROBE_TYPE = "io.outpost.case.benchmark-probe.v1";

    static final StringBuilder REPORT = new StringBuilder();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(8)).build();

    static RunningSuite suite;
    static String console;

    static synchronized void start() {
        if (suite == null) {
            suite = RunningSuite.get();
            console = suite.consoleUrl();
            line("# Console benchmark (issue 18)");
            line("");
            line("- date: " + Instant.now() + "; machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                    + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                    + System.getProperty("os.name") + " " + System.getProperty("os.version"));
            line("- command: ./mvnw -B verify -pl system-tests -Pbenchmark -Dtest=ConsoleBenchmark"
                    + " -Dsurefire.failIfNoSpecifiedTests=false (options: README \"Benchmarks\")");
            line("- load average at the start: " + loadAverage());
            line("- suite (Keycloak, Kafka, PostgreSQL, five services) ready in " + suite.startTime.toSeconds() + " s");
        }
    }

    // --- live: SSE ------------------------------------------------------------------------

    @Test
    @Order(1)
    void eventToSseMessageWith1And500Connections() throws Exception {
        start();
        ConsoleSignIn agent = new ConsoleSignIn(http);
        agent.signIn(console, Keycloak.DEMO_USERS.get("agent"), suite.keycloak.password("agent"));
        ConsoleSignIn supervisor = new ConsoleSignIn(http);
        supervisor.signIn(console, Keycloak.DEMO_USERS.get("supervisor"), suite.keycloak.password("supervisor"));
        line("");
        line("## Event to SSE message (" + EVENT_RATE + " case events/s on outpost.cases, every one to every open inbox)");
        line("");
        line("Latency = SSE message received by the load client - the record's Kafka timestamp (its send time), per "
                + "connection and record; it includes live/Hub's 300 ms trailing-edge coalescing. \"beyond the window\" = "
                + "latency - 300 ms for the record that opened a window (Kafka consume + fan-out + SSE write + client).");
        line("");
        line("| connections | segment | messages | records seen | p50 | p95 | p99 | max | beyond the window p50 / p99 |"
                + " console CPU (cores) | console RSS |");
        line("|---|---|---|---|---|---|---|---|---|---|---|");
        try (KafkaProducer<String, String> producer = producer()) {
            runLive(producer, List.of(agent), 1, BASELINE_SECONDS, 1);
            runLive(producer, List.of(agent, supervisor), CONNECTIONS, LIVE_SECONDS, 3);
        }
        line("- load average after the live runs: " + loadAverage());
        write();
    }

    private void runLive(KafkaProducer<String, String> producer, List<ConsoleSignIn> people, int connections, int seconds,
            int segments) throws Exception {
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Stream s = new Stream(sentAt);
            ConsoleSignIn person = people.get(i % people.size());
            HttpRequest request = person.withCookies(HttpRequest.newBuilder(URI.create(console + "/live"))
                    .header("Accept", "text/event-stream").GET()).build();
            s.response = http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(s));
            streams.add(s);
        }
        // The console registers a connection when its stream is subscribed: probe until every one has a message.
        long seq = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (streams.stream().anyMatch(s -> s.messages == 0)) {
            if (System.nanoTime() > deadline) {
                long open = streams.stream().filter(s -> s.messages > 0).count();
                throw new IllegalStateException("only " + open + " of " + connections + " SSE streams got an event");
            }
            send(producer, ++seq, sentAt);
            Thread.sleep(400);
        }
        long cpuStart = ProcStat.cpuMillis(consolePid());
        long rss = 0;
        long intervalNanos = (long) (1_000_000_000L / EVENT_RATE);
        long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        while (System.nanoTime() < warmUpEnd) {
            send(producer, ++seq, sentAt);
            Thread.sleep(intervalNanos / 1_000_000);
        }
        long segmentSeconds = Math.max(1, seconds / segments);
        List<double[]> segmentFigures = new ArrayList<>();
        for (int segment = 1; segment <= segments; segment++) {
            streams.forEach(Stream::reset);
            long firstSeq = seq + 1;
            long cpu0 = ProcStat.cpuMillis(consolePid());
            long t0 = System.nanoTime();
            long next = t0;
            long end = t0 + TimeUnit.SECONDS.toNanos(segmentSeconds);
            while (next < end) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                send(producer, ++seq, sentAt);
                next += intervalNanos;
                if ((seq % 20) == 0) {
                    rss = Math.max(rss, ProcStat.rssKib(consolePid()));
                }
            }
            long lastSeq = seq;
            // Let the last window close and its messages arrive; what has not arrived by then counts as missing.
            Thread.sleep(3_000);
            long cpu1 = ProcStat.cpuMillis(consolePid());
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long[] all = concat(streams.stream().map(s -> s.latencies(firstSeq, lastSeq)).toList());
            long[] beyond = concat(streams.stream().map(s -> s.beyondWindow(firstSeq, lastSeq)).toList());
            long expected = (lastSeq - firstSeq + 1) * connections;
            long messages = streams.stream().mapToLong(s -> s.segmentMessages).sum();
            Arrays.sort(all);
            Arrays.sort(beyond);
            double cores = (cpu1 - cpu0) / 1000.0 / elapsed;
            line(String.format("| %d | %d of %d (%d s) | %d | %d of %d | %d ms | %d ms | %d ms | %d ms | %d / %d ms | %.2f | %d MiB |",
                    connections, segment, segments, segmentSeconds, messages, all.length, expected, pct(all, 50), pct(all, 95),
                    pct(all, 99), all.length == 0 ? -1 : all[all.length - 1], pct(beyond, 50), pct(beyond, 99), cores,
                    ProcStat.rssKib(consolePid()) / 1024));
            segmentFigures.add(new double[] { pct(all, 50), pct(all, 99), cores });
        }
        if (segments > 1) {
            line(String.format("| %d | **median of %d** | | | %d ms | | %d ms | | | %.2f | max %d MiB |", connections, segments,
                    (long) median(segmentFigures, 0), (long) median(segmentFigures, 1), median(segmentFigures, 2), rss / 1024));
        }
        long cpuEnd = ProcStat.cpuMillis(consolePid());
        System.out.printf("console-benchmark: %d connections, console CPU %d ms over the run%n", connections, cpuEnd - cpuStart);
        streams.forEach(s -> s.close());
        Thread.sleep(2_000);
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

    static String probeCaseId(long seq) {
        return String.format("00000000-0000-4000-8000-%012d", seq);
    }

    private static void send(KafkaProducer<String, String> producer, long seq, Map<Long, Long> sentAt) {
        String caseId = probeCaseId(seq);
        long now = System.currentTimeMillis();
        sentAt.put(seq, now);
        // A case event type the console fans out (io.outpost.case.*) and no service handles: routing-service reads
        // outpost.cases too and skips types it does not know.
        ProducerRecord<String, String> record = new ProducerRecord<>("outpost.cases", null, now, caseId,
                "{\"caseId\":\"" + caseId + "\",\"benchmark\":true}");
        record.headers().add("ce_type", PROBE_TYPE.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "console-benchmark".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_time", Instant.ofEpochMilli(now).toString().getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }

    private KafkaProducer<String, String> producer() {
        Map<String, Object> config = Map.of("bootstrap.servers", suite.devstack.kafka().bootstrapServers(),
                "key.serializer", StringSerializer.class.getName(), "value.serializer", StringSerializer.class.getName(),
                "linger.ms", 0, "acks", "1");
        return new KafkaProducer<>(config);
    }

    private long consolePid() {
        return suite.consoleProcess().pid();
    }

    /**
     * One SSE connection: which probe each message carries and when it arrived. A message carries the latest probe
     * of its window, and covers every earlier probe this connection has not seen a message for.
     */
    static final class Stream implements Flow.Subscriber<String> {
        final Map<Long, Long> sentAt;
        CompletableFuture<HttpResponse<Void>> response;
        Flow.Subscription subscription;
        volatile long messages;
        long segmentMessages;
        private String event;
        private long covered;
        /** Per probe seq: latency in ms; and whether it opened its window. */
        private final Map<Long, long[]> seen = new ConcurrentHashMap<>();

        Stream(Map<Long, Long> sentAt) {
            this.sentAt = sentAt;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public synchronized void onNext(String line) {
            long now = System.currentTimeMillis();
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:") && "inbox-changed".equals(event)) {
                String data = line.substring(5).trim();
                if (data.startsWith("00000000-0000-4000-8000-")) {
                    long seq = Long.parseLong(data.substring(24));
                    messages++;
                    segmentMessages++;
                    if (seq > covered) {
                        for (long s = Math.max(covered + 1, seq - 10_000); s <= seq; s++) {
                            Long at = sentAt.get(s);
                            if (at != null) {
                                seen.put(s, new long[] { now - at, s == covered + 1 ? 1 : 0 });
                            }
                        }
                        covered = seq;
                    }
                }
            } else if (line.isEmpty()) {
                event = null;
            }
        }

        synchronized void reset() {
            segmentMessages = 0;
            seen.clear();
        }

        synchronized long[] latencies(long from, long to) {
            return seen.entrySet().stream().filter(e -> e.getKey() >= from && e.getKey() <= to)
                    .mapToLong(e -> e.getValue()[0]).toArray();
        }

        synchronized long[] beyondWindow(long from, long to) {
            return seen.entrySet().stream().filter(e -> e.getKey() >= from && e.getKey() <= to && e.getValue()[1] == 1)
                    .mapToLong(e -> e.getValue()[0] - COALESCE_MILLIS).toArray();
        }

        void close() {
            if (subscription != null) {
                subscription.cancel();
            }
            if (response != null) {
                response.cancel(true);
            }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onComplete() {
        }
    }

    // --- pages --------------------------------------------------------------------------

    @Test
    @Order(2)
    void inboxAndCasePagesWithANearlyEmptyTableAndWith100000Cases() throws Exception {
        start();
        String supervisorToken = suite.keycloak.userToken("supervisor");
        SuiteApi.Answer created = SuiteApi.json("POST", suite.url("routing-service") + "/api/v1/agents", supervisorToken,
                Map.of("username", Keycloak.DEMO_USERS.get("agent"), "displayName", "Jo Kim", "team", "care", "skills",
                        Map.of("billing", 4), "languages", List.of("en", "es"), "channels", Map.of("x", 4, "chat", 4)));
        String agentId = created.status() == 201 ? created.json().path("id").asText() : UUID.randomUUID().toString();
        ConsoleSignIn agent = new ConsoleSignIn(http);
        agent.signIn(console, Keycloak.DEMO_USERS.get("agent"), suite.keycloak.password("agent"));
        ConsoleSignIn supervisor = new ConsoleSignIn(http);
        supervisor.signIn(console, Keycloak.DEMO_USERS.get("supervisor"), suite.keycloak.password("supervisor"));

        line("");
        line("## Inbox and case pages (client time on localhost, sequential requests; " + REQUESTS + " requests per page"
                + " per round, " + ROUNDS + " rounds; p50 / p95 / p99 of each round, then the median of the rounds)");
        line("");
        line("Client time: request sent to the body read by the JDK HttpClient on the same machine (no server-side"
                + " timer is read). case-service API lines are the calls the console makes, with the person's realm"
                + " token, timed alone.");
        try (Connection db = suite.database("case-service")) {
            seed(db, 1, BASELINE_CASES, agentId);
            pages(db, agent, supervisor, BASELINE_CASES + " cases (baseline)");
            seed(db, BASELINE_CASES + 1, CASES, agentId);
            pages(db, agent, supervisor, CASES + " cases");
            explain(db);
        }
        line("- load average after the pages: " + loadAverage());
        write();
    }

    private void pages(Connection db, ConsoleSignIn agent, ConsoleSignIn supervisor, String label) throws Exception {
        List<String> agentCases = ids(db, "select id from customer_case where hidden_reason is null and (assignee_username = '"
                + Keycloak.DEMO_USERS.get("agent") + "' or assignee_username is null) order by opened_at desc limit 300");
        List<String> anyCases = ids(db, "select id from customer_case where hidden_reason is null order by md5(id::text) limit 300");
        String agentToken = suite.keycloak.userToken("agent");
        String supervisorToken = suite.keycloak.userToken("supervisor");
        String cases = suite.url("case-service") + "/api/v1";
        Map<String, Target> targets = new LinkedHashMap<>();
        targets.put("agent GET /", t -> console + "/");
        targets.put("agent GET /fragments/inbox", t -> console + "/fragments/inbox");
        targets.put("agent GET /fragments/offers", t -> console + "/fragments/offers");
        targets.put("agent GET /fragments/presence", t -> console + "/fragments/presence");
        targets.put("agent GET /cases/{id}", t -> console + "/cases/" + agentCases.get(t % agentCases.size()));
        targets.put("agent GET /cases/{id}/fragments/timeline", t -> console + "/cases/" + agentCases.get(t % agentCases.size())
                + "/fragments/timeline");
        targets.put("supervisor GET /", t -> console + "/");
        targets.put("supervisor GET /cases/{id}", t -> console + "/cases/" + anyCases.get(t % anyCases.size()));
        targets.put("case-service (agent) GET /api/v1/cases?limit=100", t -> cases + "/cases?limit=100");
        targets.put("case-service (agent) GET /api/v1/missed?limit=100", t -> cases + "/missed?limit=100");
        targets.put("case-service (agent) GET /api/v1/cases/{id}", t -> cases + "/cases/" + agentCases.get(t % agentCases.size()));
        targets.put("case-service (agent) GET /api/v1/cases/{id}/timeline", t -> cases + "/cases/"
                + agentCases.get(t % agentCases.size()) + "/timeline");
        targets.put("case-service (supervisor) GET /api/v1/cases?limit=100", t -> cases + "/cases?limit=100");
        line("");
        line("### " + label + " (load average " + loadAverage() + ")");
        line("");
        line("| request | round p50 | round p95 | round p99 | median p50 / p95 / p99 | non-200 |");
        line("|---|---|---|---|---|---|");
        for (Map.Entry<String, Target> target : targets.entrySet()) {
            String name = target.getKey();
            ConsoleSignIn person = name.startsWith("supervisor") ? supervisor : agent;
            String token = name.contains("(supervisor)") ? supervisorToken : agentToken;
            boolean api = name.startsWith("case-service");
            // Warm-up: a few requests whose time is not kept.
            for (int i = 0; i < 10; i++) {
                time(person, api ? token : null, target.getValue().url(i));
            }
            List<long[]> rounds = new ArrayList<>();
            int failures = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long[] micros = new long[REQUESTS];
                for (int i = 0; i < REQUESTS; i++) {
                    long[] r = time(person, api ? token : null, target.getValue().url(round * REQUESTS + i));
                    micros[i] = r[0];
                    if (r[1] != 200) {
                        failures++;
                    }
                }
                Arrays.sort(micros);
                rounds.add(new long[] { pct(micros, 50), pct(micros, 95), pct(micros, 99) });
            }
            StringBuilder p50 = new StringBuilder();
            StringBuilder p95 = new StringBuilder();
            StringBuilder p99 = new StringBuilder();
            for (long[] r : rounds) {
                p50.append(p50.length() == 0 ? "" : ", ").append(ms(r[0]));
                p95.append(p95.length() == 0 ? "" : ", ").append(ms(r[1]));
                p99.append(p99.length() == 0 ? "" : ", ").append(ms(r[2]));
            }
            line(String.format("| %s | %s | %s | %s | **%s / %s / %s** | %d |", name, p50, p95, p99, ms(medianOf(rounds, 0)),
                    ms(medianOf(rounds, 1)), ms(medianOf(rounds, 2)), failures));
        }
    }

    interface Target {
        String url(int i);
    }

    /** One request: {elapsed µs, status}. With a token: a service API call; else the console with the person's cookies. */
    private long[] time(ConsoleSignIn person, String token, String url) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        } else {
            builder = person.withCookies(builder);
        }
        HttpRequest request = builder.build();
        long t0 = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long micros = (System.nanoTime() - t0) / 1000;
        if (token == null) {
            person.keep(response);
        }
        return new long[] { micros, response.statusCode() };
    }

    private static List<String> ids(Connection db, String sql) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /**
     * Cases {@code from..to} straight into case-service's tables, as case-service itself would have written them
     * (CaseStore and the Flyway migrations): over 90 days, newest first; older than a week closed and assigned;
     * recent ones a mix of new (unassigned, SLA running, many past due: the missed list), open, pending, on-hold and
     * resolved; about 1 in 40 recent ones and 1 in 500 older ones the demo agent's, the other assigned ones
     * colleagues'; 1 in 97 hidden as spam; channels, visibility, priority, language and intent mixed; 30,000
     * customers, so a customer has several cases. Each case has its opening post; 1 in 40 recent ones a conversation
     * of 5 more posts and 3 delivered replies.
     */
    private static void seed(Connection db, int from, int to, String agentId) throws Exception {
        long t0 = System.nanoTime();
        String me = Keycloak.DEMO_USERS.get("agent");
        String recent = "(g <= 7750)";
        String mine = "((" + recent + " and g % 40 = 1) or (not " + recent + " and g % 500 = 1))";
        String assigned = "(" + mine + " or not " + recent + " or g % 3 <> 0)";
        String status = "case when not " + recent + " then 'closed' when not " + assigned + " then 'new'"
                + " else (array['open','open','open','pending','on-hold','resolved'])[1 + g % 6] end";
        String opened = "(now() - g * interval '78 seconds')";
        String sql = "insert into customer_case (id, channel, visibility, status, conversation_key, customer_platform_id,"
                + " customer_handle, customer_display_name, first_post_id, opened_at, priority, assignee_id, assignee_name,"
                + " assignee_username, assignee_team, assigned_at, created_at, updated_at, language, intent, sentiment,"
                + " required_skills, first_response_due_at, first_response_at, turn_started_at, next_response_due_at,"
                + " resolution_due_at, resolved_at, closed_at, hidden_reason, account_id, tags)"
                + " select md5('bench-case-' || g)::uuid, ch, case when g % 5 = 0 and ch in ('x','facebook','instagram')"
                + " then 'private' when ch in ('messenger','chat','email') then 'private' else 'public' end, st,"
                + " 'bench-conv-' || g, 'cust-' || (g % 30000), 'customer' || (g % 30000), 'Customer ' || (g % 30000),"
                + " md5('bench-post-' || g)::uuid, op, 1 + g % 4,"
                + " case when m then '" + agentId + "'::uuid when a then md5('bench-agent-' || (g % 50))::uuid end,"
                + " case when m then 'Jo Kim' when a then 'Agent ' || (g % 50) end,"
                + " case when m then '" + me + "' when a then 'bench-agent-' || (g % 50) end,"
                + " case when a then 'care' end, case when a then op + interval '2 minutes' end, op, op + interval '1 hour',"
                + " (array['en','en','en','es','fr','de'])[1 + g % 6], (array['billing','delivery','technical','complaint',"
                + "'praise'])[1 + g % 5], ((g % 21) - 10) / 10.0, array[(array['billing','technical'])[1 + g % 2]],"
                + " op + interval '1 hour', case when st <> 'new' then op + interval '10 minutes' end,"
                + " case when st in ('open','pending') and g % 7 = 0 then op + interval '3 hours' end,"
                + " case when st in ('open','pending') and g % 7 = 0 then op + interval '4 hours' end,"
                + " op + interval '1 day', case when st in ('resolved','closed') then op + interval '5 hours' end,"
                + " case when st = 'closed' then op + interval '3 days' end, case when g % 97 = 0 then 'spam' end,"
                + " 'bench-account', array[]::text[]"
                + " from (select g, " + opened + " as op, (array['x','x','x','facebook','instagram','messenger','chat',"
                + "'email'])[1 + g % 8] as ch, " + status + " as st, " + mine + " as m, " + assigned + " as a"
                + " from generate_series(" + from + ", " + to + ") g) s";
        String posts = "insert into case_post (id, case_id, channel, external_id, conversation_key, author_platform_id,"
                + " author_handle, author_display_name, text, created_at, received_at, visibility, from_own_account, account_id)"
                + " select c.first_post_id, c.id, c.channel, 'bench-' || c.conversation_key, c.conversation_key,"
                + " c.customer_platform_id, c.customer_handle, c.customer_display_name,"
                + " 'Hi, my order #' || c.customer_platform_id || ' has not arrived and tracking has not moved for a week. Can you"
                + " help?', c.opened_at, c.opened_at + interval '1 second', c.visibility, false, c.account_id"
                + " from customer_case c where c.conversation_key like 'bench-conv-%' and not exists"
                + " (select 1 from case_post p where p.id = c.first_post_id)";
        String conversations = "with c as (select * from customer_case where conversation_key in (select 'bench-conv-' || g"
                + " from generate_series(" + from + ", " + Math.min(to, 7750) + ") g where g % 40 = 1))";
        String morePosts = conversations + " insert into case_post (id, case_id, channel, external_id, conversation_key,"
                + " author_platform_id, author_handle, author_display_name, text, created_at, received_at, visibility,"
                + " from_own_account, account_id) select md5(c.id::text || '-post-' || n)::uuid, c.id, c.channel,"
                + " 'bench-' || c.conversation_key || '-' || n, c.conversation_key, c.customer_platform_id, c.customer_handle,"
                + " c.customer_display_name, 'Still waiting, this is message ' || n || ' about the same order.',"
                + " c.opened_at + n * interval '7 minutes', c.opened_at + n * interval '7 minutes' + interval '1 second',"
                + " c.visibility, false, c.account_id from c cross join generate_series(1, 5) n";
        String replies = conversations + " insert into case_reply (id, case_id, author_username, text, visibility, status,"
                + " platform_message_id, requested_at, reported_at, updated_at, delivered_at)"
                + " select md5(c.id::text || '-reply-' || n)::uuid, c.id, coalesce(c.assignee_username, '" + me + "'),"
                + " 'Sorry to hear that, we are looking into it now (' || n || '). ^JK', c.visibility, 'delivered',"
                + " 'bench-reply-' || c.conversation_key || '-' || n, c.opened_at + n * interval '9 minutes',"
                + " c.opened_at + n * interval '9 minutes' + interval '1 second', c.opened_at + n * interval '9 minutes',"
                + " c.opened_at + n * interval '9 minutes' + interval '1 second' from c cross join generate_series(1, 3) n";
        try (Statement s = db.createStatement()) {
            int cases = s.executeUpdate(sql);
            int first = s.executeUpdate(posts);
            int more = s.executeUpdate(morePosts);
            int reply = s.executeUpdate(replies);
            s.execute("analyze customer_case");
            s.execute("analyze case_post");
            s.execute("analyze case_reply");
            line("");
            line(String.format("Seeded cases %d..%d into case-service's database: %d cases, %d + %d posts, %d replies in %d ms.",
                    from, to, cases, first, more, reply, (System.nanoTime() - t0) / 1_000_000));
        }
    }

    /** The SQL case-service runs for the inbox (CaseStore.list and missed as an agent), EXPLAIN ANALYZEd. */
    private static void explain(Connection db) throws Exception {
        String me = Keycloak.DEMO_USERS.get("agent");
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("list, agent", "select * from customer_case c where (c.assignee_username is null or c.assignee_username = '"
                + me + "') and c.hidden_reason is null order by c.opened_at desc, c.id desc limit 101");
        queries.put("list, supervisor", "select * from customer_case c where c.hidden_reason is null"
                + " order by c.opened_at desc, c.id desc limit 101");
        queries.put("missed, agent", "select * from customer_case c where c.hidden_reason is null"
                + " and c.status in ('new', 'open', 'pending', 'on-hold') and ((c.first_response_at is null and"
                + " c.first_response_due_at < now()) or c.next_response_due_at < now()) and (c.assignee_username is null"
                + " or c.assignee_username = '" + me + "') order by coalesce(c.turn_started_at, c.opened_at), c.id limit 101");
        queries.put("customer's cases", "select * from customer_case c where c.customer_platform_id = 'cust-42' and"
                + " c.hidden_reason is null order by c.opened_at desc, c.id desc limit 6");
        line("");
        line("### EXPLAIN ANALYZE with " + CASES + " cases (the SQL of case-service's inbox queries)");
        for (Map.Entry<String, String> q : queries.entrySet()) {
            line("");
            line(q.getKey() + ":");
            line("```");
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("explain analyze " + q.getValue())) {
                while (rs.next()) {
                    line(rs.getString(1));
                }
            }
            line("```");
        }
    }

    // --- helpers --------------------------------------------------------------------------

    static final class ProcStat {
        static long cpuMillis(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                return ticks * 10; // USER_HZ 100
            } catch (Exception e) {
                return -1;
            }
        }

        static long rssKib(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (Exception e) {
                return -1;
            }
            return -1;
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static long medianOf(List<long[]> rounds, int column) {
        long[] values = rounds.stream().mapToLong(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

    static String ms(long micros) {
        return String.format("%.1f ms", micros / 1000.0);
    }

    static long[] concat(List<long[]> parts) {
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }

    static synchronized void line(String text) {
        System.out.println("console-benchmark: " + text);
        REPORT.append(text).append('\n');
    }

    static synchronized void write() throws Exception {
        Files.writeString(Path.of("target", "console-benchmark.md"), REPORT.toString());
    }
}
