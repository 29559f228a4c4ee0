package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.domain.ReplyDelivery.State;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A reply's delivery from its report and its echo, in either order, with repeats. */
class ReplyDeliveryTest {

    private static final Instant SENT = Instant.parse("2026-11-01T08:10:00Z");
    private static final Instant ECHOED = SENT.plusSeconds(1);
    private static final Instant REPORTED = SENT.plusSeconds(2);

    @Test
    void aReplyStillSendingIsNoResponse() {
        State s = State.requested();
        assertThat(s.countsAsResponse()).isFalse();
        assertThat(ReplyDelivery.describe(s)).isEqualTo("sending");
    }

    @Test
    void aDeliveredReplyCountsFromItsReport() {
        State s = ReplyDelivery.delivered(State.requested(), "1900", REPORTED);
        assertThat(s.countsAsResponse()).isTrue();
        assertThat(s.deliveredAt()).isEqualTo(REPORTED);
        assertThat(s.confirmedAt()).isNull();
        assertThat(ReplyDelivery.describe(s)).isEqualTo("delivered, not yet confirmed by the platform");
    }

    @Test
    void theEchoConfirmsItAndTheEarlierEvidenceIsTheDeliveryTimeInEitherOrder() {
        State reportFirst = ReplyDelivery.echoed(ReplyDelivery.delivered(State.requested(), "1900", REPORTED), ECHOED);
        assertThat(reportFirst.confirmedAt()).isEqualTo(ECHOED);
        assertThat(reportFirst.deliveredAt()).as("the platform's time on the echo is earlier than the report")
                .isEqualTo(ECHOED);
        assertThat(ReplyDelivery.describe(reportFirst)).isEqualTo("confirmed by the platform");

        State echoFirst = ReplyDelivery.delivered(ReplyDelivery.echoed(new State(ReplyDelivery.REQUESTED, "1900", null,
                null, null, null), ECHOED), "1900", REPORTED);
        assertThat(echoFirst).isEqualTo(reportFirst);
    }

    @Test
    void repeatsChangeNothing() {
        State delivered = ReplyDelivery.delivered(State.requested(), "1900", REPORTED);
        assertThat(ReplyDelivery.delivered(delivered, "1999", REPORTED.plusSeconds(60))).isSameAs(delivered);
        State confirmed = ReplyDelivery.echoed(delivered, ECHOED);
        assertThat(ReplyDelivery.echoed(confirmed, ECHOED.plusSeconds(60))).isSameAs(confirmed);
        assertThat(ReplyDelivery.delivered(confirmed, "1900", REPORTED.plusSeconds(60))).isSameAs(confirmed);
    }

    @Test
    void aFailedReplyIsNoResponseAndCarriesThePlatformsReason() {
        State failed = ReplyDelivery.failed(State.requested(), "(#10) This message is sent outside of allowed window",
                REPORTED);
        assertThat(failed.countsAsResponse()).isFalse();
        assertThat(failed.status()).isEqualTo(ReplyDelivery.FAILED);
        assertThat(ReplyDelivery.describe(failed))
                .isEqualTo("failed: (#10) This message is sent outside of allowed window");
        assertThat(ReplyDelivery.failed(State.requested(), " ", REPORTED).failureReason()).isEqualTo("no reason given");
    }

    @Test
    void aDeliveredReplyStaysDeliveredAndAFailedOneMayStillBeDelivered() {
        State delivered = ReplyDelivery.delivered(State.requested(), "1900", REPORTED);
        assertThat(ReplyDelivery.failed(delivered, "timeout", REPORTED.plusSeconds(5))).isSameAs(delivered);

        State failed = ReplyDelivery.failed(State.requested(), "timeout", REPORTED);
        State retried = ReplyDelivery.delivered(failed, "1901", REPORTED.plusSeconds(30));
        assertThat(retried.countsAsResponse()).isTrue();
        assertThat(retried.failureReason()).isNull();
        assertThat(retried.deliveredAt()).isEqualTo(REPORTED.plusSeconds(30));
    }
}
