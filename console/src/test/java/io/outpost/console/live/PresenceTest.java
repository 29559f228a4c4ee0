package io.outpost.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.console.domain.FanOut;
import io.outpost.contracts.EventJson;
import io.outpost.contracts.events.CasePresence;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The presence loop of one instance with the topic in between replaced by a list: what it publishes, and which
 * open pages hear of which change (another instance's events come in as the topic would bring them).
 */
class PresenceTest {

    static final String CASE = HubTest.CASE;
    static final String OTHER_CASE = "0b7c1a10-0000-4000-8000-000000000002";
    static final ObjectMapper JSON = EventJson.newMapper();

    final List<CasePresence> published = new ArrayList<>();
    Instant now = Instant.parse("2026-12-07T12:00:00Z");
    final Clock clock = new Clock() {
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
    };
    final Hub hub = new Hub(Duration.ofMillis(10));
    final Presence presence = new Presence(hub, published::add, clock, "here", Duration.ofSeconds(10));

    AssertSubscriber<Hub.Message> open(String user, String caseId) {
        return Multi.createFrom().<Hub.Message>emitter(e -> hub.add(new Hub.Connection(user, "case", caseId, e)))
                .subscribe().withSubscriber(AssertSubscriber.create(100));
    }

    void fromTheTopic(String caseId, String user, String name, CasePresence.State state, String instance) {
        presence.onEvent(JSON.valueToTree(new CasePresence(UUID.fromString(caseId), user, name, state, instance, now)));
    }

    @Test
    void joinTypingSendAndLeaveArePublishedAtOnceAndTheHeartbeatRepeatsThem() {
        presence.opened(CASE, "jo", "Jo Kim");
        presence.typing(CASE, "jo", "Jo Kim");
        presence.typing(CASE, "jo", "Jo Kim");
        presence.stopped(CASE, "jo");
        presence.beat();
        presence.closed(CASE, "jo");
        presence.beat();

        assertThat(published).extracting(CasePresence::state).containsExactly(CasePresence.State.VIEWING,
                CasePresence.State.REPLYING, CasePresence.State.VIEWING, CasePresence.State.VIEWING, CasePresence.State.LEFT);
        assertThat(published).allSatisfy(e -> {
            assertThat(e.caseId()).hasToString(CASE);
            assertThat(e.username()).isEqualTo("jo");
            assertThat(e.displayName()).isEqualTo("Jo Kim");
            assertThat(e.instanceId()).isEqualTo("here");
        });
    }

    @Test
    void anotherInstancesViewerReachesOnlyThatCasesPagesAndGoesWhenItsHeartbeatsStop() {
        AssertSubscriber<Hub.Message> joOnCase = open("jo", CASE);
        AssertSubscriber<Hub.Message> joOnOther = open("jo", OTHER_CASE);

        fromTheTopic(CASE, "sam", "Sam Rivera", CasePresence.State.VIEWING, "elsewhere");
        joOnCase.awaitItems(1);
        assertThat(joOnCase.getItems()).containsExactly(new Hub.Message(FanOut.caseViewers(CASE), CASE));
        assertThat(presence.viewers(CASE, "jo")).extracting(v -> v.displayName()).containsExactly("Sam Rivera");
        assertThat(presence.viewers(CASE, "sam")).isEmpty();

        // The same again (a heartbeat): no message, a real interval (ten coalescing windows) later. Replying: one.
        fromTheTopic(CASE, "sam", "Sam Rivera", CasePresence.State.VIEWING, "elsewhere");
        sleep(100);
        assertThat(joOnCase.getItems()).hasSize(1);
        fromTheTopic(CASE, "sam", "Sam Rivera", CasePresence.State.REPLYING, "elsewhere");
        joOnCase.awaitItems(2);

        // That instance dies: three heartbeats and a half later the sweep forgets Sam and tells the page.
        now = now.plusSeconds(34);
        presence.sweep();
        assertThat(presence.viewers(CASE, "jo")).hasSize(1);
        now = now.plusSeconds(2);
        presence.sweep();
        assertThat(presence.viewers(CASE, "jo")).isEmpty();
        joOnCase.awaitItems(3);
        sleep(100);
        assertThat(joOnCase.getItems()).hasSize(3);
        assertThat(joOnOther.getItems()).as("a page of another case hears nothing").isEmpty();
    }

    @Test
    void typingGoesIdleOnTheSweepAndUnreadableEventsAreIgnored() {
        presence.opened(CASE, "jo", "Jo Kim");
        presence.typing(CASE, "jo", "Jo Kim");
        now = now.plusSeconds(11);
        presence.sweep();
        assertThat(published).extracting(CasePresence::state).containsExactly(CasePresence.State.VIEWING,
                CasePresence.State.REPLYING, CasePresence.State.VIEWING);

        presence.onEvent(JSON.createObjectNode().put("caseId", "not-a-uuid"));
        presence.onEvent(JSON.createObjectNode().put("username", "sam"));
        presence.onEvent(JSON.createObjectNode().put("caseId", CASE).put("state", "dancing"));
        assertThat(presence.viewers(CASE, "nobody")).isEmpty();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
