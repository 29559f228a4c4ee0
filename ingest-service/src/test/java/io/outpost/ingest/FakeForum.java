package io.outpost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.outpost.ingest.domain.ForumSignatures;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A forum's integration as strict as the contract (README "Forum delivery contract") lets one be: it
 * verifies every POST's signature and timestamp with the reference receiver ({@link ForumSignatures},
 * 5 minutes tolerance) and refuses a bad one with 401, refuses a body not of the documented shape with
 * 400, and answers a repeated {@code Idempotency-Key} with the earlier result instead of posting again.
 * On demand it answers the next new request with a given status (429 with {@code Retry-After}, 500,
 * 400), or takes it and answers only after a delay (longer than the sender's read timeout).
 */
public final class FakeForum implements AutoCloseable {

    public static final String PATH = "/outpost/replies";

    /** One request as it arrived, and how it was answered. {@code repeat}: answered from an earlier result. */
    public record Call(long arrivedNanos, String idempotencyKey, String timestamp, byte[] body, int status, boolean repeat) {
    }

    /** A post the forum created. */
    public record Post(String id, JsonNode body) {
    }

    private record Answer(int status, Map<String, String> headers, String body, Duration delay) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final String secret;
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final Map<String, Answer> answered = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    private FakeForum(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A forum integration that verifies signatures with {@code secret}. */
    public static FakeForum start(String secret) throws IOException {
        return new FakeForum(secret);
    }

    /** The endpoint to register on the forum account. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** The next new, correctly signed request is answered with this instead of being posted. */
    public void answerNext(int status, Map<String, String> headers, String body) {
        script.add(new Answer(status, headers, body, Duration.ZERO));
    }

    /** The next new, correctly signed request is posted, but answered only after {@code delay}. */
    public void postNextButAnswerAfter(Duration delay) {
        script.add(new Answer(201, Map.of(), null, delay));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Post> posts() {
        return List.copyOf(posts);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long arrived = System.nanoTime();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(1 << 20);
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            String timestamp = exchange.getRequestHeaders().getFirst(ForumSignatures.TIMESTAMP_HEADER);
            Answer answer = answer(exchange, body, key, timestamp);
            boolean repeat = answer == null;
            if (repeat) {
                answer = answered.get(key);
            }
            calls.add(new Call(arrived, key, timestamp, body, answer.status(), repeat));
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] out = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.status() < 300 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            exchange.getResponseBody().write(out);
        }
    }

    /** What to answer; null: this key was answered before (the earlier result is sent again). */
    private Answer answer(HttpExchange exchange, byte[] body, String key, String timestamp) {
        if (!"POST".equals(exchange.getRequestMethod()) || !PATH.equals(exchange.getRequestURI().getPath())
                || exchange.getRequestURI().getRawQuery() != null) {
            return problem(404, "Not Found", "only POST " + PATH);
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            return problem(415, "Unsupported Media Type", "application/json only, got " + contentType);
        }
        ForumSignatures.Verdict verdict = ForumSignatures.verify(timestamp, body,
                exchange.getRequestHeaders().getFirst(ForumSignatures.SIGNATURE_HEADER), secret, Instant.now(),
                ForumSignatures.DEFAULT_TOLERANCE);
        if (verdict != ForumSignatures.Verdict.VALID) {
            return problem(401, "Unauthorized", "signature check failed: " + verdict);
        }
        if (key == null || key.isBlank()) {
            return problem(400, "Bad Request", "Idempotency-Key is required");
        }
        if (answered.containsKey(key)) {
            return null;
        }
        String shape = shapeError(body, key);
        if (shape != null) {
            return problem(400, "Bad Request", shape);
        }
        Answer scripted = script.poll();
        if (scripted != null && scripted.delay().isZero()) {
            if (scripted.status() < 500 && scripted.status() != 429) {
                answered.put(key, scripted); // a final refusal is the result for this key too
            }
            return scripted;
        }
        String id = "forum-post-" + ids.incrementAndGet();
        try {
            posts.add(new Post(id, JSON.readTree(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Answer created = new Answer(201, Map.of(), "{\"id\":\"" + id + "\"}", Duration.ZERO);
        answered.put(key, created);
        return scripted != null ? new Answer(201, Map.of(), created.body(), scripted.delay()) : created;
    }

    /** Why the body is not the documented shape; null when it is. */
    private static String shapeError(byte[] body, String key) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return "not JSON";
        }
        if (!key.equals(json.path("messageId").asText(null))) {
            return "messageId must equal the Idempotency-Key";
        }
        String kind = json.path("kind").asText("");
        if (!kind.equals("reply") && !kind.equals("post")) {
            return "kind must be reply or post";
        }
        if (kind.equals("reply") && !json.path("inReplyTo").isTextual()) {
            return "a reply needs inReplyTo";
        }
        if (!json.path("text").isTextual() || json.path("text").asText().isBlank()) {
            return "text is required";
        }
        if (!json.path("account").isTextual()) {
            return "account is required";
        }
        try {
            Instant.parse(json.path("sentAt").asText(""));
        } catch (RuntimeException e) {
            return "sentAt must be an ISO-8601 instant";
        }
        return null;
    }

    private static Answer problem(int status, String title, String detail) {
        try {
            return new Answer(status, Map.of(), JSON.writeValueAsString(Map.of("title", title, "status", status, "detail", detail)),
                    Duration.ZERO);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
