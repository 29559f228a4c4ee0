package io.outpost.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One customer's post after another into ingest-service at a steady rate, each from its own
 * customer, as an integration would send them: a post that is not accepted (ingest down, its
 * database down) is sent again until it is — the same external id, so a retry of a post that was
 * in fact accepted is a duplicate, not a second post. Then the census: which of these customers
 * have a case in case-service, and which cases routing-service assigned how many times.
 */
final class PostTraffic {

    /** The fault runs at the size (10,000 posts each) instead of the default run's hundreds. */
    static final boolean FULL_SIZE = Boolean.getBoolean("outpost.system.faults");
    /** Offered posts per second: below the ~25/s the suite sustains on the shared 2-core machine. */
    static final double RATE = Double.parseDouble(System.getProperty("outpost.system.fault-rate", "15"));

    /** Posts of one fault run: {@code small}, or {@code outpost.system.fault-posts} (10,000) for the full-size run. */
    static int postsPerRun(int small) {
        return FULL_SIZE ? Integer.getInteger("outpost.system.fault-posts", 10_000) : small;
    }

    final String channel;
    final String prefix;
    /** The platform time of every post of the run: case-service's createdFrom/createdTo filter finds exactly these. */
    final Instant createdAt;
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    /** Answers other than 202/200 while retrying, by status (-1: no answer at all). */
    final Map<Integer, AtomicInteger> refusals = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final RunningSuite suite;
    private final String token;

    PostTraffic(RunningSuite suite, String channel, String label) {
        this.suite = suite;
        this.channel = channel;
        this.prefix = label + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        // A second of its own: the fault tests run one after another, minutes apart.
        this.createdAt = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        this.token = suite.token("integration");
    }

