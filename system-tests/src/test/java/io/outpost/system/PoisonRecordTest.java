package io.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A poison record on every topic the services consume, between good records: no CloudEvent at
 * all, and for the event types the consumers handle a payload that is not JSON, JSON of the wrong
 * type (an array) and an object that breaks the type's schema (none of its required fields). Each
 * must reach the topic's dead-letter topic ({@code <topic>.dlq}, service-kit's naming: one per
 * topic, shared by its consumer groups) once per consumer group that handles it, identified by
 * SmallRye's {@code dead-letter-topic/-partition/-offset} headers; and the flow goes on: every
 * group commits past it, and posts and whole conversations sent after the poison complete.
 */
@Order(6)
class PoisonRecordTest {

    /** Posts before the poison and again after it: 150 each, half the full-size run's posts each with -Doutpost.system.faults=true. */
    static final int POSTS = PostTraffic.FULL_SIZE ? PostTraffic.postsPerRun(0) / 2 : Integer.getInteger("outpost.system.poison-posts", 150);
    static final int CONVERSATIONS = Integer.getInteger("outpost.system.poison-conversations", 3);
    static final Duration STALL = Duration.ofMinutes(3);

    /** The types whose readers get the typed poisons, per topic: together they reach every consumer group of the topic. */
    static final Map<String, List<String>> POISONED_TYPES = Map.of(
            Topics.POSTS, List.of(EventTypes.POST_INGESTED),
            Topics.CASES, List.of(EventTypes.CASE_OPENED),
            Topics.ASSIGNMENTS, List.of(EventTypes.ASSIGNMENT_CREATED),
            Topics.OUTBOUND, List.of(EventTypes.OUTBOUND_REQUESTED),
            Topics.DELIVERY, List.of(EventTypes.DELIVERY_REPORTED),
            Topics.IDENTITY, List.of(EventTypes.LINK_CONFIRMED, EventTypes.ERASURE_REQUESTED, EventTypes.ERASURE_CONFIRMED),
            Topics.SURVEYS, List.of(EventTypes.SURVEY_SENT),
            // ingest's intake buffer carries raw webhook deliveries, not CloudEvents: only the untyped poison applies.
            Topics.WEBHOOKS, List.of());

    static RunningSuite suite;

    @BeforeAll
    static void start() {
        suite = RunningSuite.get();
    }

    record Poison(String topic, String variant, String type, String value, List<String> expectedGroups, RecordMetadata written) {
    }

