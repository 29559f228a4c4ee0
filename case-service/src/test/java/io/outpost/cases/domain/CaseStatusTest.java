package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CaseStatusTest {

    @ParameterizedTest
    @EnumSource(CaseStatus.class)
    void wireNamesRoundTrip(CaseStatus status) {
        assertThat(CaseStatus.fromWire(status.wireName())).isEqualTo(status);
    }

    @Test
    void wireNamesAreLowerCaseWithHyphens() {
        assertThat(CaseStatus.ON_HOLD.wireName()).isEqualTo("on-hold");
        assertThatThrownBy(() -> CaseStatus.fromWire("ON_HOLD")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CaseStatus.fromWire(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transitionsFollowTheLifecycle() {
        for (CaseStatus to : List.of(CaseStatus.OPEN, CaseStatus.PENDING, CaseStatus.ON_HOLD, CaseStatus.RESOLVED,
                CaseStatus.CLOSED)) {
            assertThat(CaseStatus.NEW.canMoveTo(to)).as("new -> %s", to).isTrue();
        }
        assertThat(CaseStatus.OPEN.canMoveTo(CaseStatus.PENDING)).isTrue();
        assertThat(CaseStatus.PENDING.canMoveTo(CaseStatus.ON_HOLD)).isTrue();
        assertThat(CaseStatus.ON_HOLD.canMoveTo(CaseStatus.OPEN)).isTrue();
        assertThat(CaseStatus.RESOLVED.canMoveTo(CaseStatus.OPEN)).as("reopen").isTrue();
        assertThat(CaseStatus.RESOLVED.canMoveTo(CaseStatus.CLOSED)).isTrue();
        assertThat(CaseStatus.RESOLVED.canMoveTo(CaseStatus.PENDING)).isFalse();
        assertThat(CaseStatus.OPEN.canMoveTo(CaseStatus.NEW)).as("new is only the first state").isFalse();
        assertThat(CaseStatus.OPEN.canMoveTo(CaseStatus.OPEN)).as("the same status is no transition").isFalse();
        for (CaseStatus to : CaseStatus.values()) {
            assertThat(CaseStatus.CLOSED.canMoveTo(to)).as("closed -> %s", to).isFalse();
        }
        assertThat(CaseStatus.RESOLVED.isDone()).isTrue();
        assertThat(CaseStatus.CLOSED.isDone()).isTrue();
        assertThat(CaseStatus.ON_HOLD.isDone()).isFalse();
    }
}
