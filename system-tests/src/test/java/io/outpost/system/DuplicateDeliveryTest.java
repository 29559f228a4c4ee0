package io.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Topics;
import io.outpost.devstack.Devstack;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every event delivered twice: a small scenario (posts, and whole conversations: assignment, a
 * public reply and its delivery report, a CRM link under consent, resolution, a survey sent and
 * answered, the consent revoked) runs to its end; then a copy of every record it put on the seven
 * topics is written again — same partition, key, payload and headers, so the same event id, as a
 * redelivery after a lost commit would — and nothing may change: the same cases, one assignment
 * per case, the same rows in every service's database, nothing sent twice to the channel sandbox,
 * the same delivery counts, and no new event published in reaction.
 */
@Order(7)
class DuplicateDeliveryTest {

    /** 150 posts, 10,000 with -Doutpost.system.faults=true. */
    static final int POSTS = PostTraffic.postsPerRun(Integer.getInteger("outpost.system.duplicate-posts", 150));
    static final int CONVERSATIONS = Integer.getInteger("outpost.system.duplicate-conversations", 4);
    static final Duration STALL = Duration.ofMinutes(3);
    /** Rows that come and go by themselves: the outbox is emptied by its relay. */
    static final Set<String> TRANSIENT_TABLES = Set.of("outbox_event", "flyway_schema_history");

    static RunningSuite suite;

    @BeforeAll
    static void start() {
        suite = RunningSuite.get();
    }

    /** Everything the duplicates could change. */
    record Snapshot(Map<String, List<String>> casesPerCustomer, Set<String> assigned, Map<String, String> conversationCases,
            int sandboxMessages, Map<String, Long> rows, String deliveryOutcomes) {
    }

    @Test
    void everyEventDeliveredTwiceChangesNothing() throws Exception {
        SuiteTopics topics = new SuiteTopics(suite.devstack.kafka().bootstrapServers());
        Map<TopicPartition, Long> start = topics.endOffsets(Topics.ALL);
        AgentPool.addCapacity(suite, "chat", POSTS + 300);
        AgentPool.addCapacity(suite, "x", CONVERSATIONS + 100);

        PostTraffic posts = new PostTraffic(suite, "chat", "twice");
        var conversations = CareConversation.runMany(suite, CONVERSATIONS);
        posts.send(0, POSTS, PostTraffic.RATE);
        List<CareConversation> done = conversations.get();
        Progress.await("posts in an assigned case", () -> (long) posts.census().assignedCases().size(), POSTS, STALL,
                () -> posts.whereThePostsAre() + "\n" + OutageRun.diagnosis(suite, topics));
        System.out.println(posts.whereThePostsAre());
        done.forEach(c -> System.out.println(c.whereTheTweetIs()));
        Map<TopicPartition, Long> end = topics.endOffsets(Topics.ALL);
        topics.awaitConsumed(end, STALL);
        // The survey and its delivery report, the CRM unlink: wait until no service publishes anything more.
        end = settle(topics, end);

        Snapshot before = snapshot(posts, done);
        List<ConsumerRecord<String, String>> records = topics.read(start, end);
        Map<String, Long> perType = records.stream().collect(Collectors.groupingBy(
                r -> r.topic() + " " + PostTraffic.header(r, "ce_type"), TreeMap::new, Collectors.counting()));
        topics.republish(records);
        Map<TopicPartition, Long> replayed = topics.endOffsets(Topics.ALL);
        topics.awaitConsumed(replayed, STALL);
        Map<TopicPartition, Long> settled = settle(topics, replayed);
        Snapshot after = snapshot(posts, done);
        List<ConsumerRecord<String, String>> reactions = topics.read(replayed, settled);

        Map<String, Set<String>> assignments = PostTraffic.assignmentsPerCase(topics, start, before.assigned());
        List<String> assignedTwice = assignments.entrySet().stream().filter(e -> e.getValue().size() != 1)
                .map(e -> e.getKey() + " x" + e.getValue().size()).toList();
        Map<String, String> rowChanges = new TreeMap<>();
        before.rows().forEach((table, count) -> {
            if (!count.equals(after.rows().get(table))) {
                rowChanges.put(table, count + " -> " + after.rows().get(table));
            }
        });
        List<String> changedCases = before.conversationCases().entrySet().stream()
                .filter(e -> !e.getValue().equals(after.conversationCases().get(e.getKey()))).map(Map.Entry::getKey).toList();
        System.out.printf("every event twice (%s): %d posts and %d conversations; %d records re-published %s;"
                + " cases %d -> %d, assigned %d -> %d, cases with other than one assignment: %d; sandbox messages %d -> %d;"
                + " surveys %d -> %d; table rows changed: %s; conversation cases changed: %d; records published in reaction: %d%n",
                Instant.now(), POSTS, CONVERSATIONS, records.size(), perType, before.casesPerCustomer().size(),
                after.casesPerCustomer().size(), before.assigned().size(), after.assigned().size(), assignedTwice.size(),
                before.sandboxMessages(), after.sandboxMessages(), before.rows().get("survey-service.survey"),
                after.rows().get("survey-service.survey"), rowChanges, changedCases.size(), reactions.size());
        for (String caseId : changedCases) {
            System.out.printf("  case %s%n    before: %s%n    after:  %s%n", caseId, before.conversationCases().get(caseId),
                    after.conversationCases().get(caseId));
        }
        reactions.stream().limit(20).forEach(r -> System.out.printf("  in reaction: %s %s %s%n", r.topic(),
                PostTraffic.header(r, "ce_type"), r.value()));

        assertThat(Topics.ALL.stream().filter(t -> records.stream().noneMatch(r -> r.topic().equals(t))).toList())
                .as("topics the scenario put nothing on").isEmpty();
        assertThat(before.casesPerCustomer()).as("posts in a case").hasSize(POSTS);
        assertThat(after.casesPerCustomer()).as("cases after the duplicates").isEqualTo(before.casesPerCustomer());
        assertThat(after.assigned()).isEqualTo(before.assigned());
        assertThat(assignedTwice).as("cases with other than one assignment").isEmpty();
        assertThat(after.sandboxMessages()).as("messages sent to the platforms").isEqualTo(before.sandboxMessages());
        assertThat(after.deliveryOutcomes()).as("crm-link-service's delivery counts").isEqualTo(before.deliveryOutcomes());
        assertThat(rowChanges).as("rows per table").isEmpty();
        assertThat(changedCases).as("conversation cases (detail and timeline)").isEmpty();
        assertThat(reactions).as("events published in reaction to the duplicates").isEmpty();
    }

