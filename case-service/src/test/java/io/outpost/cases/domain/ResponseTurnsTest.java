package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseTurnsTest {

    private static final Instant T = Instant.parse("2026-11-01T08:00:00Z");

    @Test
    void theFirstCustomerPostAfterOurLatestResponseWaits() {
        assertThat(ResponseTurns.waitingSince(List.of(T, T.plusSeconds(60)), List.of())).isEqualTo(T);
        assertThat(ResponseTurns.waitingSince(List.of(T, T.plusSeconds(120), T.plusSeconds(180)),
                List.of(T.plusSeconds(60), T.plusSeconds(30)))).isEqualTo(T.plusSeconds(120));
    }

    @Test
    void nothingWaitsWhenWeAnsweredLastOrNoPostIsLeft() {
        assertThat(ResponseTurns.waitingSince(List.of(T), List.of(T.plusSeconds(1)))).isNull();
        assertThat(ResponseTurns.waitingSince(List.of(T), List.of(T))).as("a post at the response's instant was answered")
                .isNull();
        assertThat(ResponseTurns.waitingSince(List.of(), List.of())).isNull();
    }

    private static CasePost ownPost(Instant at, boolean echo) {
        CasePost p = new CasePost();
        p.fromOwnAccount = true;
        p.createdAt = at;
        p.echoOfReplyId = echo ? java.util.UUID.randomUUID() : null;
        return p;
    }

    private static CasePost customerPost(Instant at) {
        CasePost p = new CasePost();
        p.createdAt = at;
        return p;
    }

    @Test
    void repliesCountOnceDeliveredAtTheirDeliveryAndEchoesNever() {
        ReplyDelivery.State requested = ReplyDelivery.State.requested();
        ReplyDelivery.State failed = ReplyDelivery.failed(requested, "recipient not available", T.plusSeconds(10));
        ReplyDelivery.State delivered = ReplyDelivery.echoed(
                ReplyDelivery.delivered(requested, "1900", T.plusSeconds(40)), T.plusSeconds(30));
        List<Instant> responses = ResponseTurns.responses(List.of(requested, failed, delivered),
                List.of(customerPost(T), ownPost(T.plusSeconds(30), true), ownPost(T.plusSeconds(90), false)));
        assertThat(responses).as("the delivered reply at its echo's time, and the post typed on the platform")
                .containsExactlyInAnyOrder(T.plusSeconds(30), T.plusSeconds(90));
        assertThat(ResponseTurns.firstResponse(responses)).isEqualTo(T.plusSeconds(30));
    }

    @Test
    void aFailedReplyLeavesTheCustomerWaiting() {
        ReplyDelivery.State failed = ReplyDelivery.failed(ReplyDelivery.State.requested(), "blocked", T.plusSeconds(10));
        List<Instant> responses = ResponseTurns.responses(List.of(failed), List.of(customerPost(T)));
        assertThat(responses).isEmpty();
        assertThat(ResponseTurns.firstResponse(responses)).isNull();
        assertThat(ResponseTurns.waitingSince(List.of(T), responses)).isEqualTo(T);
    }

    @Test
    void theEchoOfASurveyInvitationOrConsentRequestIsNoResponse() {
        CasePost invitation = ownPost(T.plusSeconds(60), false);
        invitation.echoOfMessageId = java.util.UUID.randomUUID();
        List<Instant> responses = ResponseTurns.responses(List.of(), List.of(customerPost(T), invitation));
        assertThat(responses).as("not the first response, not a response at all").isEmpty();
        assertThat(ResponseTurns.waitingSince(List.of(T), responses)).as("the customer still waits").isEqualTo(T);
        assertThat(invitation.countsAsCustomerMessage()).isFalse();
        assertThat(invitation.isEcho()).as("not shown as a post").isTrue();
    }
}
