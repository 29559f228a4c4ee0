package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.domain.CaseAccount.Change;
import io.outpost.cases.domain.CaseAccount.Outcome;
import org.junit.jupiter.api.Test;

class CaseAccountTest {

    @Test
    void aCaseKeepsTheAccountOfItsOpeningPostAndNoneWhenItNamedNone() {
        assertThat(CaseAccount.opening("85741735")).isEqualTo("85741735");
        assertThat(CaseAccount.opening(" 85741735 ")).as("trimmed").isEqualTo("85741735");
        assertThat(CaseAccount.opening(null)).as("imports, the generic API: the default account").isNull();
        assertThat(CaseAccount.opening("  ")).isNull();
    }

    @Test
    void aCaseWithoutAnAccountTakesTheFirstCustomerPostThatNamesOne() {
        assertThat(CaseAccount.joining(null, "B", true)).isEqualTo(new Outcome("B", Change.TAKEN));
        assertThat(CaseAccount.joining(null, null, true)).isEqualTo(new Outcome(null, Change.NONE));
        assertThat(CaseAccount.joining(null, " ", true)).isEqualTo(new Outcome(null, Change.NONE));
    }

    @Test
    void aPostToAnotherAccountNeverMovesTheCasesAccount() {
        assertThat(CaseAccount.joining("B", "C", true)).isEqualTo(new Outcome("B", Change.KEPT_OVER_ANOTHER));
        assertThat(CaseAccount.joining("B", "B", true)).isEqualTo(new Outcome("B", Change.NONE));
        assertThat(CaseAccount.joining("B", null, true)).as("a post naming none says nothing")
                .isEqualTo(new Outcome("B", Change.NONE));
    }

    @Test
    void onlyCustomerPostsThatCountNameTheAccount() {
        // Our own posts (an echo of a reply sent from the default account, a post typed on the
        // platform) and hidden noise never choose the account the customer is answered from.
        assertThat(CaseAccount.joining(null, "default-account", false)).isEqualTo(new Outcome(null, Change.NONE));
        assertThat(CaseAccount.joining("B", "C", false)).isEqualTo(new Outcome("B", Change.NONE));
    }

    @Test
    void aMergeKeepsTheSurvivingCasesAccountElseTakesTheMergedOnes() {
        assertThat(CaseAccount.merged("B", "C")).isEqualTo("B");
        assertThat(CaseAccount.merged(null, "C")).isEqualTo("C");
        assertThat(CaseAccount.merged(" ", "C")).isEqualTo("C");
        assertThat(CaseAccount.merged(null, null)).isNull();
    }
}
