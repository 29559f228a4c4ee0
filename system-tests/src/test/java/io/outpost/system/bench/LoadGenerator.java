package io.outpost.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.system.BenchBaseline;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The suite benchmark's load generator, in a JVM of its own ({@link SuiteBenchmark} starts it with the
 * test classpath), so that its CPU is measured apart from the suite's (issue 19, "An honest benchmark").
 * <p>
 * Protocol: the benchmark writes one command per line to stdin ({@code step <label> <rate> <seconds>},
 * {@code quit}); this process answers {@code READY} once its Kafka consumer is placed at the topics' end,
 * and {@code RESULT <json>} after each step. Anything else on stdout is ignored by the benchmark.
 * <p>
 * The mix per step, each kind on its own open-loop schedule (an intended time per request, requests sent
 * without waiting for earlier answers): new public chat posts at the step's rate (each opens a case: these
 * are the posts whose post → assigned latency is measured); public replies to earlier posts of the run and
 * private messages by earlier customers (posts joining existing conversations); consent look-ups of
 * earlier customers at crm-link-service (identity by handle, then its consents); and, reacting to what
 * routing does, the assigned agent answering in public and resolving a share of the cases a few seconds
 * after the assignment (capacity frees up; survey-service schedules a survey for each resolved case). A raw Kafka produce →
 * consume baseline ({@link BenchBaseline}) runs in the middle of each step, on the same broker.
 */
public final class LoadGenerator {

    static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> caseByFirstPost = new ConcurrentHashMap<>();
    private final Map<String, Long> assignedAtByCase = new ConcurrentHashMap<>();
    private final Map<String, String> visibilityByCase = new ConcurrentHashMap<>();
    /** When this process read each hop's event, for the hop breakdown (a backlog pinned on one service). */
    private final Map<String, Long> ingestedAtByPost = new ConcurrentHashMap<>();
    private final Map<String, Long> openedAtByCase = new ConcurrentHashMap<>();
    /** Customers whose first post was accepted: the targets of replies, DMs and consent look-ups. */
    private final List<String[]> customers = new ArrayList<>(); // guarded by random
    private final ScheduledExecutorService resolver = Executors.newScheduledThreadPool(1);
    private final Random random = new Random(20261207);
    private final Map<String, Counter> counters = new LinkedHashMap<>();
    /** Every case.opened seen: beyond one per new post, follow-ups that opened a case instead of joining one. */
    private final AtomicInteger casesOpened = new AtomicInteger();
    private volatile boolean running = true;
    private Thread consumerThread;

    /** Requests of one kind: sent, answered as expected, answered otherwise (first odd answer kept). */
    static final class Counter {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        /** Consent look-ups only: the identity was known to crm-link-service (then its consents were read). */
        final AtomicInteger found = new AtomicInteger();
        volatile String firstFailure;

        void fail(String why) {
            failed.incrementAndGet();
            if (firstFailure == null) {
                firstFailure = why.length() > 300 ? why.substring(0, 300) : why;
            }
        }

        int[] snapshot() {
            return new int[] {sent.get(), ok.get(), failed.get(), found.get()};
        }
    }

