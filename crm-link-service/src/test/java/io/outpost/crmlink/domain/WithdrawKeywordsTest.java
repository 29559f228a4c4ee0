package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WithdrawKeywordsTest {

    final WithdrawKeywords keywords = new WithdrawKeywords(List.of("STOP LINK", "REVOKE"));

    @Test
    void theWholeMessageInAnyCaseWithStrayBlanksOrAFinalStopIsAWithdrawal() {
        assertThat(keywords.isWithdrawal("STOP LINK")).isTrue();
        assertThat(keywords.isWithdrawal("  stop   link \n")).isTrue();
        assertThat(keywords.isWithdrawal("Revoke!")).isTrue();
        assertThat(keywords.isWithdrawal("revoke.")).isTrue();
    }

    @Test
    void aKeywordInsideASentenceOrAPartOfOneIsNot() {
        assertThat(keywords.isWithdrawal("how do I STOP LINK my account?")).isFalse();
        assertThat(keywords.isWithdrawal("STOP")).isFalse();
        assertThat(keywords.isWithdrawal("revoked")).isFalse();
        assertThat(keywords.isWithdrawal("")).isFalse();
        assertThat(keywords.isWithdrawal(null)).isFalse();
    }

    @Test
    void blankKeywordsAreIgnored() {
        assertThat(new WithdrawKeywords(List.of(" ", "stop")).isWithdrawal("")).isFalse();
    }
}
