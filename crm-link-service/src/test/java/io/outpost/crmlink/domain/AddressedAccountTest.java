package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AddressedAccountTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void theFirstPostThatNamesAnAccountSetsIt() {
        assertThat(AddressedAccount.after(null, "85741735", T)).isEqualTo(new AddressedAccount("85741735", T));
        assertThat(AddressedAccount.after(null, " 85741735 ", T).accountId()).as("trimmed").isEqualTo("85741735");
    }

    @Test
    void aNewerPostReplacesItAndAnOlderOneArrivingLateDoesNot() {
        AddressedAccount known = new AddressedAccount("uk", T);
        assertThat(AddressedAccount.after(known, "help", T.plusSeconds(60))).isEqualTo(new AddressedAccount("help", T.plusSeconds(60)));
        assertThat(AddressedAccount.after(known, "de", T.minusSeconds(60))).isSameAs(known);
        assertThat(AddressedAccount.after(known, "help", T)).as("at the same instant: the later arrival")
                .isEqualTo(new AddressedAccount("help", T));
    }

    @Test
    void aPostThatNamesNoAccountLeavesItAsItIs() {
        AddressedAccount known = new AddressedAccount("uk", T);
        assertThat(AddressedAccount.after(known, null, T.plusSeconds(60))).isSameAs(known);
        assertThat(AddressedAccount.after(known, "  ", T.plusSeconds(60))).isSameAs(known);
        assertThat(AddressedAccount.after(null, null, T)).isNull();
    }

    @Test
    void anAccountNeedsAnIdAndATime() {
        assertThatThrownBy(() -> new AddressedAccount(" ", T)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddressedAccount("uk", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theIdentityKeepsTheLatest() {
        SocialIdentity identity = new SocialIdentity();
        identity.observeAccount(null, T);
        assertThat(identity.lastAccountId).isNull();
        assertThat(identity.lastAccountSeenAt).isNull();
        identity.observeAccount("uk", T);
        identity.observeAccount("de", T.minusSeconds(3600));
        identity.observeAccount(null, T.plusSeconds(3600));
        assertThat(identity.addressedAccount()).isEqualTo(new AddressedAccount("uk", T));
        identity.observeAccount("help", T.plusSeconds(60));
        assertThat(identity.lastAccountId).isEqualTo("help");
        assertThat(identity.lastAccountSeenAt).isEqualTo(T.plusSeconds(60));
    }
}
