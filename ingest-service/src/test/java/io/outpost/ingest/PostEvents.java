package io.outpost.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The events on outpost.posts a test caused, found by a marker in their payload (post.ingested unless a type is given). */
public final class PostEvents {

    static final Duration ARRIVAL = Duration.ofSeconds(20);
    /** Long enough for a wrongly repeated or wrongly published event to show up before we count. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    private PostEvents() {
    }

    /**
     * Waits until {@code count} events containing {@code marker} are on outpost.posts, checks each
     * against the contract, then lets late extras arrive and asserts there are exactly {@code count}.
     */
    public static List<ConsumerRecord<String, String>> exactly(String marker, int count) {
        List<ConsumerRecord<String, String>> first = TestEvents.readUntil(Topics.POSTS,
                rs -> matching(rs, marker).size() >= count, ARRIVAL);
        assertThat(matching(first, marker)).as("post.ingested events containing " + marker).hasSize(count);
        List<ConsumerRecord<String, String>> settled = matching(TestEvents.readUntil(Topics.POSTS, rs -> false, SETTLE), marker);
        assertThat(settled).as("post.ingested events containing " + marker + " after settling").hasSize(count);
        settled.forEach(ContractCheck::assertConforms);
        return settled;
    }

    /**
     * {@link #exactly}, {@link #exactlyOfType} and {@link #none} with the settle taken once for the test class
     * ({@link SettledCounts}): a class holds one in a static field and calls {@link SettledOnce#assertSettled()}
     * from its {@code @AfterAll}. For classes whose later checks do not lean on the settle having passed.
     */
    public static SettledOnce settledOnce() {
        return new SettledOnce();
    }

    public static final class SettledOnce {

        private final SettledCounts ledger = new SettledCounts(Topics.POSTS, SETTLE);

        private SettledOnce() {
        }

        /** The {@code count} post.ingested events containing {@code marker}, checked; still {@code count} once settled. */
        public List<ConsumerRecord<String, String>> exactly(String marker, int count) {
            return exactlyOfType(EventTypes.POST_INGESTED, marker, count);
        }

        /** The {@code count} events of {@code type} containing {@code marker}, checked; still {@code count} once settled. */
        public List<ConsumerRecord<String, String>> exactlyOfType(String type, String marker, int count) {
            List<ConsumerRecord<String, String>> first = ofType(TestEvents.readUntil(Topics.POSTS,
                    rs -> ofType(rs, type, marker).size() >= count, ARRIVAL), type, marker);
            assertThat(first).as(type + " events containing " + marker).hasSize(count);
            first.forEach(ContractCheck::assertConforms);
            expect(type, marker, count);
            return first;
        }

        /** Nothing containing {@code marker} published, checked once settled. */
        public void none(String marker) {
            expect(EventTypes.POST_INGESTED, marker, 0);
        }

        /** Any other count on outpost.posts that must still hold once settled. */
        public void expect(String what, java.util.function.Predicate<ConsumerRecord<String, String>> matches, int count) {
            ledger.expect(what, matches, count);
        }

        /** For the class's {@code @AfterAll}. */
        public void assertSettled() {
            ledger.assertSettled();
        }

        private void expect(String type, String marker, int count) {
            ledger.expect(type + " events containing " + marker,
                    r -> r.value() != null && r.value().contains(marker)
                            && TestEvents.header(r, "ce_type").filter(type::equals).isPresent(), count);
        }
    }

    /** Asserts that nothing containing {@code marker} was published. */
    public static void none(String marker) {
        assertThat(matching(TestEvents.readUntil(Topics.POSTS, rs -> false, SETTLE), marker))
                .as("post.ingested events containing " + marker).isEmpty();
    }

    public static PostIngested byExternalId(List<ConsumerRecord<String, String>> records, String externalId) {
        return records.stream().map(r -> TestEvents.payload(r, PostIngested.class))
                .filter(p -> p.externalId().equals(externalId))
                .findFirst().orElseThrow(() -> new AssertionError("no event for " + externalId));
    }

    public static ConsumerRecord<String, String> recordOf(List<ConsumerRecord<String, String>> records, String externalId) {
        return records.stream().filter(r -> TestEvents.payload(r, PostIngested.class).externalId().equals(externalId))
                .findFirst().orElseThrow(() -> new AssertionError("no event for " + externalId));
    }

    private static List<ConsumerRecord<String, String>> matching(List<ConsumerRecord<String, String>> records, String marker) {
        return ofType(records, EventTypes.POST_INGESTED, marker);
    }

    /** The records of one CloudEvents type whose payload contains {@code marker}. */
    public static List<ConsumerRecord<String, String>> ofType(List<ConsumerRecord<String, String>> records, String type,
            String marker) {
        return records.stream()
                .filter(r -> r.value() != null && r.value().contains(marker))
                .filter(r -> TestEvents.header(r, "ce_type").filter(type::equals).isPresent())
                .toList();
    }

    /**
     * Waits until {@code count} events of {@code type} containing {@code marker} are on outpost.posts,
     * checks each against the contract, lets late extras arrive and asserts there are exactly {@code count}.
     */
    public static List<ConsumerRecord<String, String>> exactlyOfType(String type, String marker, int count) {
        TestEvents.readUntil(Topics.POSTS, rs -> ofType(rs, type, marker).size() >= count, ARRIVAL);
        List<ConsumerRecord<String, String>> settled = ofType(TestEvents.readUntil(Topics.POSTS, rs -> false, SETTLE), type, marker);
        assertThat(settled).as(type + " events containing " + marker).hasSize(count);
        settled.forEach(ContractCheck::assertConforms);
        return settled;
    }
}
