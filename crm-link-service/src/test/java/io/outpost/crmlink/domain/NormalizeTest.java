package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class NormalizeTest {

    @Test
    void textIgnoresCaseAccentsPunctuationAndBlanks() {
        assertThat(Normalize.text("  O'Brien-Smith ")).isEqualTo("o brien smith");
        assertThat(Normalize.text("Zoë  MÜLLER")).isEqualTo("zoe muller");
        assertThat(Normalize.text("St. James,\tNSW")).isEqualTo("st james nsw");
        assertThat(Normalize.text(" - ")).isNull();
        assertThat(Normalize.text(null)).isNull();
    }

    @Test
    void emailsAreLowerCaseAndMustHaveOneAt() {
        assertThat(Normalize.email(" Dana.K@Example.COM ")).isEqualTo("dana.k@example.com");
        assertThat(Normalize.email("dana")).isNull();
        assertThat(Normalize.email("@example.com")).isNull();
        assertThat(Normalize.email("dana@")).isNull();
        assertThat(Normalize.email("a@b@c")).isNull();
        assertThat(Normalize.email(null)).isNull();
    }

    @Test
    void phonesAreTheirLastDigits() {
        assertThat(Normalize.phone("+44 7700 900123")).isEqualTo("700900123");
        assertThat(Normalize.phone("0044 (7700) 900-123")).isEqualTo("700900123");
        assertThat(Normalize.phone("07700 900123")).isEqualTo("700900123");
        assertThat(Normalize.phone("555 1234")).isEqualTo("5551234");
        assertThat(Normalize.phone("12-34")).isNull();
        assertThat(Normalize.phone(null)).isNull();
    }

    @Test
    void codesKeepLettersAndDigitsOnly() {
        assertThat(Normalize.code(" ac-123 456 ")).isEqualTo("AC123456");
        assertThat(Normalize.code("sw1a 1aa")).isEqualTo("SW1A1AA");
        assertThat(Normalize.code(" / ")).isNull();
    }

    @Test
    void aPersonIsNormalizedFieldByFieldAndBlanksAreUnknown() {
        PersonAttributes p = new PersonAttributes(" Dana ", "KRAUSE", Arrays.asList("Dana@X.org", null, "dana@x.org"),
                List.of("bad"), List.of(" 42-17 "), " 6a ", "Tullaroop  Street", "St. James", "4011 ", " ", null);
        NormalizedPerson n = NormalizedPerson.of(p);
        assertThat(n.givenName()).isEqualTo("dana");
        assertThat(n.familyName()).isEqualTo("krause");
        assertThat(n.emails()).containsExactly("dana@x.org");
        assertThat(n.phones()).isEmpty();
        assertThat(n.accountNumbers()).containsExactly("4217");
        assertThat(n.streetNumber()).isEqualTo("6A");
        assertThat(n.street()).isEqualTo("tullaroop street");
        assertThat(n.locality()).isEqualTo("st james");
        assertThat(n.postcode()).isEqualTo("4011");
        assertThat(n.region()).isNull();
        assertThat(n.dateOfBirth()).isNull();
        assertThat(n.isEmpty()).isFalse();
        assertThat(NormalizedPerson.of(PersonAttributes.named(" ", null)).isEmpty()).isTrue();
        assertThat(NormalizedPerson.of(PersonAttributes.named(null, null).withDateOfBirth(LocalDate.of(1990, 1, 2)))
                .isEmpty()).isFalse();
    }
}
