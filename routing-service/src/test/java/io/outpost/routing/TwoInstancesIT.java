package io.outpost.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.devstack.Devstack;
import io.outpost.devstack.FreePorts;
import io.outpost.devstack.Postgres;
import io.outpost.devstack.ServiceProcesses;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two routing-service processes (the packaged {@code quarkus-run.jar}, started after
 * {@code package}) on one Kafka and one PostgreSQL: cases arrive through Kafka (the consumer group
 * splits the partitions between them), presence changes, accepts and declines go to either
 * instance at random, cases are resolved while this happens. Afterwards the database and the
 * topic must show no case with two active assignments, no agent over capacity on a channel, no
 * {@code assignment.created} twice for one assignment, and every task in a state that matches its
 * assignment rows.
 */
class TwoInstancesIT {

    static final String SKILL = "two-instances";
    static final int AGENTS = 10;
    static final int CAPACITY = 2;
    static final int CASES = 120;
    static final Duration WORKLOAD = Duration.ofSeconds(25);

    static Devstack devstack;
    static ServiceProcesses first;
    static ServiceProcesses second;
    static List<String> urls;

    @BeforeAll
    static void startTwoInstances() {
        Path root = ServiceProcesses.projectRoot();
        Assumptions.assumeTrue(Files.exists(root.resolve("routing-service/target/quarkus-app/quarkus-run.jar")),
                "needs the packaged JVM jar (not built by the native profile)");
        devstack = Devstack.forTests();
        // Offers lapse and the sweep runs, so both instances release, re-offer and sweep concurrently;
        // each instance's agent index polls the other's changes.
        Map<String, String> config = Map.of("outpost.routing.sweep-every", "1s", "outpost.routing.index-refresh-every", "500ms");
        Path logs = Path.of("target", "two-instances").toAbsolutePath();
        first = ServiceProcesses.start(devstack, root, Map.of("routing-service", FreePorts.pick()), config, logs.resolve("a"));
        second = ServiceProcesses.start(devstack, root, Map.of("routing-service", FreePorts.pick()), config, logs.resolve("b"));
        first.awaitReady(Duration.ofMinutes(3));
        second.awaitReady(Duration.ofMinutes(3));
        urls = List.of(first.service("routing-service").url(), second.service("routing-service").url());
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void twoInstancesNeverAssignACaseTwiceNorFillAnAgentBeyondCapacity() throws Exception {
        Random random = new Random(5);
        given().baseUri(urls.get(0)).auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(TestEvents.json(rules())).when().put("/api/v1/routing-rules").then().statusCode(200);

        Map<String, UUID> agents = new LinkedHashMap<>();
        for (int i = 0; i < AGENTS; i++) {
            String username = "twin-" + i;
            Map<String, Object> body = RoutingFixtures.agentBody(username, Map.of(SKILL, 3), List.of("en"),
                    Map.of("chat", CAPACITY), i % 2 == 0 ? "available" : "offline");
            String id = given().baseUri(urls.get(i % 2)).auth().oauth2(TestTokens.supervisor()).contentType(ContentType.JSON)
                    .body(TestEvents.json(body)).when().post("/api/v1/agents").then().statusCode(201).extract().path("id");
            agents.put(username, UUID.fromString(id));
        }
        List<String> usernames = new ArrayList<>(agents.keySet());

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger declined = new AtomicInteger();
        AtomicInteger resolved = new AtomicInteger();
        List<UUID> cases = Collections.synchronizedList(new ArrayList<>());
        List<Runnable> workers = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            workers.add(() -> { // cases arrive
                for (int i = 0; i < CASES && running.get(); i++) {
                    UUID caseId = UUID.randomUUID();
                    cases.add(caseId);
                    send(producer, caseId, EventTypes.CASE_OPENED,
                            RoutingFixtures.caseOpened(caseId, Channel.CHAT, 1 + i % 4, List.of(SKILL), "en"));
                    pause(WORKLOAD.toMillis() / CASES / 2);
                }
            });
            workers.add(() -> { // agents come and go, on either instance
                Random r = new Random(11);
                while (running.get()) {
                    String username = usernames.get(r.nextInt(usernames.size()));
                    String presence = r.nextInt(3) == 0 ? "away" : "available";
                    given().baseUri(urls.get(r.nextInt(2))).auth().oauth2(TestTokens.forUser(username, "agent"))
                            .contentType(ContentType.JSON).body("{\"presence\":\"" + presence + "\"}")
                            .when().put("/api/v1/agents/" + agents.get(username) + "/presence").then().statusCode(200);
                    pause(300);
                }
            });
            for (int w = 0; w < 3; w++) {
                int seed = w;
                workers.add(() -> { // agents answer their offers, on either instance
                    Random r = new Random(100 + seed);
                    while (running.get()) {
                        String username = usernames.get(r.nextInt(usernames.size()));
                        List<Map<String, Object>> offers = given().baseUri(urls.get(r.nextInt(2)))
                                .auth().oauth2(TestTokens.forUser(username, "agent")).when().get("/api/v1/offers")
                                .then().statusCode(200).extract().path("");
                        for (Map<String, Object> offer : offers) {
                            boolean accept = r.nextInt(4) > 0;
                            int status = given().baseUri(urls.get(r.nextInt(2))).auth().oauth2(TestTokens.forUser(username, "agent"))
                                    .when().post("/api/v1/offers/" + offer.get("offerId") + (accept ? "/accept" : "/decline"))
                                    .then().extract().statusCode();
                            // 409: the offer lapsed or was released meanwhile (e.g. the agent went away).
                            assertThat(status).as("answering an offer").isIn(200, 409);
                            if (status == 200) {
                                (accept ? accepted : declined).incrementAndGet();
                            }
                        }
                        pause(100);
                    }
                });
            }
            workers.add(() -> { // cases are resolved while routing goes on
                Random r = new Random(17);
                while (running.get()) {
                    List<List<Object>> active = query("select case_id, agent_id from assignment where released_at is null "
                            + "and state = 'accepted'");
                    if (!active.isEmpty()) {
                        List<Object> row = active.get(r.nextInt(active.size()));
                        UUID caseId = (UUID) row.get(0);
                        send(producer, caseId, EventTypes.CASE_RESOLVED, new CaseResolved(caseId, Channel.CHAT, Visibility.PUBLIC,
                                null, (UUID) row.get(1), "Agent", "tier-1", "en", null, false, null, Instant.now(), null,
                                Instant.now()));
                        resolved.incrementAndGet();
                    }
                    pause(400);
                }
            });

            ExecutorService threads = Executors.newFixedThreadPool(workers.size());
            List<Future<?>> done = new ArrayList<>();
            try {
                workers.forEach(worker -> done.add(threads.submit(worker)));
                Thread.sleep(WORKLOAD.toMillis());
                // On a loaded machine the workload's time may pass before enough happened for the checks
                // below to mean anything (5 offers accepted at load 12): it goes on until it has, within a limit.
                long limit = System.nanoTime() + 3 * WORKLOAD.toNanos();
                while ((accepted.get() <= 10 || declined.get() == 0 || resolved.get() == 0) && System.nanoTime() < limit) {
                    Thread.sleep(500);
                }
                running.set(false);
                for (Future<?> f : done) {
                    f.get(2, TimeUnit.MINUTES); // a worker's failed assertion fails the test here
                }
            } finally {
                running.set(false);
                threads.shutdownNow();
            }
        }

        // Let both instances finish what is in flight (events, lapses, sweeps, the outbox relays).
        Thread.sleep(5_000);

        assertThat(query("select case_id from assignment where released_at is null group by case_id having count(*) > 1"))
                .as("cases with two active assignments").isEmpty();
        assertThat(query("select a.username, l.channel, l.n from agent a join (select agent_id, channel, count(*) n "
                + "from assignment where released_at is null group by agent_id, channel) l on l.agent_id = a.id "
                + "where l.n > coalesce(cast(cast(a.channels as jsonb) ->> l.channel as integer), 0)"))
                .as("agents over capacity on a channel").isEmpty();
        assertThat(query("select t.case_id, t.status, count(a.id) filter (where a.state = 'offered'), "
                + "count(a.id) filter (where a.state = 'accepted') from routing_task t "
                + "left join assignment a on a.case_id = t.case_id and a.released_at is null group by t.case_id, t.status "
                + "having not ((t.status = 'waiting' and count(a.id) = 0) or (t.status = 'closed' and count(a.id) = 0) "
                + "or (t.status = 'offered' and count(a.id) filter (where a.state = 'offered') = 1 and count(a.id) = 1) "
                + "or (t.status = 'assigned' and count(a.id) filter (where a.state = 'accepted') = 1 and count(a.id) = 1))"))
                .as("tasks whose state does not match their active assignment").isEmpty();

        // One assignment.created per accepted assignment, never two (both instances relay the outbox).
        long acceptedRows = (long) query("select count(*) from assignment where accepted_at is not null").get(0).get(0);
        List<AssignmentCreated> events = RoutingFixtures.poll(() -> TestEvents.readUntil(Topics.ASSIGNMENTS,
                rs -> rs.stream().filter(RoutingFixtures::isCreated).count() >= acceptedRows, Duration.ofSeconds(20))
                .stream().filter(RoutingFixtures::isCreated).toList(), rs -> rs.size() >= acceptedRows,
                "assignment.created for every accepted assignment")
                .stream().map(r -> TestEvents.payload(r, AssignmentCreated.class)).toList();
        Map<UUID, Long> perAssignment = events.stream().collect(Collectors.groupingBy(AssignmentCreated::assignmentId,
                Collectors.counting()));
        assertThat(perAssignment.values()).as("assignment.created per assignment").allMatch(n -> n == 1);
        assertThat((long) perAssignment.size()).isEqualTo(acceptedRows);

        // Both instances did the work: each offered cases and each took answers.
        for (ServiceProcesses instance : List.of(first, second)) {
            String log = Files.readString(instance.service("routing-service").log(), StandardCharsets.UTF_8);
            assertThat(log).as("%s offered cases", instance.service("routing-service").log()).contains("offered to agent");
        }
        assertThat(accepted.get()).as("offers accepted").isGreaterThan(10);
        assertThat(declined.get()).as("offers declined").isPositive();
        assertThat(resolved.get()).as("cases resolved").isPositive();
        assertThat(cases).hasSize(CASES);
        System.out.printf("two instances: %d cases, %d accepted, %d declined, %d resolved, %d assignment.created%n",
                cases.size(), accepted.get(), declined.get(), resolved.get(), events.size());
    }

    /** Offers on (not auto-accepted) and a short offer timeout, so both instances accept, decline and time out. */
    static Map<String, Object> rules() {
        Map<String, Object> rules = RoutingFixtures.defaultRules();
        rules.put("autoAccept", false);
        rules.put("offerTimeoutSeconds", 3);
        return rules;
    }

    static KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put("bootstrap.servers", Devstack.testKafkaBootstrap());
        config.put("enable.idempotence", "true");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    static void send(KafkaProducer<String, String> producer, UUID caseId, String type, Object payload) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.CASES, caseId.toString(), TestEvents.json(payload));
        record.headers()
                .add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                .add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
                .add("ce_type", type.getBytes(StandardCharsets.UTF_8))
                .add("ce_source", "/outpost/test".getBytes(StandardCharsets.UTF_8))
                .add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8))
                .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + type, e);
        }
    }

    static List<List<Object>> query(String sql) {
        try (Connection connection = DriverManager.getConnection(
                devstack.postgres().jdbcUrl(Devstack.DATABASES.get("routing-service")), Postgres.USER, Postgres.PASSWORD);
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            List<List<Object>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    row.add(rows.getObject(c));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