    LoadGenerator(JsonNode config) {
        this.config = config;
        for (String kind : List.of("new posts", "replies", "private messages", "consent look-ups", "agent replies",
                "resolutions")) {
            counters.put(kind, new Counter());
        }
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        LoadGenerator generator = new LoadGenerator(JSON.readTree(Path.of(args[0]).toFile()));
        generator.startConsumer();
        out.println("READY");
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            String[] command = line.trim().split(" ");
            if (command[0].equals("step")) {
                Map<String, Object> result = generator.step(command[1], Integer.parseInt(command[2]),
                        Integer.parseInt(command[3]));
                out.println("RESULT " + JSON.writeValueAsString(result));
                out.flush();
            }
        }
        generator.running = false;
        generator.resolver.shutdownNow();
        generator.consumerThread.join(5_000);
        System.exit(0);
    }

    static long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    /** Reads case.opened (first post → case) and assignment.created (case → first assignment) from the topics' end. */
    private void startConsumer() throws InterruptedException {
        Properties props = new Properties();
        props.put("bootstrap.servers", config.path("bootstrap").asText());
        props.put("group.id", "bench-load-" + run);
        props.put("auto.offset.reset", "latest");
        props.put("enable.auto.commit", "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("outpost.posts", "outpost.cases", "outpost.assignments"));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
        long holdMillis = config.path("resolveAfterMillis").asLong();
        double resolveShare = config.path("resolveShare").asDouble();
        Random resolveDraw = new Random(7);
        consumerThread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                        long now = nowMillis();
                        var header = record.headers().lastHeader("ce_type");
                        String type = header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
                        try {
                            JsonNode payload = JSON.readTree(record.value());
                            if (type.startsWith("io.outpost.post.ingested")) {
                                ingestedAtByPost.putIfAbsent(payload.path("postId").asText(), now);
                            } else if (type.startsWith("io.outpost.case.opened")) {
                                openedAtByCase.putIfAbsent(payload.path("caseId").asText(), now);
                                caseByFirstPost.put(payload.path("firstPostId").asText(), payload.path("caseId").asText());
                                visibilityByCase.put(payload.path("caseId").asText(), payload.path("visibility").asText("public"));
                                casesOpened.incrementAndGet();
                            } else if (type.startsWith("io.outpost.assignment.created")) {
                                String caseId = payload.path("caseId").asText();
                                if (assignedAtByCase.putIfAbsent(caseId, now) == null
                                        && resolveDraw.nextDouble() < resolveShare) {
                                    String agentId = payload.path("agentId").asText();
                                    resolver.schedule(() -> resolve(caseId, agentId), holdMillis, TimeUnit.MILLISECONDS);
                                }
                            }
                        } catch (Exception e) {
                            System.err.println("unreadable record on " + record.topic() + ": " + e);
                        }
                    }
                }
            }
        }, "bench-consumer");
        consumerThread.setDaemon(true);
        consumerThread.start();
    }

    /** One new post the step sent: its intended send time and, once ingest answered 202, its post id. */
    static final class NewPost {
        final long intendedMillis;
        volatile String postId;
        volatile long answeredMillis;

        NewPost(long intendedMillis) {
            this.intendedMillis = intendedMillis;
        }
    }

    Map<String, Object> step(String label, int rate, int seconds) throws Exception {
        String step = run + "-" + label;
        int casesOpenedBefore = casesOpened.get();
        Map<String, int[]> before = new HashMap<>();
        counters.forEach((kind, counter) -> {
            before.put(kind, counter.snapshot());
            counter.firstFailure = null; // each step reports its own
        });
        long drainMillis = config.path("drainMillis").asLong();
        long deadlineMillis = config.path("deadlineMillis").asLong();
        int total = rate * seconds;
        NewPost[] posts = new NewPost[total];
        long start = nowMillis() + 200;
        long end = start + seconds * 1000L;
        List<Thread> pacers = new ArrayList<>();
        pacers.add(paced("new posts", total, start, end, (i, intended) -> newPost(step, i, posts, intended)));
        pacers.add(paced("replies", share(total, "replyShare"), start, end, (i, intended) -> followUp(step, i, false)));
        pacers.add(paced("private messages", share(total, "privateShare"), start, end, (i, intended) -> followUp(step, i, true)));
        pacers.add(paced("consent look-ups", share(total, "consentShare"), start, end, (i, intended) -> consentLookUp(i)));
        List<Long> baseline = new ArrayList<>();
        String[] baselineError = new String[1];
        Thread baselineThread = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000L / 2);
                baseline.addAll(BenchBaseline.produceToConsumeMillis(config.path("bootstrap").asText(),
                        config.path("baselineSamples").asInt()));
            } catch (Throwable e) {
                baselineError[0] = e.toString();
            }
        }, "bench-baseline");
        baselineThread.start();
        for (Thread pacer : pacers) {
            pacer.join();
        }
        // Until every new post of the step is assigned, or its deadline (and the drain window) has passed.
        long waitUntil = end + Math.max(drainMillis, deadlineMillis);
        while (nowMillis() < waitUntil && !allAssigned(posts, total)) {
            Thread.sleep(100);
        }
        baselineThread.join(60_000);
        List<Map.Entry<Long, Long>> journeys = new ArrayList<>();
        for (NewPost post : posts) {
            if (post == null) {
                continue; // never reached: the pacers have ended
            }
            String caseId = post.postId == null ? null : caseByFirstPost.get(post.postId);
            Long assigned = caseId == null ? null : assignedAtByCase.get(caseId);
            journeys.add(new AbstractMap.SimpleEntry<>(post.intendedMillis, assigned));
        }
        StepVerdict verdict = StepVerdict.of(journeys, end, drainMillis, deadlineMillis);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("label", label);
        result.put("rate", rate);
        result.put("seconds", seconds);
        result.put("verdict", verdict);
        Map<String, Object> mix = new LinkedHashMap<>();
        counters.forEach((kind, counter) -> {
            int[] now = counter.snapshot();
            int[] was = before.get(kind);
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("sent", now[0] - was[0]);
            counts.put("ok", now[1] - was[1]);
            counts.put("failed", now[2] - was[2]);
            if (now[3] > 0) {
                counts.put("identityKnown", now[3] - was[3]);
            }
            if (counter.firstFailure != null) {
                counts.put("firstFailure", counter.firstFailure);
            }
            mix.put(kind, counts);
        });
        result.put("mix", mix);
        result.put("casesOpened", casesOpened.get() - casesOpenedBefore);
        result.put("hops", hops(posts));
        List<Long> sorted = baseline.stream().sorted().toList();
        result.put("baseline", baselineError[0] != null ? Map.of("error", baselineError[0])
                : Map.of("n", sorted.size(), "p50", StepVerdict.percentile(sorted, 50), "p99", StepVerdict.percentile(sorted, 99),
                        "max", StepVerdict.percentile(sorted, 100)));
        return result;
    }

    /**
     * Each new post's journey split into hops, each from the moment the previous step was seen (the HTTP
     * answer here, the events as this process read them): p50 and p99 over the posts that made the hop.
     */
    private Map<String, Object> hops(NewPost[] posts) {
        Map<String, List<Long>> hops = new LinkedHashMap<>();
        for (String hop : List.of("intended send → HTTP 202", "202 → post.ingested", "post.ingested → case.opened",
                "case.opened → assignment.created")) {
            hops.put(hop, new ArrayList<>());
        }
        for (NewPost post : posts) {
            if (post == null || post.postId == null) {
                continue;
            }
            hops.get("intended send → HTTP 202").add(post.answeredMillis - post.intendedMillis);
            Long ingested = ingestedAtByPost.get(post.postId);
            if (ingested != null) {
                hops.get("202 → post.ingested").add(Math.max(0, ingested - post.answeredMillis));
            }
            String caseId = caseByFirstPost.get(post.postId);
            Long opened = caseId == null ? null : openedAtByCase.get(caseId);
            if (opened != null && ingested != null) {
                hops.get("post.ingested → case.opened").add(opened - ingested);
            }
            Long assigned = caseId == null ? null : assignedAtByCase.get(caseId);
            if (assigned != null && opened != null) {
                hops.get("case.opened → assignment.created").add(assigned - opened);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        hops.forEach((hop, values) -> {
            List<Long> sorted = values.stream().sorted().toList();
            result.put(hop, Map.of("n", sorted.size(), "p50", StepVerdict.percentile(sorted, 50), "p99",
                    StepVerdict.percentile(sorted, 99)));
        });
        return result;
    }

    private int share(int total, String property) {
        return (int) Math.round(total * config.path(property).asDouble());
    }

    private boolean allAssigned(NewPost[] posts, int total) {
        for (NewPost post : posts) {
            if (post == null) {
                return false;
            }
            String caseId = post.postId == null ? null : caseByFirstPost.get(post.postId);
            if (caseId == null || !assignedAtByCase.containsKey(caseId)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code count} requests spread evenly over [start, end), each fired at its intended time whether or
     * not earlier ones were answered (open loop); {@code fire} must not block.
     */
    private Thread paced(String kind, int count, long start, long end, Fire fire) {
        Thread thread = new Thread(() -> {
            double period = count == 0 ? 0 : (end - start) / (double) count;
            for (int i = 0; i < count; i++) {
                long intended = start + (long) (i * period);
                long wait;
                while ((wait = intended - nowMillis()) > 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(wait, 20)));
                }
                fire.at(i, intended);
            }
        }, "bench-pacer-" + kind);
        thread.start();
        return thread;
    }

    private void newPost(String step, int i, NewPost[] posts, long intendedMillis) {
        NewPost post = new NewPost(intendedMillis);
        posts[i] = post;
        String customer = "cust-" + step + "-" + i;
        String handle = "b" + step.replace("-", "") + "n" + i;
        String externalId = "bench-" + step + "-" + i;
        Map<String, Object> body = postBody(externalId, customer, handle, "I was charged twice for order " + i);
        send("new posts", "POST", config.path("ingestUrl").asText() + "/api/v1/posts", config.path("integrationToken").asText(),
                body, 202, answer -> {
                    post.answeredMillis = nowMillis();
                    post.postId = JSON.readTree(answer).path("postId").asText();
                    synchronized (random) {
                        customers.add(new String[] {externalId, customer, handle});
                    }
                });
    }

    private String[] anyCustomer() {
        synchronized (random) {
            return customers.isEmpty() ? null : customers.get(random.nextInt(customers.size()));
        }
    }

    /** A public reply to an earlier post of the run, or a private message in the same customer's DM thread. */
    private void followUp(String step, int i, boolean privateMessage) {
        String kind = privateMessage ? "private messages" : "replies";
        String[] customer = anyCustomer();
        if (customer == null) {
            counters.get(kind).fail("no customer yet to follow up");
            return;
        }
        String externalId = "bench-" + step + (privateMessage ? "-dm" : "-re") + i;
        Map<String, Object> body = postBody(externalId, customer[1], customer[2],
                privateMessage ? "Here is my order number, in private: " + i : "Any news on this?");
        if (privateMessage) {
            body.put("visibility", "private");
            body.put("threadId", "dm-" + customer[1]);
        } else {
            body.put("inReplyToExternalId", customer[0]);
        }
        send(kind, "POST", config.path("ingestUrl").asText() + "/api/v1/posts", config.path("integrationToken").asText(), body,
                202, answer -> {
                });
    }

    /** An agent's look-up of an earlier customer's consents: the identity by handle, then its consents. */
    private void consentLookUp(int i) {
        String[] customer = anyCustomer();
        if (customer == null) {
            counters.get("consent look-ups").fail("no customer yet to look up");
            return;
        }
        String crm = config.path("crmUrl").asText();
        String admin = config.path("adminToken").asText();
        Counter counter = counters.get("consent look-ups");
        counter.sent.incrementAndGet();
        http.sendAsync(request("GET", crm + "/api/v1/identities?channel=chat&handle="
                + URLEncoder.encode(customer[2], StandardCharsets.UTF_8), admin, null), HttpResponse.BodyHandlers.ofString())
                .thenCompose(identities -> {
                    if (identities.statusCode() != 200) {
                        throw new IllegalStateException("identities answered " + identities.statusCode() + ": " + identities.body());
                    }
                    JsonNode items;
                    try {
                        items = JSON.readTree(identities.body()).path("items");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    // crm-link-service may not have learned the identity yet: the look-up itself was made.
                    String id = items.size() == 0 ? null : items.get(0).path("id").asText();
                    if (id != null) {
                        counter.found.incrementAndGet();
                    }
                    return id == null ? java.util.concurrent.CompletableFuture.completedFuture(200)
                            : http.sendAsync(request("GET", crm + "/api/v1/subjects/" + id + "/consents", admin, null),
                                    HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::statusCode);
                }).whenComplete((status, error) -> {
                    if (error == null && status == 200) {
                        counter.ok.incrementAndGet();
                    } else {
                        counter.fail(error != null ? error.toString() : "consents answered " + status);
                    }
                });
    }

    /**
     * The assigned agent answers (in public, or privately where the case began with a private message) and
     * resolves the case: case-service refuses to close a case that began in public without a public reply
     * (422 "close publicly") and a public reply to a case with no public post (422 "reply privately").
     */
    private void resolve(String caseId, String agentId) {
        JsonNode token = config.path("agentTokens").path(agentId);
        if (token.isMissingNode()) {
            counters.get("resolutions").fail("assignment to an agent the benchmark did not create: " + agentId);
            return;
        }
        String caseUrl = config.path("caseUrl").asText() + "/api/v1/cases/" + caseId;
        send("agent replies", "POST", caseUrl + "/replies", token.asText(),
                Map.of("text", "Sorry about the double charge: the refund is on its way.", "visibility",
                        "private".equalsIgnoreCase(visibilityByCase.get(caseId)) ? "private" : "public"), 201,
                answer -> send("resolutions", "PATCH", caseUrl, token.asText(), Map.of("status", "resolved"), 200, resolved -> {
                }));
    }

    private Map<String, Object> postBody(String externalId, String customer, String handle, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", "chat");
        body.put("externalId", externalId);
        body.put("author", Map.of("platformUserId", customer, "handle", handle));
        body.put("text", text);
        body.put("createdAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        return body;
    }

    /** Sends request {@code i} of a schedule, intended for {@code intendedMillis}. */
    interface Fire {
        void at(int i, long intendedMillis);
    }

    interface Answer {
        void accept(String body) throws Exception;
    }

    private void send(String kind, String method, String url, String token, Object body, int expected, Answer onAnswer) {
        Counter counter = counters.get(kind);
        counter.sent.incrementAndGet();
        HttpRequest request;
        try {
            request = request(method, url, token, body == null ? null : JSON.writeValueAsString(body));
        } catch (Exception e) {
            counter.fail(e.toString());
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null) {
                counter.fail(error.toString());
            } else if (response.statusCode() != expected) {
                counter.fail(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
            } else {
                try {
                    onAnswer.accept(response.body());
                    counter.ok.incrementAndGet();
                } catch (Exception e) {
                    counter.fail(e.toString());
                }
            }
        });
    }

    private static HttpRequest request(String method, String url, String token, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (json == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json))
                .build();
    }
}
