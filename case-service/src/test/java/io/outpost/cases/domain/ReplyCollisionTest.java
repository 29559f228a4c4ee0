package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplyCollisionTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final UUID BOBS = UUID.randomUUID();

    @Test
    void aColleaguesRecentPublicReplyToTheSamePostCollides() {
        var earlier = List.of(reply(BOBS, "bob", "public", "p1", "requested", NOW.minusSeconds(60)));
        assertThat(ReplyCollision.find("ann", "public", "p1", earlier, NOW, WINDOW))
                .contains(new ReplyCollision.Collision("bob", BOBS, NOW.minusSeconds(60)));
    }

    @Test
    void theLatestColleagueIsNamed() {
        UUID later = UUID.randomUUID();
        var earlier = List.of(reply(BOBS, "bob", "public", "p1", "delivered", NOW.minusSeconds(200)),
                reply(later, "cy", "public", "p1", "requested", NOW.minusSeconds(10)));
        assertThat(ReplyCollision.find("ann", "public", "p1", earlier, NOW, WINDOW).orElseThrow().colleague()).isEqualTo("cy");
    }

    @Test
    void noCollisionOutsideTheWindowOnAnotherPostInPrivateWithOnesOwnOrAFailedReply() {
        assertThat(ReplyCollision.find("ann", "public", "p1",
                List.of(reply(BOBS, "bob", "public", "p1", "delivered", NOW.minus(WINDOW))), NOW, WINDOW)).isEmpty();
        assertThat(ReplyCollision.find("ann", "public", "p1",
                List.of(reply(BOBS, "bob", "public", "p2", "delivered", NOW.minusSeconds(5))), NOW, WINDOW)).isEmpty();
        assertThat(ReplyCollision.find("ann", "private", "p1",
                List.of(reply(BOBS, "bob", "public", "p1", "delivered", NOW.minusSeconds(5))), NOW, WINDOW)).isEmpty();
        assertThat(ReplyCollision.find("ann", "public", "p1",
                List.of(reply(BOBS, "bob", "private", "p1", "delivered", NOW.minusSeconds(5))), NOW, WINDOW)).isEmpty();
        assertThat(ReplyCollision.find("ann", "public", "p1",
                List.of(reply(BOBS, "ann", "public", "p1", "delivered", NOW.minusSeconds(5))), NOW, WINDOW)).isEmpty();
        assertThat(ReplyCollision.find("ann", "public", "p1",
                List.of(reply(BOBS, "bob", "public", "p1", "failed", NOW.minusSeconds(5))), NOW, WINDOW)).isEmpty();
        assertThat(ReplyCollision.find("ann", "public", "p1",
                List.of(reply(BOBS, "bob", "public", "p1", "delivered", NOW.minusSeconds(5))), NOW, Duration.ZERO))
                .as("a zero window turns the check off").isEmpty();
    }

    private static ReplyCollision.Earlier reply(UUID id, String author, String visibility, String post, String status,
            Instant at) {
        return new ReplyCollision.Earlier(id, author, visibility, post, status, at);
    }
}
