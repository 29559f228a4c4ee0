package io.outpost.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class PresenceTest {

    @Test
    void presenceReadsItsWireNamesAndRejectsOthers() {
        assertThat(Presence.fromWire(" Available ")).isEqualTo(Presence.AVAILABLE);
        assertThat(Presence.OFFLINE.wireName()).isEqualTo("offline");
        assertThatIllegalArgumentException().isThrownBy(() -> Presence.fromWire("asleep"))
                .withMessageContaining("available, busy, away, offline");
    }
}
