package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AcceptancePlanTest {

    static final Instant T = Instant.parse("2026-11-01T10:00:00Z");
    final AtomicLong counter = new AtomicLong();
    final Supplier<UUID> ids = () -> new UUID(0, counter.incrementAndGet());

    static IncomingPost tweet(String id, String replyTo) {
        return new IncomingPost(Channel.X, id, "u1", "dana", null, "text " + id, T, replyTo, null, null, false);
    }

    @Test
    void theKeysLookedUpAreEachPostAndItsParent() {
        assertThat(AcceptancePlan.lookupKeys(List.of(tweet("1", null), tweet("2", "1"), tweet("3", "9"))))
                .containsExactly(key("1"), key("2"), key("3"), key("9"));
    }

    @Test
    void aStoredPostIsADuplicateOfTheStoredOne() {
        UUID stored = UUID.randomUUID();
        List<AcceptancePlan.Step> steps = AcceptancePlan.plan(List.of(tweet("1", null), tweet("2", null)),
                Map.of(key("1"), new AcceptancePlan.Stored(stored, "x:1")), ids);
        assertThat(steps.get(0).duplicate()).isTrue();
        assertThat(steps.get(0).stored()).isEqualTo(new AcceptancePlan.Stored(stored, "x:1"));
        assertThat(steps.get(1).duplicate()).isFalse();
        assertThat(steps.get(1).stored().id()).isEqualTo(new UUID(0, 1));
    }

    @Test
    void theSameIdTwiceInOneBatchIsOnePostAndADuplicate() {
        List<AcceptancePlan.Step> steps = AcceptancePlan.plan(List.of(tweet("1", null), tweet("1", null)), Map.of(), ids);
        assertThat(steps.get(0).duplicate()).isFalse();
        assertThat(steps.get(1).duplicate()).isTrue();
        assertThat(steps.get(1).stored()).isEqualTo(steps.get(0).stored());
    }

    @Test
    void aReplyJoinsItsParentsConversationStoredOrEarlierInTheBatch() {
        List<AcceptancePlan.Step> steps = AcceptancePlan.plan(
                List.of(tweet("2", "1"), tweet("3", "2"), tweet("5", "4")),
                Map.of(key("1"), new AcceptancePlan.Stored(UUID.randomUUID(), "conversation-of-1")), ids);
        assertThat(steps.get(0).stored().conversationKey()).isEqualTo("conversation-of-1");
        assertThat(steps.get(1).stored().conversationKey()).isEqualTo("conversation-of-1");
        // the parent is unknown: the key is made from the parent's id, as when accepted alone
        assertThat(steps.get(2).stored().conversationKey())
                .isEqualTo(ConversationKeys.of(Channel.X, "5", null, "4", null));
    }

    @Test
    void copiesAreCountedAmongStoredPostsAndEarlierOnesInTheBatchWithinTheWindow() {
        Duration window = Duration.ofHours(1);
        AcceptancePlan.Copy stored = copy("u1", "f", T.minus(Duration.ofMinutes(30)));
        AcceptancePlan.Copy tooOld = copy("u1", "f", T.minus(Duration.ofMinutes(61)));
        AcceptancePlan.Copy otherAuthor = copy("u2", "f", T);
        List<AcceptancePlan.Copy> batch = new ArrayList<>(Arrays.asList(
                copy("u1", "f", T), null, copy("u1", "f", T.plusSeconds(1)), copy("u1", "g", T), copy("u1", "f", T.minusSeconds(1))));
        long[] counts = AcceptancePlan.earlierCopies(batch, List.of(stored, tooOld, otherAuthor), window);
        // stored one; (skipped); stored + the first; another text; stored only (the batch's are later than it)
        assertThat(counts).containsExactly(1, 0, 2, 0, 1);
    }

    static AcceptancePlan.Copy copy(String author, String fingerprint, Instant at) {
        return new AcceptancePlan.Copy("x", author, fingerprint, at);
    }

    static AcceptancePlan.PostKey key(String id) {
        return new AcceptancePlan.PostKey("x", id);
    }
}
