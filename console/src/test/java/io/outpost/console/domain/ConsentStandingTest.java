package io.outpost.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsentStandingTest {

    static final Instant DECIDED = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant ASKED = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aGrantWinsOverAnyRequestAndIsNotAskedAgain() {
        assertThat(ConsentStanding.of("granted", DECIDED, ASKED)).isEqualTo(new ConsentStanding("granted", DECIDED, false));
    }

    @Test
    void aWaitingRequestShowsWhenItWentAndIsNotSentTwice() {
        assertThat(ConsentStanding.of("none", null, ASKED)).isEqualTo(new ConsentStanding("requested", ASKED, false));
        assertThat(ConsentStanding.of("denied", DECIDED, ASKED)).isEqualTo(new ConsentStanding("requested", ASKED, false));
    }

    @Test
    void otherwiseTheDecisionInWordsAndTheAgentMayAsk() {
        assertThat(ConsentStanding.of("denied", DECIDED, null)).isEqualTo(new ConsentStanding("declined", DECIDED, true));
        assertThat(ConsentStanding.of("revoked", DECIDED, null)).isEqualTo(new ConsentStanding("withdrawn", DECIDED, true));
        assertThat(ConsentStanding.of("expired", DECIDED, null)).isEqualTo(new ConsentStanding("expired", DECIDED, true));
        assertThat(ConsentStanding.of("none", null, null)).isEqualTo(new ConsentStanding("not asked", null, true));
        assertThat(ConsentStanding.of(null, null, null)).isEqualTo(new ConsentStanding("not asked", null, true));
    }
}
