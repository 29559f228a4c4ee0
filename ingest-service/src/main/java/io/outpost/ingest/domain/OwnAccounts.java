package io.outpost.ingest.domain;

import io.outpost.contracts.Channel;
import java.util.List;

/** Which registered accounts can have written a post on a channel. */
public final class OwnAccounts {

    private OwnAccounts() {
    }

    /**
     * The channels whose registered accounts count as "us" for a post on {@code postChannel}. A
     * Facebook page is also the sender of its Messenger replies (same page id), so a page registered
     * once as {@code facebook} is recognised on Messenger too.
     */
    public static List<Channel> accountChannelsFor(Channel postChannel) {
        return postChannel == Channel.MESSENGER ? List.of(Channel.MESSENGER, Channel.FACEBOOK) : List.of(postChannel);
    }
}
