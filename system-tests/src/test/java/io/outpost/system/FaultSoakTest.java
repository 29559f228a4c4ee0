package io.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.devstack.ChannelSandbox;
import io.outpost.devstack.ServiceProcesses;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A fault soak a release can be judged by: posts at a steady rate with whole care conversations
 * mixed in, while faults are injected at random points — the broker restarted, PostgreSQL restarted,
 * each of the five services killed with SIGKILL and started again, and a service frozen with
 * SIGSTOP past its consumers' session timeout. Every kind comes once in each round, rounds in a
 * random order (seeded, printed), until the soak's time is up. After every fault: how long until
 * every service is ready and every consumer group has consumed what the topics held when the fault
 * ended. At the end: every post in exactly one case, every case assigned exactly once, no message
 * (reply, survey invitation) delivered twice, no consumer group behind, no outbox row older than a
 * minute, every service ready; every conversation completed unless a person's own click met a
 * service that was down (no answer or 5xx: a person clicks again; counted, not hidden).
 *
 * <p>Opt-in: {@code -Doutpost.system.soak=true} (system-tests README). A run is at least one round
 * of all eight kinds of fault (about 12-15 minutes on the shared 2-core machine), so even the short
 * version does not fit the default build's budget.
 */
@Order(11)
@EnabledIfSystemProperty(named = "outpost.system.soak", matches = "true")
class FaultSoakTest {

    /** How long posts keep coming and faults keep being injected (at least one round of every kind). */
    static final Duration LENGTH = Duration.ofMinutes(Integer.getInteger("outpost.system.soak-minutes", 30));
    static final double RATE = Double.parseDouble(System.getProperty("outpost.system.soak-rate", "8"));
    static final long SEED = Long.getLong("outpost.system.soak-seed", System.currentTimeMillis());
    /** Past the consumers' session timeout (Kafka's default 45 s), so the group throws them out. */
    static final Duration PAUSE = Duration.ofSeconds(Integer.getInteger("outpost.system.soak-pause-seconds", 50));
    /** A recovery fails only when nothing moved for this long. */
    static final Duration STALL = Duration.ofMinutes(3);

    enum Kind {
        BROKER_RESTART, POSTGRES_RESTART, SIGKILL, SIGSTOP
    }

    record Fault(Kind kind, String target, Duration at, long faultMillis, long readyMillis, long caughtUpMillis) {

        String describe() {
            return String.format("%-16s %-17s at %2d:%02d  away %6d ms  ready %6d ms  consumers caught up %6d ms after it ended",
                    kind, target, at.toMinutes(), at.toSecondsPart(), faultMillis, readyMillis, caughtUpMillis);
        }
    }

    static RunningSuite suite;

    @BeforeAll
    static void start() {
        suite = RunningSuite.get();
    }