    @Test
    void everyPoisonRecordReachesEachConsumersDeadLetterTopicAndTheFlowGoesOn() throws Exception {
        SuiteTopics topics = new SuiteTopics(suite.devstack.kafka().bootstrapServers());
        List<String> dlqs = Topics.ALL.stream().map(Topics::dlq).toList();
        Map<TopicPartition, Long> dlqStart = topics.endOffsets(dlqs);
        Map<TopicPartition, Long> start = topics.endOffsets(Topics.ALL);
        AgentPool.addCapacity(suite, "chat", 2 * POSTS + 300);
        AgentPool.addCapacity(suite, "x", CONVERSATIONS + 100);

        // Good records before the poison ...
        PostTraffic before = new PostTraffic(suite, "chat", "before-poison");
        before.send(0, POSTS, PostTraffic.RATE);
        // ... the poison on every topic ...
        List<Poison> poisons = new ArrayList<>();
        for (String topic : Topics.ALL) {
            String key = "poison-" + UUID.randomUUID();
            poisons.add(write(topics, topic, key, "no CloudEvent, not JSON", null, "poison: not an event {" + key));
            for (String type : POISONED_TYPES.get(topic)) {
                poisons.add(write(topics, topic, key, "not JSON", type, "{\"caseId\": " + key));
                poisons.add(write(topics, topic, key, "wrong JSON type (array)", type, "[\"" + key + "\", 1, true]"));
                poisons.add(write(topics, topic, key, "schema-invalid (required fields missing)", type,
                        "{\"unexpected\": \"" + key + "\"}"));
            }
        }
        // ... and good records after it, through every topic: posts, and whole conversations.
        PostTraffic after = new PostTraffic(suite, "chat", "after-poison");
        CompletableFuture<List<CareConversation>> conversations = CareConversation.runMany(suite, CONVERSATIONS);
        after.send(0, POSTS, PostTraffic.RATE);
        conversations.get();

        Progress.await("posts before the poison in an assigned case", () -> (long) before.census().assignedCases().size(), POSTS,
                STALL, () -> before.whereThePostsAre() + "\n" + OutageRun.diagnosis(suite, topics));
        Progress.await("posts after the poison in an assigned case", () -> (long) after.census().assignedCases().size(), POSTS,
                STALL, () -> after.whereThePostsAre() + "\n" + OutageRun.diagnosis(suite, topics));
        topics.awaitConsumed(topics.endOffsets(Topics.ALL), STALL);
        int expectedCopies = poisons.stream().mapToInt(p -> p.expectedGroups().size() - knownSkips(p).size()).sum();
        // Every group committed past its poison above: a copy not written by now is not coming; the wait is for the
        // dead-letter producers' acknowledgements, so it is short.
        Progress.until(() -> deadLetters(topics, dlqStart).size() >= expectedCopies, Duration.ofSeconds(30), 500);
        List<ConsumerRecord<String, String>> dead = deadLetters(topics, dlqStart);

        List<String> wrong = new ArrayList<>();
        System.out.printf("poison records (%s): %d written on %d topics, %d dead-letter copies expected, %d found%n", Instant.now(),
                poisons.size(), Topics.ALL.size(), expectedCopies, dead.size());
        for (Poison poison : poisons) {
            List<ConsumerRecord<String, String>> copies = dead.stream().filter(d -> isCopyOf(d, poison)).toList();
            boolean sameValue = copies.stream().allMatch(d -> poison.value().equals(d.value()));
            String reasons = copies.stream().map(d -> PostTraffic.header(d, "dead-letter-reason")).distinct()
                    .map(r -> r == null ? "-" : r.length() > 90 ? r.substring(0, 90) + "..." : r).toList().toString();
            System.out.printf("  %-20s %-42s %-40s -> %s: %d of %d %s %s%n", poison.topic(), poison.type() == null ? "-" : poison.type(),
                    poison.variant(), Topics.dlq(poison.topic()), copies.size(), poison.expectedGroups().size(),
                    poison.expectedGroups(), reasons);
            List<String> skipped = knownSkips(poison);
            if (!skipped.isEmpty()) {
                System.out.printf("    KNOWN FINDING: %s acknowledge(s) this record without dead-lettering it (%s)%n", skipped,
                        KNOWN_SKIPS.get(poison.topic() + " " + poison.type() + " " + poison.variant()));
            }
            if (copies.size() != poison.expectedGroups().size() - skipped.size() || !sameValue) {
                wrong.add(poison.topic() + " " + poison.type() + " " + poison.variant() + ": " + copies.size() + " copies, expected "
                        + poison.expectedGroups().size() + " " + poison.expectedGroups() + (sameValue ? "" : ", value changed"));
            }
        }
        PostTraffic.Census b = before.census();
        PostTraffic.Census a = after.census();
        Map<TopicPartition, Long> ends = topics.endOffsets(Topics.ALL);
        System.out.printf("poison records: posts sent %d before and %d after; cases %d and %d, assigned %d and %d;"
                + " %d conversations completed after the poison (reply delivered, CRM link, survey answered, consent revoked);"
                + " records on the topics meanwhile: %d%n", POSTS, POSTS, b.customersWithACase(), a.customersWithACase(),
                b.assignedCases().size(), a.assignedCases().size(), CONVERSATIONS,
                ends.entrySet().stream().mapToLong(e -> e.getValue() - start.getOrDefault(e.getKey(), 0L)).sum());

        assertThat(wrong).as("poison records not dead-lettered once per consumer group that reads them").isEmpty();
        assertThat(b.inMoreThanOneCase()).isEmpty();
        assertThat(a.inMoreThanOneCase()).isEmpty();
    }

    /**
     * Consumers known to acknowledge a poison record instead of dead-lettering it, with why: findings
     * reported to the owning service, printed in every run, and to be removed here once fixed (a fixed
     * consumer then writes one more copy than expected and this test fails until the entry goes).
     */
    /**
     * Consumers known to skip a poison record instead of dead-lettering it ("topic type variant" →
     * "service: why"). Empty: survey-service's skip of a post.ingested without required fields,
     * found by this test, is fixed.
     */
    static final Map<String, String> KNOWN_SKIPS = Map.of();

    private static List<String> knownSkips(Poison poison) {
        String key = poison.topic() + " " + poison.type() + " " + poison.variant();
        return KNOWN_SKIPS.containsKey(key) ? List.of(KNOWN_SKIPS.get(key).substring(0, KNOWN_SKIPS.get(key).indexOf(':')))
                : List.of();
    }

    private static Poison write(SuiteTopics topics, String topic, String key, String variant, String type, String value) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (type != null) {
            headers.put("ce_specversion", "1.0");
            headers.put("ce_id", UUID.randomUUID().toString());
            headers.put("ce_type", type);
            headers.put("ce_source", "/outpost/system-tests/poison");
            headers.put("ce_time", Instant.now().toString());
            headers.put("content-type", "application/json");
        }
        RecordMetadata written = topics.publish(topic, 0, key, value.getBytes(StandardCharsets.UTF_8), headers);
        return new Poison(topic, variant, type, value, SuiteTopics.groupsHandling(topic, type), written);
    }

    private static boolean isCopyOf(ConsumerRecord<String, String> dead, Poison poison) {
        return poison.topic().equals(PostTraffic.header(dead, "dead-letter-topic"))
                && String.valueOf(poison.written().partition()).equals(PostTraffic.header(dead, "dead-letter-partition"))
                && String.valueOf(poison.written().offset()).equals(PostTraffic.header(dead, "dead-letter-offset"));
    }

    private static List<ConsumerRecord<String, String>> deadLetters(SuiteTopics topics, Map<TopicPartition, Long> from) {
        return topics.readSince(from);
    }
}
