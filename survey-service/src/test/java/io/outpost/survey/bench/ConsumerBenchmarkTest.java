package io.outpost.survey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.Devstack;
import io.outpost.devstack.TestEvents;
import io.outpost.survey.flow.SurveyFixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Opt-in ({@code ../mvnw -B verify -Pbenchmark}): what survey-service spends on the events one new post
 * brings it. Per post: a public {@code post.ingested}, {@code case.opened}, {@code case.updated} (the
 * assignment: status open), {@code case.resolved} (decided: scheduled an hour later, so the sender sends
 * nothing during the round), published as fast as one producer goes. The clock stops when the inbox has
 * counted every event and every survey is decided. Printed per round: posts/s, {@code processed_event} rows
 * per post, committed transactions per post (database-wide, so the relay's and sender's 1 s polls are in
 * it), and CPU per post of this JVM (service, in-process broker, load generator) and its children
 * (PostgreSQL): comparable between runs of this benchmark only. Uses nothing but topics, the database and
 * the inbox's counters, so the same class measures the code before and after a change.
 */
@QuarkusTest
@Tag("benchmark")
class ConsumerBenchmarkTest {

    private static final Set<String> TYPES = Set.of(EventTypes.POST_INGESTED, EventTypes.CASE_OPENED,
            EventTypes.CASE_UPDATED, EventTypes.CASE_RESOLVED);

    @Inject
    MeterRegistry meters;

    @Inject
    AgroalDataSource database;

    record Round(int posts, double postsPerSecond, double processedRowsPerPost, double transactionsPerPost,
            double cpuMillisPerPost) {
    }

    @Test
    void eventsOfNewPosts() throws Exception {
        round(100);
        List<Round> rounds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Round r = round(300);
            rounds.add(r);
            System.out.printf("[bench] survey consumers round %d: %d posts, %.1f posts/s, %.2f processed_event rows/post, "
                    + "%.2f transactions/post, CPU %.1f ms/post%n", i + 1, r.posts(), r.postsPerSecond(),
                    r.processedRowsPerPost(), r.transactionsPerPost(), r.cpuMillisPerPost());
        }
        rounds.sort((a, b) -> Double.compare(a.postsPerSecond(), b.postsPerSecond()));
        Round median = rounds.get(1);
        double cpu = rounds.stream().mapToDouble(Round::cpuMillisPerPost).sorted().toArray()[1];
        System.out.printf("[bench] survey consumers median: %.1f posts/s, CPU %.1f ms/post (%s %s, %d cores, load %.1f, %s)%n",
                median.postsPerSecond(), cpu, System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Instant.now());
        assertThat(rounds).allMatch(r -> r.postsPerSecond() > 0);
    }

    private Round round(int posts) throws Exception {
        String team = SurveyFixtures.unique("bench-");
        double eventsBefore = inboxEvents();
        long rowsBefore = single("select count(*) from processed_event");
        long transactionsBefore = single("select xact_commit from pg_stat_database where datname = current_database()");
        long cpuBefore = cpuNanos();
        long start = System.nanoTime();
        Properties config = new Properties();
        config.put("bootstrap.servers", Devstack.testKafkaBootstrap());
        config.put("linger.ms", "5");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < posts; i++) {
                UUID caseId = UUID.randomUUID();
                String customer = team + "-" + i;
                Instant now = Instant.now();
                PostIngested.Author author = new PostIngested.Author(customer, "dana", null);
                PostIngested post = new PostIngested(UUID.randomUUID(), Channel.X, SurveyFixtures.unique("ext-"),
                        SurveyFixtures.unique("conv-"), author, "my parcel never arrived", now, now, null,
                        Visibility.PUBLIC, false);
                send(producer, Topics.POSTS, post.conversationKey(), EventTypes.POST_INGESTED, post);
                String key = caseId.toString();
                send(producer, Topics.CASES, key, EventTypes.CASE_OPENED, new CaseOpened(caseId, Channel.X,
                        Visibility.PUBLIC, author, post.postId(), now, 3, List.of("x"), "en"));
                send(producer, Topics.CASES, key, EventTypes.CASE_UPDATED, new CaseUpdated(caseId, Channel.X, "open",
                        "new", 3, List.of("x"), "en", UUID.randomUUID(), List.of("assignee", "status"), null, null, now));
                send(producer, Topics.CASES, key, EventTypes.CASE_RESOLVED, SurveyFixtures.resolved(caseId, Channel.X,
                        customer, "en", team, now, false, null, -0.5));
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (inboxEvents() - eventsBefore < 4.0 * posts
                || single("select count(*) from survey where team = '" + team + "'") < posts) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("round " + team + " not consumed in 5 min");
            }
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = cpuNanos() - cpuBefore;
        // PostgreSQL reports a backend's counts to pg_stat_database at most once a second.
        Thread.sleep(1500);
        long transactions = single("select xact_commit from pg_stat_database where datname = current_database()")
                - transactionsBefore;
        long rows = single("select count(*) from processed_event") - rowsBefore;
        return new Round(posts, posts / seconds, (double) rows / posts, (double) transactions / posts, cpu / 1e6 / posts);
    }

    /** Events of the four types the inbox has counted so far, whatever their outcome. */
    private double inboxEvents() {
        return meters.find("outpost.inbox.events").counters().stream()
                .filter(c -> TYPES.contains(c.getId().getTag("type")))
                .mapToDouble(Counter::count).sum();
    }

    private long single(String sql) throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** CPU time of this JVM and its descendants (PostgreSQL), in nanoseconds. */
    private static long cpuNanos() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long children = ProcessHandle.current().descendants()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        return jvm + children;
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String key, String type, Object payload) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, TestEvents.json(payload));
        record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(UUID.randomUUID().toString()))
                .add("ce_type", bytes(type)).add("ce_source", bytes("/outpost/bench"))
                .add("content-type", bytes("application/json"));
        producer.send(record);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
