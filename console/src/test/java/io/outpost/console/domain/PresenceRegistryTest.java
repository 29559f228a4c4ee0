package io.outpost.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.events.CasePresence.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PresenceRegistryTest {

    static final String CASE = "0b7c1a10-0000-4000-8000-000000000001";
    static final String OTHER_CASE = "0b7c1a10-0000-4000-8000-000000000002";

    /** A clock the test moves on. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    final TestClock clock = new TestClock();
    final PresenceRegistry registry = new PresenceRegistry(Duration.ofSeconds(35), clock);

    @Test
    void aViewerShowsToEveryoneButThemselvesAndLeaves() {
        assertThat(registry.apply(CASE, "sam", "Sam Rivera", State.VIEWING, "a")).isTrue();
        assertThat(registry.apply(CASE, "jo", "Jo Kim", State.VIEWING, "b")).isTrue();

        assertThat(registry.viewers(CASE, "jo")).containsExactly(new PresenceRegistry.Viewer("sam", "Sam Rivera", false));
        assertThat(registry.viewers(CASE, "sam")).containsExactly(new PresenceRegistry.Viewer("jo", "Jo Kim", false));
        assertThat(registry.viewers(CASE, "alex")).extracting(PresenceRegistry.Viewer::displayName).containsExactly("Jo Kim", "Sam Rivera");
        assertThat(registry.viewers(OTHER_CASE, "jo")).isEmpty();

        assertThat(registry.apply(CASE, "sam", "Sam Rivera", State.LEFT, "a")).isTrue();
        assertThat(registry.viewers(CASE, "jo")).isEmpty();
    }

    @Test
    void aHeartbeatThatRepeatsWhatIsKnownChangesNothingButReplyingDoes() {
        registry.apply(CASE, "sam", "Sam Rivera", State.VIEWING, "a");
        assertThat(registry.apply(CASE, "sam", "Sam Rivera", State.VIEWING, "a")).isFalse();
        assertThat(registry.apply(CASE, "sam", "Sam Rivera", State.REPLYING, "a")).isTrue();
        assertThat(registry.viewers(CASE, "jo")).containsExactly(new PresenceRegistry.Viewer("sam", "Sam Rivera", true));
        assertThat(registry.apply(CASE, "sam", "Sam Rivera", State.VIEWING, "a")).isTrue();
        assertThat(registry.viewers(CASE, "jo")).containsExactly(new PresenceRegistry.Viewer("sam", "Sam Rivera", false));
    }

    /** Two tabs on two instances behind a load balancer: one person, replying if either says so; one leaving ends one. */
    @Test
    void onePersonOnTwoInstancesIsShownOnceAndOneInstanceLeavingEndsOnlyItsEntry() {
        registry.apply(CASE, "sam", "Sam Rivera", State.VIEWING, "a");
        assertThat(registry.apply(CASE, "sam", "Sam Rivera", State.REPLYING, "b")).isTrue();
        assertThat(registry.viewers(CASE, "jo")).containsExactly(new PresenceRegistry.Viewer("sam", "Sam Rivera", true));

        assertThat(registry.apply(CASE, "sam", "Sam Rivera", State.LEFT, "b")).isTrue();
        assertThat(registry.viewers(CASE, "jo")).containsExactly(new PresenceRegistry.Viewer("sam", "Sam Rivera", false));
        assertThat(registry.apply(CASE, "sam", "Sam Rivera", State.LEFT, "a")).isTrue();
        assertThat(registry.viewers(CASE, "jo")).isEmpty();
        // Leaving what was never there changes nothing.
        assertThat(registry.apply(CASE, "sam", "Sam Rivera", State.LEFT, "a")).isFalse();
    }

    /** An instance that died says nothing more: its viewers go after three missed heartbeats, not before. */
    @Test
    void entriesNotHeardOfWithinTheirTimeToLiveExpire() {
        registry.apply(CASE, "sam", "Sam Rivera", State.VIEWING, "dead");
        registry.apply(CASE, "alex", "Alex Park", State.VIEWING, "alive");
        clock.advance(Duration.ofSeconds(30));
        registry.apply(CASE, "alex", "Alex Park", State.VIEWING, "alive");
        assertThat(registry.expire()).isEmpty();
        assertThat(registry.viewers(CASE, "jo")).hasSize(2);

        clock.advance(Duration.ofSeconds(6));
        assertThat(registry.expire()).containsExactly(CASE);
        assertThat(registry.viewers(CASE, "jo")).extracting(PresenceRegistry.Viewer::username).containsExactly("alex");
        assertThat(registry.expire()).isEmpty();
        assertThat(registry.size()).isEqualTo(1);
    }

    /** The same person still present through another instance: one entry expiring shows no change. */
    @Test
    void anExpiryThatChangesNothingShownIsNotAChange() {
        registry.apply(CASE, "sam", "Sam Rivera", State.VIEWING, "dead");
        clock.advance(Duration.ofSeconds(20));
        registry.apply(CASE, "sam", "Sam Rivera", State.VIEWING, "alive");
        clock.advance(Duration.ofSeconds(20));
        assertThat(registry.expire()).isEmpty();
        assertThat(registry.size()).isEqualTo(1);
        assertThat(registry.viewers(CASE, "jo")).hasSize(1);
    }

    @Test
    void eventsWithoutCasePersonInstanceOrStateAreIgnored() {
        assertThat(registry.apply(null, "sam", "Sam", State.VIEWING, "a")).isFalse();
        assertThat(registry.apply(CASE, " ", "Sam", State.VIEWING, "a")).isFalse();
        assertThat(registry.apply(CASE, "sam", "Sam", State.VIEWING, null)).isFalse();
        assertThat(registry.apply(CASE, "sam", "Sam", null, "a")).isFalse();
        assertThat(registry.size()).isZero();
        // No display name: the login stands in for it.
        registry.apply(CASE, "sam", null, State.VIEWING, "a");
        assertThat(registry.viewers(CASE, "jo")).extracting(PresenceRegistry.Viewer::displayName).containsExactly("sam");
    }
}
