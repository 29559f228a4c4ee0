package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IncidentStatusTest {

    @Test
    void aSuggestionIsConfirmedOrDismissedAndOnlyAnOpenIncidentCloses() {
        assertThat(IncidentStatus.SUGGESTED.canMoveTo(IncidentStatus.OPEN)).isTrue();
        assertThat(IncidentStatus.SUGGESTED.canMoveTo(IncidentStatus.DISMISSED)).isTrue();
        assertThat(IncidentStatus.SUGGESTED.canMoveTo(IncidentStatus.CLOSED)).isFalse();
        assertThat(IncidentStatus.OPEN.canMoveTo(IncidentStatus.CLOSED)).isTrue();
        assertThat(IncidentStatus.OPEN.canMoveTo(IncidentStatus.DISMISSED)).isFalse();
        for (IncidentStatus to : IncidentStatus.values()) {
            assertThat(IncidentStatus.CLOSED.canMoveTo(to)).isFalse();
            assertThat(IncidentStatus.DISMISSED.canMoveTo(to)).isFalse();
        }
    }

    @Test
    void onlyAnOpenIncidentAcceptsWorkAndWireNamesRoundTrip() {
        for (IncidentStatus s : IncidentStatus.values()) {
            assertThat(s.acceptsWork()).isEqualTo(s == IncidentStatus.OPEN);
            assertThat(IncidentStatus.fromWire(s.wireName())).isEqualTo(s);
        }
        assertThatThrownBy(() -> IncidentStatus.fromWire("Open")).isInstanceOf(IllegalArgumentException.class);
    }
}