    /** Waits until the topics stop growing and every group is through them; returns their ends. */
    private static Map<TopicPartition, Long> settle(SuiteTopics topics, Map<TopicPartition, Long> ends) throws InterruptedException {
        Map<TopicPartition, Long> current = ends;
        while (true) {
            Thread.sleep(3000);
            Map<TopicPartition, Long> next = topics.endOffsets(Topics.ALL);
            topics.awaitConsumed(next, STALL);
            if (next.equals(current)) {
                return next;
            }
            current = next;
        }
    }

    private static Snapshot snapshot(PostTraffic posts, List<CareConversation> conversations) throws Exception {
        PostTraffic.Census census = posts.census();
        Map<String, String> cases = new TreeMap<>();
        for (CareConversation c : conversations) {
            cases.put(c.caseId, SuiteApi.get(c.caseUrl(), suite.token("supervisor")).require(200).body() + " "
                    + SuiteApi.get(c.caseUrl() + "/timeline", suite.token("supervisor")).require(200).body());
        }
        String outcomes = SuiteApi.get(suite.url("crm-link-service") + "/api/v1/delivery-outcomes", suite.token("supervisor"))
                .require(200).body();
        return new Snapshot(census.casesPerCustomer(), census.assignedCases(), cases, suite.sandbox.received().size(), rows(),
                outcomes);
    }

    /** Row counts of every table of every service database ("service.table"). */
    private static Map<String, Long> rows() throws Exception {
        Map<String, Long> rows = new TreeMap<>();
        for (String service : Devstack.DATABASES.keySet()) {
            try (Connection c = suite.database(service); Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("select table_name from information_schema.tables"
                        + " where table_schema = 'public' and table_type = 'BASE TABLE'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    if (TRANSIENT_TABLES.contains(table)) {
                        continue;
                    }
                    try (ResultSet rs = s.executeQuery("select count(*) from \"" + table + "\"")) {
                        rs.next();
                        rows.put(service + "." + table, rs.getLong(1));
                    }
                }
            }
        }
        return rows;
    }
}