    /** Sends posts {@code from} to {@code to} (exclusive) at {@code perSecond}, each retried until accepted. */
    void send(int from, int to, double perSecond) throws InterruptedException {
        long intervalNanos = (long) (1_000_000_000L / perSecond);
        long next = System.nanoTime();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = from; i < to; i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                next += intervalNanos;
                int n = i;
                sent.add(pool.submit(() -> sendUntilAccepted(n)));
            }
            for (var f : sent) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private Void sendUntilAccepted(int n) throws InterruptedException {
        String id = prefix + n;
        ObjectNode post = SweepValues.NODES.objectNode().put("channel", channel).put("externalId", id)
                .put("text", "I was charged twice for my invoice " + id).put("createdAt", createdAt.toString());
        post.putObject("author").put("platformUserId", id).put("handle", id);
        String body = post.toString();
        while (true) {
            SuiteApi.Answer answer = SuiteApi.call("POST", suite.url("ingest-service") + "/api/v1/posts", token,
                    "application/json", body);
            // 202 accepted; 200 "duplicate": an earlier attempt was accepted after all.
            if (answer.status() == 202 || answer.status() == 200) {
                accepted.incrementAndGet();
                return null;
            }
            if (answer.status() >= 400 && answer.status() < 500) {
                throw new AssertionError("post " + id + " refused: " + answer.status() + " " + answer.body());
            }
            retries.incrementAndGet();
            refusals.computeIfAbsent(answer.status(), st -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(1000);
        }
    }

    /** This run's cases in case-service: case ids per customer (each customer posted once), with the assignee of each. */
    Census census() {
        String base = suite.url("case-service") + "/api/v1/cases?channel=" + channel + "&limit=200&hidden=any&createdFrom="
                + createdAt + "&createdTo=" + createdAt.plusSeconds(1);
        String token = suite.token("supervisor");
        Map<String, List<String>> casesPerCustomer = new HashMap<>();
        Set<String> assigned = new HashSet<>();
        String cursor = null;
        do {
            SuiteApi.Answer page = SuiteApi.get(base + (cursor == null ? "" : "&cursor=" + cursor), token);
            if (page.status() != 200) {
                throw new IllegalStateException("case list answered " + page.status());
            }
            JsonNode root = page.json();
            for (JsonNode item : root.path("items")) {
                String customer = item.path("customer").path("platformUserId").asText();
                if (customer.startsWith(prefix)) {
                    String caseId = item.path("id").asText();
                    casesPerCustomer.computeIfAbsent(customer, c -> new ArrayList<>()).add(caseId);
                    if (item.path("assignee").hasNonNull("id")) {
                        assigned.add(caseId);
                    }
                }
            }
            cursor = root.hasNonNull("nextCursor") ? root.get("nextCursor").asText() : null;
        } while (cursor != null);
        return new Census(casesPerCustomer, assigned);
    }

    /**
     * Where this run's posts are along the chain, read from each service's database, for a failure
     * message: posts in ingest (hidden ones apart), cases in case-service by status, hidden and
     * assigned, routing tasks for those cases by status (and how many cases routing has no task for),
     * then routing's agents on the channel and their open assignments. A run that stalls says at
     * which hop its posts stopped.
     */
    String whereThePostsAre() {
        StringBuilder s = new StringBuilder("this run's posts (" + channel + ", customers " + prefix + "*) along the chain:");
        String like = prefix + "%";
        List<java.util.UUID> caseIds = new ArrayList<>();
        try (java.sql.Connection db = suite.database("ingest-service");
                java.sql.PreparedStatement q = db.prepareStatement("select count(*), count(hidden_reason) from post"
                        + " where channel = ? and author_platform_id like ?")) {
            q.setString(1, channel);
            q.setString(2, like);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                rs.next();
                s.append("\n  ingest-service: ").append(rs.getLong(1)).append(" posts, ").append(rs.getLong(2)).append(" hidden");
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            s.append("\n  ingest-service: unreadable (").append(e.getMessage()).append(')');
        }
        try (java.sql.Connection db = suite.database("case-service");
                java.sql.PreparedStatement q = db.prepareStatement("select id, status, hidden_reason is not null,"
                        + " assignee_id is not null from customer_case where channel = ? and customer_platform_id like ?")) {
            q.setString(1, channel);
            q.setString(2, like);
            Map<String, Integer> byState = new java.util.TreeMap<>();
            try (java.sql.ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    caseIds.add(rs.getObject(1, java.util.UUID.class));
                    byState.merge(rs.getString(2) + (rs.getBoolean(3) ? " hidden" : "")
                            + (rs.getBoolean(4) ? " assigned" : " unassigned"), 1, Integer::sum);
                }
            }
            s.append("\n  case-service: ").append(caseIds.size()).append(" cases ").append(byState);
        } catch (java.sql.SQLException | RuntimeException e) {
            s.append("\n  case-service: unreadable (").append(e.getMessage()).append(')');
        }
        try (java.sql.Connection db = suite.database("routing-service")) {
            Map<String, Integer> byStatus = new java.util.TreeMap<>();
            try (java.sql.PreparedStatement q = db.prepareStatement("select status, count(*) from routing_task"
                    + " where case_id = any(?) group by status")) {
                q.setArray(1, db.createArrayOf("uuid", caseIds.toArray()));
                try (java.sql.ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        byStatus.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
            int tasks = byStatus.values().stream().mapToInt(Integer::intValue).sum();
            s.append("\n  routing-service: tasks ").append(byStatus).append(", cases without a task ").append(caseIds.size() - tasks);
            s.append(agentsOn(db, channel));
        } catch (java.sql.SQLException | RuntimeException e) {
            s.append("\n  routing-service: unreadable (").append(e.getMessage()).append(')');
        }
        return s.toString();
    }

    /** Routing's agents on a channel by presence, their capacity there and the channel's open assignments. */
    static String agentsOn(java.sql.Connection routingDb, String channel) throws java.sql.SQLException {
        StringBuilder s = new StringBuilder();
        try (java.sql.PreparedStatement q = routingDb.prepareStatement("select a.presence, count(*),"
                + " sum((a.channels::jsonb ->> ?)::int), (select count(*) from assignment s where s.channel = ?"
                + " and s.released_at is null) from agent a where (a.channels::jsonb ->> ?) is not null group by a.presence")) {
            q.setString(1, channel);
            q.setString(2, channel);
            q.setString(3, channel);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    s.append("\n  routing-service: ").append(rs.getLong(2)).append(' ').append(rs.getString(1))
                            .append(" agents on ").append(channel).append(", capacity ").append(rs.getLong(3))
                            .append(" (open assignments on the channel: ").append(rs.getLong(4)).append(')');
                }
            }
        }
        return s.toString();
    }

    /** What case-service shows of this run. */
    record Census(Map<String, List<String>> casesPerCustomer, Set<String> assignedCases) {

        long customersWithACase() {
            return casesPerCustomer.size();
        }

        List<String> inMoreThanOneCase() {
            return casesPerCustomer.entrySet().stream().filter(e -> e.getValue().size() > 1)
                    .map(e -> e.getKey() + " x" + e.getValue().size()).limit(20).toList();
        }

        Set<String> caseIds() {
            Set<String> ids = new HashSet<>();
            casesPerCustomer.values().forEach(ids::addAll);
            return ids;
        }
    }

    /**
     * The distinct assignments routing-service published per case since {@code from}, for the given
     * cases (a repeat of one assignment, same id, counts once: a redelivery, not a second assignment).
     */
    static Map<String, Set<String>> assignmentsPerCase(SuiteTopics topics, Map<TopicPartition, Long> from, Set<String> caseIds) {
        Map<String, Set<String>> perCase = new HashMap<>();
        for (ConsumerRecord<String, String> record : topics.readSince(from)) {
            if (!Topics.ASSIGNMENTS.equals(record.topic()) || record.value() == null
                    || !EventTypes.ASSIGNMENT_CREATED.equals(header(record, "ce_type"))) {
                continue;
            }
            try {
                JsonNode event = OpenApi.JSON.readTree(record.value());
                String caseId = event.path("caseId").asText();
                if (caseIds.contains(caseId)) {
                    perCase.computeIfAbsent(caseId, c -> new HashSet<>()).add(event.path("assignmentId").asText());
                }
            } catch (java.io.IOException e) {
                // a poison record of another test: not an assignment
            }
        }
        return perCase;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
