package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandlesTest {

    @Test
    void normalizeDropsBlanksAndTheAtSign() {
        assertThat(Handles.normalize(" @dana ")).isEqualTo("dana");
        assertThat(Handles.normalize("@ dana")).isEqualTo("dana");
        assertThat(Handles.normalize("@")).isNull();
        assertThat(Handles.normalize("   ")).isNull();
        assertThat(Handles.normalize(null)).isNull();
    }

    @Test
    void handlesCompareWithoutCase() {
        assertThat(Handles.same("Dana", "dana")).isTrue();
        assertThat(Handles.same("dana", "dana_k")).isFalse();
        assertThat(Handles.same(null, "dana")).isFalse();
    }
}