    @Test
    void nothingIsLostOrDoubledWhileFaultsComeAndGo() throws Exception {
        Random random = new Random(SEED);
        SuiteTopics topics = new SuiteTopics(suite.devstack.kafka().bootstrapServers());
        Map<TopicPartition, Long> assignmentsFrom = topics.endOffsets(List.of(io.outpost.contracts.Topics.ASSIGNMENTS));
        Instant soakStarted = Instant.now();
        int posts = (int) Math.max(RATE * 60, LENGTH.toSeconds() * RATE);
        AgentPool.addCapacity(suite, "chat", posts + 300);
        AgentPool.addCapacity(suite, "x", 300);
        CareConversation.restoreSandboxXAccount(suite);
        System.out.printf("fault soak: %s, %d posts at %.0f/s, seed %d (-Doutpost.system.soak-seed=%d repeats the plan)%n",
                LENGTH, posts, RATE, SEED, SEED);

        PostTraffic traffic = new PostTraffic(suite, "chat", "soak");
        long started = System.nanoTime();
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                traffic.send(0, posts, RATE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        AtomicBoolean faultsOver = new AtomicBoolean();
        AtomicInteger conversationsDone = new AtomicInteger();
        List<String> conversationsInterrupted = Collections.synchronizedList(new ArrayList<>());
        List<String> conversationsFailed = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> conversations = CompletableFuture.runAsync(
                () -> converse(faultsOver, conversationsDone, conversationsInterrupted, conversationsFailed, started));

        List<Fault> faults = new ArrayList<>();
        List<String> services = new ArrayList<>(ServiceProcesses.DEFAULT_PORTS.keySet());
        Duration length = LENGTH;
        do {
            for (Plan plan : round(services, random)) {
                Thread.sleep(Duration.ofSeconds(20 + random.nextInt(40)).toMillis());
                Fault fault = inject(plan, topics, Duration.ofNanos(System.nanoTime() - started));
                faults.add(fault);
                System.out.println("fault soak: " + fault.describe());
            }
        } while (System.nanoTime() - started < length.toNanos());
        faultsOver.set(true);
        sending.get();
        Progress.await("soak: posts in a case", () -> traffic.census().customersWithACase(), posts, STALL,
                () -> traffic.whereThePostsAre() + "\n" + OutageRun.diagnosis(suite, topics));
        Progress.await("soak: cases assigned", () -> (long) traffic.census().assignedCases().size(), posts, STALL,
                () -> traffic.whereThePostsAre() + "\n" + OutageRun.diagnosis(suite, topics));
        conversations.get();
        long settledMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        PostTraffic.Census census = traffic.census();
        Map<String, Set<String>> assignments = PostTraffic.assignmentsPerCase(topics, assignmentsFrom, census.caseIds());
        List<String> assignedTwice = assignments.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " x" + e.getValue().size()).limit(20).toList();
        Map<String, Long> deliveredTwice = suite.sandbox.received().stream()
                .filter(m -> !m.receivedAt().isBefore(soakStarted))
                .collect(Collectors.groupingBy(FaultSoakTest::sameMessage, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        topics.awaitConsumed(topics.endOffsets(SuiteTopics.CONSUMERS.keySet()), STALL);
        Map<String, Long> staleOutbox = staleOutboxRows();
        Map<String, Integer> unready = new LinkedHashMap<>();
        services.forEach(service -> {
            int status = suite.readiness(service);
            if (status != 200) {
                unready.put(service, status);
            }
        });

        System.out.printf("fault soak: %d faults (%s); %d posts in a case (in more than one: %d), %d cases assigned"
                + " (more than once: %d); %d conversations completed, %d interrupted by a fault at a person's click, failed: %s;"
                + " messages delivered twice: %d; outbox rows older than a minute: %s; unready: %s; settled %d ms after the"
                + " first post; retried posts %d (answers %s)%n", faults.size(),
                faults.stream().collect(Collectors.groupingBy(Fault::kind, Collectors.counting())), census.customersWithACase(),
                census.inMoreThanOneCase().size(), census.assignedCases().size(), assignedTwice.size(), conversationsDone.get(),
                conversationsInterrupted.size(), conversationsFailed, deliveredTwice.size(), staleOutbox, unready, settledMillis,
                traffic.retries.get(), traffic.refusals);
        faults.forEach(fault -> System.out.println("  " + fault.describe()));

        assertThat(faults.stream().map(Fault::kind).distinct()).as("kinds of fault injected").hasSize(Kind.values().length);
        assertThat(census.customersWithACase()).as("posts (one per customer) in a case").isEqualTo(posts);
        assertThat(census.inMoreThanOneCase()).as("posts in more than one case").isEmpty();
        assertThat(census.assignedCases()).as("cases assigned").hasSize(posts);
        assertThat(assignedTwice).as("cases assigned more than once").isEmpty();
        assertThat(assignments.keySet()).as("cases with an assignment.created").hasSize(posts);
        assertThat(deliveredTwice).as("replies and survey invitations delivered more than once").isEmpty();
        assertThat(staleOutbox).as("outbox rows older than a minute, per service").isEmpty();
        assertThat(unready).as("services not ready at the end").isEmpty();
        assertThat(conversationsDone.get()).as("whole conversations completed during the soak").isPositive();
        assertThat(conversationsFailed).as("conversations whose effect was not seen in time (with the soak time)").isEmpty();
    }

    /** One fault to inject: its kind and, for SIGKILL and SIGSTOP, the service. */
    record Plan(Kind kind, String target) {
    }

    /** Every kind once (SIGKILL once per service, SIGSTOP for one service at random), in random order. */
    static List<Plan> round(List<String> services, Random random) {
        List<Plan> plans = new ArrayList<>();
        plans.add(new Plan(Kind.BROKER_RESTART, "kafka"));
        plans.add(new Plan(Kind.POSTGRES_RESTART, "postgresql"));
        services.forEach(service -> plans.add(new Plan(Kind.SIGKILL, service)));
        plans.add(new Plan(Kind.SIGSTOP, services.get(random.nextInt(services.size()))));
        Collections.shuffle(plans, random);
        return plans;
    }

    private Fault inject(Plan plan, SuiteTopics topics, Duration at) throws Exception {
        long began = System.nanoTime();
        switch (plan.kind()) {
            case BROKER_RESTART -> {
                suite.devstack.kafka().stop();
                Thread.sleep(15_000);
                suite.devstack.kafka().start();
            }
            case POSTGRES_RESTART -> {
                suite.devstack.postgres().stop();
                Thread.sleep(15_000);
                suite.devstack.postgres().start();
            }
            case SIGKILL -> suite.killAndRestart(plan.target());
            case SIGSTOP -> {
                suite.pause(plan.target());
                try {
                    Thread.sleep(PAUSE.toMillis());
                } finally {
                    suite.resume(plan.target());
                }
            }
        }
        long ended = System.nanoTime();
        Map<TopicPartition, Long> endsAtFaultEnd = topics.endOffsets(SuiteTopics.CONSUMERS.keySet());
        suite.awaitReady(Duration.ofMinutes(5));
        long ready = System.nanoTime();
        topics.awaitConsumed(endsAtFaultEnd, STALL);
        long caughtUp = System.nanoTime();
        return new Fault(plan.kind(), plan.target(), at, Duration.ofNanos(ended - began).toMillis(),
                Duration.ofNanos(ready - ended).toMillis(), Duration.ofNanos(caughtUp - ended).toMillis());
    }

    /**
     * Whole conversations one after another until the faults are over. A conversation whose person's
     * own call met a service that was down (no answer, 502-504) is counted as interrupted: a person
     * clicks again. Anything else — an effect not seen within the step's time — fails the soak.
     */
    private static void converse(AtomicBoolean faultsOver, AtomicInteger done, List<String> interrupted, List<String> failed,
            long soakStartedNanos) {
        while (!faultsOver.get()) {
            CareConversation conversation = new CareConversation(suite, "care-agent");
            try {
                conversation.runAll();
                done.incrementAndGet();
            } catch (AssertionError e) {
                String message = String.valueOf(e.getMessage());
                if (message.contains(", got -1") || message.contains(", got 502") || message.contains(", got 503")
                        || message.contains(", got 504") || replyFailedInAFault(conversation, message)
                        || surveyInvitationLostInAFault(conversation, message)) {
                    interrupted.add(conversation.customerId + ": " + message.lines().findFirst().orElse(""));
                    try {
                        afterInterruption(interrupted.size());
                    } catch (InterruptedException stop) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                } else {
                    // Recorded with the soak time it was noticed, and the soak goes on: the end state is still checked.
                    Duration at = Duration.ofNanos(System.nanoTime() - soakStartedNanos);
                    failed.add(String.format("%d:%02d %s", at.toMinutes(), at.toSecondsPart(), message.lines().findFirst().orElse("")));
                    System.out.printf("fault soak: conversation failed at %d:%02d: %s%n", at.toMinutes(), at.toSecondsPart(), message);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Anything else a conversation meets fails the soak at the end, and conversations go on:
                // an exception escaping here would end them silently for the rest of the soak.
                Duration at = Duration.ofNanos(System.nanoTime() - soakStartedNanos);
                failed.add(String.format("%d:%02d %s", at.toMinutes(), at.toSecondsPart(), e));
                System.out.printf("fault soak: conversation failed at %d:%02d: %s%n", at.toMinutes(), at.toSecondsPart(), e);
            }
        }
    }

    /** Interrupted conversations that may leave an assigned case nobody resolves, per X agent added for them. */
    static final int ABANDONED_PER_AGENT = AgentPool.CAPACITY_PER_AGENT / 2;

    /**
     * What a person does when the service they clicked is down: waits until it is back before the next
     * conversation. Starting the next one at once made a single fault into hundreds of abandoned
     * conversations (544 in a 2-minute soak), each leaving a case assigned to an X agent and never
     * resolved, until the X agents' capacity was used up and a later conversation's case waited for a
     * free agent: a failure of the test, not of the suite. An abandoned case still holds its capacity,
     * so X capacity is added as they accumulate.
     */
    private static void afterInterruption(int interruptions) throws InterruptedException {
        // Not suite.awaitReady: during a SIGKILL the killed process is dead until the injector restarts
        // it, and awaitReady takes a dead process for one that exited (it is for after a fault).
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline
                && !ServiceProcesses.DEFAULT_PORTS.keySet().stream().allMatch(s -> suite.readiness(s) == 200)) {
            Thread.sleep(500);
        }
        Thread.sleep(1000);
        if (interruptions % ABANDONED_PER_AGENT == 0) {
            try {
                AgentPool.addCapacity(suite, "x", ABANDONED_PER_AGENT);
            } catch (AssertionError | RuntimeException e) {
                System.out.printf("fault soak: X capacity not added after %d interrupted conversations: %s%n", interruptions, e);
            }
        }
    }

    /**
     * A reply not delivered because ingest-service died between claiming and confirming its send:
     * it is reported failed ("outcome unknown") and deliberately not sent again (at most once), and
     * the person sees that on the case. Not a defect; anything else about a reply is.
     */
    private static boolean replyFailedInAFault(CareConversation conversation, String message) {
        if (!message.startsWith("not seen within") || conversation.replyId == null || !message.contains("delivered")) {
            return false;
        }
        return conversation.timeline().stream().anyMatch(e -> conversation.replyId.equals(e.path("reply").path("id").asText())
                && "failed".equals(e.path("reply").path("status").asText()));
    }

    /**
     * The survey invitation DM not delivered because ingest-service died between claiming and
     * confirming its send: as for a reply, ingest reports it failed ("outcome unknown after
     * restart") and does not send it again (at most once). Seen in the 30-minute soak: the
     * invitation was claimed just before a SIGKILL of ingest-service. Not a defect.
     */
    private static boolean surveyInvitationLostInAFault(CareConversation conversation, String message) {
        if (!message.startsWith("not seen within") || !message.contains("survey invitation DM to " + conversation.customerId)) {
            return false;
        }
        try (java.sql.Connection db = suite.database("ingest-service");
                java.sql.PreparedStatement q = db.prepareStatement("select count(*) from delivery where recipient_id = ?"
                        + " and status = 'failed' and reason = ?")) {
            q.setString(1, conversation.customerId);
            q.setString(2, "outcome unknown after restart");
            try (java.sql.ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    /** Two deliveries are the same message when kind, recipient and text are (each conversation's are unique). */
    private static String sameMessage(ChannelSandbox.Received message) {
        return message.platform() + "|" + message.kind() + "|" + message.target() + "|" + message.text();
    }

    /** Outbox rows older than a minute, per service (empty when every relay keeps up). */
    private static Map<String, Long> staleOutboxRows() throws java.sql.SQLException {
        Map<String, Long> stale = new LinkedHashMap<>();
        for (ServiceProcesses.Service service : suite.services.services()) {
            try (java.sql.Connection db = suite.database(service.name());
                    java.sql.ResultSet rows = db.createStatement().executeQuery(
                            "select count(*) from outbox_event where occurred_at < now() - interval '1 minute'")) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    stale.put(service.name(), rows.getLong(1));
                }
            }
        }
        return stale;
    }
}
