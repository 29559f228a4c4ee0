package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameMaskTest {

    @Test
    void keepsTheFirstLetterOfEveryWordAndHidesTheLength() {
        assertThat(NameMask.mask("Dana", "Krause")).isEqualTo("D*** K***");
        assertThat(NameMask.mask("Jo", "van der Berg")).isEqualTo("J*** v*** d*** B***");
        assertThat(NameMask.mask("  Anna-Lena ", null)).isEqualTo("A***");
    }

    @Test
    void aFirstLetterOutsideTheBasicPlaneStaysWhole() {
        assertThat(NameMask.mask("\uD835\uDC9Cda", "Łukasz")).isEqualTo("\uD835\uDC9C*** Ł***");
    }

    @Test
    void nothingKnownIsNull() {
        assertThat(NameMask.mask(null, null)).isNull();
        assertThat(NameMask.mask(" ", "")).isNull();
    }
}
