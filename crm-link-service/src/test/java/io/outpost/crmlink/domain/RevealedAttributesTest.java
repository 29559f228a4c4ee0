package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.crmlink.domain.RevealedAttributes.Kind;
import io.outpost.crmlink.domain.RevealedAttributes.Revealed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RevealedAttributesTest {

    @Test
    void findsEmailsPhonesAndAccountNumbersAsWritten() {
        assertThat(RevealedAttributes.in("Hi! My email is Dana.K@Example.org and my account number is AC-1234567, "
                + "call me on +61 412 345 678."))
                .containsExactly(new Revealed(Kind.EMAIL, "Dana.K@Example.org"),
                        new Revealed(Kind.ACCOUNT_NUMBER, "AC-1234567"),
                        new Revealed(Kind.PHONE, "+61 412 345 678"));
    }

    @Test
    void accountNumbersNeedAKeywordAndADigit() {
        assertThat(RevealedAttributes.in("acct #98765432")).containsExactly(new Revealed(Kind.ACCOUNT_NUMBER, "98765432"));
        assertThat(RevealedAttributes.in("Customer no. 55-0192")).containsExactly(new Revealed(Kind.ACCOUNT_NUMBER, "55-0192"));
        assertThat(RevealedAttributes.in("policy: PX9931")).containsExactly(new Revealed(Kind.ACCOUNT_NUMBER, "PX9931"));
        assertThat(RevealedAttributes.in("my account is locked since yesterday")).isEmpty();
        // A number without a keyword is a phone when it is one, never an account number.
        assertThat(RevealedAttributes.in("it is 12345678")).containsExactly(new Revealed(Kind.PHONE, "12345678"));
    }

    @Test
    void theSameValueWrittenTwiceIsOneValue() {
        assertThat(RevealedAttributes.in("dana@example.org, again: DANA@example.org; (02) 9876 5432 or 02-9876-5432"))
                .containsExactly(new Revealed(Kind.EMAIL, "dana@example.org"), new Revealed(Kind.PHONE, "(02) 9876 5432"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "hello, my bill is wrong", "order 1234 arrived", "born 1990-02-03 or 03/02/1990", "call 000",
        "see https://example.org/path@v2", "@dana on X", "price 12.50 x 3", "not@an-address"
    })
    void ordinaryTextRevealsNothing(String text) {
        assertThat(RevealedAttributes.in(text)).isEmpty();
    }

    @Test
    void nullAndVeryLongTextsAreSafe() {
        assertThat(RevealedAttributes.in(null)).isEmpty();
        String longText = "x".repeat(RevealedAttributes.MAX_TEXT) + " dana@example.org";
        assertThat(RevealedAttributes.in(longText)).isEmpty();
    }

    @Test
    void kindsHaveTheJsonNamesOfPersonAttributes() {
        assertThat(Kind.fromWireName("accountNumber")).isEqualTo(Kind.ACCOUNT_NUMBER);
        assertThat(Kind.PHONE.normalize("+61 412 345 678")).isEqualTo(Kind.PHONE.normalize("0412 345 678"));
    }
}
