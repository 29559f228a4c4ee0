package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import org.junit.jupiter.api.Test;

class OwnAccountsTest {

    @Test
    void aPageRegisteredOnFacebookAlsoWritesOnMessenger() {
        assertThat(OwnAccounts.accountChannelsFor(Channel.MESSENGER)).containsExactlyInAnyOrder(Channel.MESSENGER, Channel.FACEBOOK);
        assertThat(OwnAccounts.accountChannelsFor(Channel.FACEBOOK)).containsExactly(Channel.FACEBOOK);
        assertThat(OwnAccounts.accountChannelsFor(Channel.X)).containsExactly(Channel.X);
    }
}
