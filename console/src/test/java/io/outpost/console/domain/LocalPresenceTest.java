package io.outpost.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.console.domain.LocalPresence.Announcement;
import io.outpost.contracts.events.CasePresence.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalPresenceTest {

    static final String CASE = PresenceRegistryTest.CASE;

    final PresenceRegistryTest.TestClock clock = new PresenceRegistryTest.TestClock();
    final LocalPresence local = new LocalPresence(Duration.ofSeconds(10), clock);

    @Test
    void theFirstPageJoinsAndTheLastOneLeaves() {
        assertThat(local.opened(CASE, "jo", "Jo Kim")).contains(new Announcement(CASE, "jo", "Jo Kim", State.VIEWING));
        // A second tab on the same instance: nothing new to say.
        assertThat(local.opened(CASE, "jo", "Jo Kim")).isEmpty();
        assertThat(local.closed(CASE, "jo")).isEmpty();
        assertThat(local.closed(CASE, "jo")).contains(new Announcement(CASE, "jo", "Jo Kim", State.LEFT));
        assertThat(local.size()).isZero();
        assertThat(local.heartbeat()).isEmpty();
        // A close of what this instance never had says nothing.
        assertThat(local.closed(CASE, "jo")).isEmpty();
    }

    @Test
    void typingIsReplyingUntilSentOrIdle() {
        local.opened(CASE, "jo", "Jo Kim");
        assertThat(local.typing(CASE, "jo", "Jo Kim")).contains(new Announcement(CASE, "jo", "Jo Kim", State.REPLYING));
        clock.advance(Duration.ofSeconds(3));
        assertThat(local.typing(CASE, "jo", "Jo Kim")).as("still replying").isEmpty();
        assertThat(local.stopped(CASE, "jo")).contains(new Announcement(CASE, "jo", "Jo Kim", State.VIEWING));

        local.typing(CASE, "jo", "Jo Kim");
        clock.advance(Duration.ofSeconds(9));
        assertThat(local.idle()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(local.idle()).containsExactly(new Announcement(CASE, "jo", "Jo Kim", State.VIEWING));
        assertThat(local.idle()).isEmpty();
    }

    /** A typing report that reached this instance without the page's stream: replying, then gone when idle. */
    @Test
    void typingWithoutAPageHereIsReplyingThenLeft() {
        assertThat(local.typing(CASE, "jo", "Jo Kim")).contains(new Announcement(CASE, "jo", "Jo Kim", State.REPLYING));
        assertThat(local.heartbeat()).containsExactly(new Announcement(CASE, "jo", "Jo Kim", State.REPLYING));
        clock.advance(Duration.ofSeconds(11));
        assertThat(local.idle()).containsExactly(new Announcement(CASE, "jo", "Jo Kim", State.LEFT));
        assertThat(local.size()).isZero();
        // "stopped" for someone this instance does not know: nothing.
        assertThat(local.stopped(CASE, "jo")).isEmpty();
    }

    @Test
    void theHeartbeatSaysEveryEntryAgain() {
        local.opened(CASE, "jo", "Jo Kim");
        local.opened(PresenceRegistryTest.OTHER_CASE, "sam", "Sam Rivera");
        local.typing(PresenceRegistryTest.OTHER_CASE, "sam", "Sam Rivera");
        assertThat(local.heartbeat()).containsExactlyInAnyOrder(new Announcement(CASE, "jo", "Jo Kim", State.VIEWING),
                new Announcement(PresenceRegistryTest.OTHER_CASE, "sam", "Sam Rivera", State.REPLYING));
    }
}
