package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
