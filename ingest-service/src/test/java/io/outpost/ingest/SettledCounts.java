package io.outpost.ingest;

import io.outpost.devstack.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.SoftAssertions;

/**
 * "Exactly this many events, and nothing repeated later", settled once per test class instead of once per
 * check.
 *
 * <p>A test awaits the events it caused, checks them, and notes here how many of them there must still be
 * once nothing more can arrive (and, optionally, a platform call count that must still hold). The test
 * class's {@code @AfterAll} calls {@link #assertSettled()}: it waits the settle interval after the class's
 * last check (the marker), then reads the whole topic to its end ({@link TestEvents#readUntil}), so every
 * noted event had at least that long (the earlier ones the rest of the class too) to be wrongly repeated
 * or published, and checks every note; a failure names the test and the marker.
 *
 * <p>Why: the same 2-3 s wait after each of about a hundred such checks was a third of this module's test
 * time. A class that notes something and forgets the {@code @AfterAll} is caught by the next class that
 * notes anything (its notes would otherwise never be checked).
 */
public final class SettledCounts {

    private record Expected(String test, String what, Predicate<ConsumerRecord<String, String>> matches, int count) {
    }

    private record Recount(String test, String what, Runnable check) {
    }

    /** Ledgers holding notes not yet settled, with the test class that made them. */
    private static final Set<SettledCounts> PENDING = ConcurrentHashMap.newKeySet();

    private final String topic;
    private final Duration settle;
    private final List<Expected> expected = new ArrayList<>();
    private final List<Recount> recounts = new ArrayList<>();
    private String owner;

    public SettledCounts(String topic, Duration settle) {
        if (settle.compareTo(Duration.ofMillis(200)) < 0) {
            throw new IllegalArgumentException("a settle interval must be real, not " + settle);
        }
        this.topic = topic;
        this.settle = settle;
    }

    /** Once settled, exactly {@code count} records of the topic must match. */
    public synchronized void expect(String what, Predicate<ConsumerRecord<String, String>> matches, int count) {
        String test = noting();
        expected.add(new Expected(test, what, matches, count));
    }

    /** Once settled, {@code check} (e.g. a fake platform's call count) must still hold. */
    public synchronized void recount(String what, Runnable check) {
        String test = noting();
        recounts.add(new Recount(test, what, check));
    }

    /** For the test class's {@code @AfterAll}: one settle after the last note, then every note checked. */
    public synchronized void assertSettled() {
        PENDING.remove(this);
        owner = null;
        if (expected.isEmpty() && recounts.isEmpty()) {
            return;
        }
        List<Expected> toCheck = List.copyOf(expected);
        List<Recount> toRecount = List.copyOf(recounts);
        expected.clear();
        recounts.clear();
        List<ConsumerRecord<String, String>> all = TestEvents.readUntil(topic, rs -> false, settle);
        SoftAssertions softly = new SoftAssertions();
        for (Expected e : toCheck) {
            softly.assertThat(all.stream().filter(e.matches()).count())
                    .as("%s on %s after settling (%s)", e.what(), topic, e.test()).isEqualTo(e.count());
        }
        for (Recount r : toRecount) {
            try {
                r.check().run();
            } catch (AssertionError | RuntimeException ex) {
                softly.fail("%s after settling (%s): %s", r.what(), r.test(), ex.getMessage());
            }
        }
        softly.assertAll();
    }

    /** The calling test ("Class#method"); fails if another test class left notes unsettled. */
    private String noting() {
        // The outermost frame of one of our test classes: the @Test method (not a helper or lambda it calls).
        StackWalker.StackFrame frame = StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().startsWith("io.outpost.") && f.getClassName().endsWith("Test"))
                .reduce((inner, outer) -> outer)
                .orElseThrow(() -> new IllegalStateException("SettledCounts is for test classes (*Test)")));
        String testClass = frame.getClassName();
        for (SettledCounts other : PENDING) {
            if (!testClass.equals(other.owner)) {
                throw new IllegalStateException(other.owner + " left counts on " + other.topic
                        + " unchecked: its @AfterAll must call assertSettled()");
            }
        }
        owner = testClass;
        PENDING.add(this);
        return testClass.substring(testClass.lastIndexOf('.') + 1) + "#" + frame.getMethodName();
    }
}
