package io.outpost.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.console.domain.FanOut;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HubTest {

    static final String CASE = "0b7c1a10-0000-4000-8000-000000000001";

    AssertSubscriber<Hub.Message> open(Hub hub, String user, String caseId) {
        return Multi.createFrom().<Hub.Message>emitter(e -> {
            Hub.Connection c = new Hub.Connection(user, caseId == null ? "inbox" : "case", caseId, e);
            hub.add(c);
            e.onTermination(() -> hub.remove(c));
        }).subscribe().withSubscriber(AssertSubscriber.create(100));
    }

    @Test
    void eachOpenPageGetsOnlyTheEventsThatConcernIt() {
        Hub hub = new Hub(Duration.ofMillis(20));
        AssertSubscriber<Hub.Message> joInbox = open(hub, "jo", null);
        AssertSubscriber<Hub.Message> samInbox = open(hub, "sam", null);
        AssertSubscriber<Hub.Message> samOnCase = open(hub, "sam", CASE);

        hub.deliver(List.of(new FanOut.Delivery(new FanOut.User("jo"), FanOut.OFFERS_CHANGED, CASE)));
        hub.deliver(List.of(new FanOut.Delivery(new FanOut.CaseViewers(CASE), FanOut.caseChanged(CASE), CASE),
                new FanOut.Delivery(new FanOut.InboxViewers(), FanOut.INBOX_CHANGED, CASE)));

        joInbox.awaitItems(2);
        samInbox.awaitItems(1);
        samOnCase.awaitItems(1);
        assertThat(joInbox.getItems()).extracting(Hub.Message::event)
                .containsExactlyInAnyOrder(FanOut.OFFERS_CHANGED, FanOut.INBOX_CHANGED);
        assertThat(samInbox.getItems()).extracting(Hub.Message::event).containsExactly(FanOut.INBOX_CHANGED);
        assertThat(samOnCase.getItems()).extracting(Hub.Message::event).containsExactly(FanOut.caseChanged(CASE));
    }

    /**
     * A burst is one message after its last event (trailing edge), so the page re-fetches after the state the burst
     * led to: routing's assignment.created and case-service's case.updated a moment later refresh the inbox once,
     * after both. An event after the window is another message.
     */
    @Test
    void aBurstOfEventsIsOneMessageSentAfterItsLastEvent() throws InterruptedException {
        Hub hub = new Hub(Duration.ofMillis(200));
        AssertSubscriber<Hub.Message> inbox = open(hub, "jo", null);
        hub.deliver(List.of(new FanOut.Delivery(new FanOut.InboxViewers(), FanOut.INBOX_CHANGED, "first")));
        Thread.sleep(50);
        hub.deliver(List.of(new FanOut.Delivery(new FanOut.InboxViewers(), FanOut.INBOX_CHANGED, "second")));
        assertThat(inbox.getItems()).as("nothing before the window closes").isEmpty();
        inbox.awaitItems(1);
        assertThat(inbox.getItems()).extracting(Hub.Message::data).containsExactly("second");
        // A real interval after the window: the burst stayed one message.
        Thread.sleep(400);
        assertThat(inbox.getItems()).hasSize(1);
        hub.deliver(List.of(new FanOut.Delivery(new FanOut.InboxViewers(), FanOut.INBOX_CHANGED, "third")));
        inbox.awaitItems(2);
        assertThat(inbox.getItems()).extracting(Hub.Message::data).containsExactly("second", "third");
    }

    @Test
    void aClosedPageIsForgotten() {
        Hub hub = new Hub();
        AssertSubscriber<Hub.Message> page = open(hub, "jo", null);
        assertThat(hub.size()).isEqualTo(1);
        page.cancel();
        assertThat(hub.size()).isZero();
    }

    @Test
    void theTeamEventReachesTheSupervisorPagesOnly() {
        Hub hub = new Hub(Duration.ofMillis(20));
        AssertSubscriber<Hub.Message> inbox = open(hub, "jo", null);
        AssertSubscriber<Hub.Message> team = Multi.createFrom().<Hub.Message>emitter(e -> {
            Hub.Connection c = new Hub.Connection("sam", Hub.TEAM_PAGE, null, e);
            hub.add(c);
            e.onTermination(() -> hub.remove(c));
        }).subscribe().withSubscriber(AssertSubscriber.create(100));

        hub.deliver(List.of(new FanOut.Delivery(new FanOut.TeamViewers(), FanOut.TEAM_CHANGED, CASE)));
        hub.deliver(List.of(new FanOut.Delivery(new FanOut.InboxViewers(), FanOut.INBOX_CHANGED, CASE)));

        team.awaitItems(1);
        inbox.awaitItems(1);
        assertThat(team.getItems()).extracting(Hub.Message::event).containsExactly(FanOut.TEAM_CHANGED);
        assertThat(inbox.getItems()).extracting(Hub.Message::event).containsExactly(FanOut.INBOX_CHANGED);
    }
}
