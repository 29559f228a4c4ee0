package io.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Topics;
import io.outpost.devstack.ServiceProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * A piece of infrastructure taken away while posts keep arriving, and brought back: posts are sent
 * at a steady rate from before the outage to after it; during the outage every service must say it
 * is not ready ({@code /q/health/ready} not 200), afterwards ready again by itself; in the end every
 * post is in exactly one case and every case was assigned exactly once.
 */
final class OutageRun {

    /** Posts per outage run: 400 by default, the 10,000 with {@code -Doutpost.system.faults=true}. */
    static final int POSTS = PostTraffic.postsPerRun(Integer.getInteger("outpost.system.outage-posts", 400));
    static final double RATE = PostTraffic.RATE;
    /** How long the infrastructure stays away once every service has noticed. */
    static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("outpost.system.outage-seconds", 10));
    /** A wait fails only when nothing moved for this long. */
    static final Duration STALL = Duration.ofMinutes(3);

    private OutageRun() {
    }

    /**
     * What a stalled run leaves to go on, in the failure's message (CI shows only that): how far
     * each consumer group is behind on each topic, and each service's last warnings and errors.
     */
    static String diagnosis(RunningSuite suite, SuiteTopics topics) {
        StringBuilder state = new StringBuilder();
        try {
            state.append("consumer groups behind the topics' ends: ")
                    .append(topics.behind(topics.endOffsets(SuiteTopics.CONSUMERS.keySet())));
        } catch (RuntimeException e) {
            state.append("consumer group offsets unreadable: ").append(e);
        }
        // Events a service stored but has not published (its outbox relay stuck) lag no consumer group.
        state.append("\nunpublished outbox rows per service: ");
        for (ServiceProcesses.Service service : suite.services.services()) {
            try (java.sql.Connection db = suite.database(service.name());
                    java.sql.ResultSet rows = db.createStatement().executeQuery(
                            "select count(*), min(occurred_at) from outbox_event")) {
                rows.next();
                state.append(service.name()).append('=').append(rows.getLong(1))
                        .append(rows.getLong(1) == 0 ? "" : " (oldest " + rows.getTimestamp(2).toInstant() + ")").append("; ");
            } catch (java.sql.SQLException | RuntimeException e) {
                state.append(service.name()).append(": unreadable (").append(e.getMessage()).append("); ");
            }
        }
        for (ServiceProcesses.Service service : suite.services.services()) {
            state.append("\n").append(service.name()).append(", database sessions and locks:");
            try (java.sql.Connection db = suite.database(service.name())) {
                state.append(rows(db, "select pid, application_name, state, wait_event_type, wait_event, "
                        + "date_trunc('second', now() - xact_start) as in_transaction, left(query, 120) as query "
                        + "from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() "
                        + "order by xact_start nulls last limit 25"));
                state.append(rows(db, "select l.pid, l.locktype, l.mode, l.granted, l.relation::regclass as relation, "
                        + "l.classid, l.objid from pg_locks l join pg_database d on d.oid = l.database "
                        + "where d.datname = current_database() and l.pid <> pg_backend_pid() "
                        + "and l.locktype in ('advisory', 'relation', 'tuple', 'transactionid') "
                        + "order by l.granted, l.pid limit 25"));
            } catch (java.sql.SQLException | RuntimeException e) {
                state.append(" unreadable (").append(e.getMessage()).append(')');
            }
            state.append("\n").append(service.name()).append(", threads in Outpost code: ").append(threadDump(service));
        }
        for (ServiceProcesses.Service service : suite.services.services()) {
            try {
                List<String> warnings = Files.readAllLines(service.log()).stream()
                        .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                        .map(line -> line.length() > 400 ? line.substring(0, 400) + "..." : line)
                        .toList();
                state.append("\n").append(service.name()).append(", last warnings and errors of ").append(warnings.size())
                        .append(":");
                warnings.subList(Math.max(0, warnings.size() - 6), warnings.size())
                        .forEach(line -> state.append("\n  ").append(line));
            } catch (IOException | RuntimeException e) {
                state.append("\n").append(service.name()).append(": log unreadable: ").append(e);
            }
        }
        return state.toString();
    }

    /** A query's rows, one line each, for a failure message. */
    private static String rows(java.sql.Connection db, String sql) throws java.sql.SQLException {
        StringBuilder out = new StringBuilder();
        try (java.sql.ResultSet rows = db.createStatement().executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                out.append("\n  ");
                for (int c = 1; c <= columns; c++) {
                    out.append(c == 1 ? "" : " | ").append(rows.getMetaData().getColumnLabel(c)).append('=')
                            .append(rows.getString(c));
                }
            }
        }
        return out.length() == 0 ? "\n  (none)" : out.toString();
    }

    /**
     * The service's thread dump ({@code jcmd Thread.print}), written whole to
     * {@code target/system-logs/<service>-threads.txt}; the message gets the threads whose stacks
     * pass through Outpost code or wait in a database or Kafka client, a few frames each.
     */
    static String threadDump(ServiceProcesses.Service service) {
        try {
            java.nio.file.Path jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(service.process().pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            dump.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            java.nio.file.Path file = service.log().resolveSibling(service.name() + "-threads.txt");
            Files.writeString(file, text);
            StringBuilder interesting = new StringBuilder(" (whole dump: " + file + ")");
            for (String thread : text.split("\n\n")) {
                if (thread.contains("io.outpost.") || thread.contains("io.vertx.pgclient")
                        || thread.contains("KafkaProducer") || thread.contains("kafka-producer")) {
                    List<String> lines = thread.lines().limit(8).map(line -> line.length() > 160 ? line.substring(0, 160) : line)
                            .toList();
                    interesting.append("\n  ").append(String.join("\n    ", lines));
                }
            }
            return interesting.toString();
        } catch (IOException | RuntimeException e) {
            return "unavailable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * @param acceptsDuringOutage whether ingest-service must keep accepting posts while the infrastructure is away
     *                            (true for the broker: its outbox holds them; its own database gone, it cannot)
     */
    static void run(RunningSuite suite, String label, String channel, boolean acceptsDuringOutage, Runnable takeAway,
            Runnable bringBack) throws Exception {
        SuiteTopics topics = new SuiteTopics(suite.devstack.kafka().bootstrapServers());
        Map<TopicPartition, Long> start = topics.endOffsets(List.of(Topics.ASSIGNMENTS));
        AgentPool.addCapacity(suite, channel, POSTS + 300);
        PostTraffic traffic = new PostTraffic(suite, channel, label);
        long started = System.nanoTime();
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                traffic.send(0, POSTS, RATE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        Progress.await(label + ": posts accepted before the outage", () -> (long) traffic.accepted.get(), POSTS / 4, STALL);

        int acceptedBefore = traffic.accepted.get();
        long outageStarted = System.nanoTime();
        takeAway.run();
        Map<String, Long> notReadyAfter = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (notReadyAfter.size() < ServiceProcesses.DEFAULT_PORTS.size() && System.nanoTime() < deadline) {
            for (String service : ServiceProcesses.DEFAULT_PORTS.keySet()) {
                if (!notReadyAfter.containsKey(service) && suite.readiness(service) != 200) {
                    notReadyAfter.put(service, Duration.ofNanos(System.nanoTime() - outageStarted).toMillis());
                }
            }
            Thread.sleep(250);
        }
        Thread.sleep(OUTAGE.toMillis());
        int acceptedDuringOutage = traffic.accepted.get();
        bringBack.run();
        long outageMillis = Duration.ofNanos(System.nanoTime() - outageStarted).toMillis();
        long back = System.nanoTime();
        suite.awaitReady(Duration.ofMinutes(5));
        long readyAgainMillis = Duration.ofNanos(System.nanoTime() - back).toMillis();
        sending.get();

        Progress.await(label + ": posts in a case", () -> traffic.census().customersWithACase(), POSTS, STALL,
                () -> traffic.whereThePostsAre() + "\n" + diagnosis(suite, topics));
        Progress.await(label + ": cases assigned", () -> (long) traffic.census().assignedCases().size(), POSTS, STALL,
                () -> traffic.whereThePostsAre() + "\n" + diagnosis(suite, topics));
        long settledMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        PostTraffic.Census census = traffic.census();
        Map<String, Set<String>> assignments = PostTraffic.assignmentsPerCase(topics, start, census.caseIds());
        List<String> assignedTwice = assignments.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " x" + e.getValue().size()).limit(20).toList();
        System.out.printf("%s (%s): %d posts offered at %.0f/s, accepted %d before the outage, %d during it, %d after it;"
                + " attempts retried %d (answers %s); services not ready after (ms) %s; away %d ms; all ready %d ms after it"
                + " came back; %d posts in a case, %d cases assigned (%d distinct assignments), in more than one case: %d,"
                + " assigned more than once: %d; all settled %d ms after the first post%n", label, java.time.Instant.now(), POSTS,
                RATE, acceptedBefore, acceptedDuringOutage - acceptedBefore, POSTS - acceptedDuringOutage, traffic.retries.get(),
                traffic.refusals, notReadyAfter, outageMillis, readyAgainMillis, census.customersWithACase(),
                census.assignedCases().size(),
                assignments.values().stream().mapToInt(Set::size).sum(), census.inMoreThanOneCase().size(), assignedTwice.size(),
                settledMillis);

        assertThat(notReadyAfter.keySet()).as("services that reported not-ready during the outage")
                .containsExactlyInAnyOrderElementsOf(ServiceProcesses.DEFAULT_PORTS.keySet());
        if (acceptsDuringOutage) {
            assertThat(acceptedDuringOutage - acceptedBefore).as("posts accepted by ingest-service during the outage")
                    .isPositive();
        }
        assertThat(census.customersWithACase()).as("posts (one per customer) in a case").isEqualTo(POSTS);
        assertThat(census.inMoreThanOneCase()).as("posts in more than one case").isEmpty();
        assertThat(census.assignedCases()).as("cases assigned").hasSize(POSTS);
        assertThat(assignedTwice).as("cases assigned more than once").isEmpty();
        assertThat(assignments.keySet()).as("cases with an assignment.created").hasSize(POSTS);
    }
}
