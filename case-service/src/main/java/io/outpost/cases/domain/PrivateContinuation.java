package io.outpost.cases.domain;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import java.util.Optional;

/**
 * Public and private in one case (issue 17, item 3). A customer who wrote to us in public and then
 * answers in a direct message — the handover every care team asks for ("please DM us your order
 * number") — is still in the same conversation, but the platform gives the DM thread a key of its
 * own. So a customer's private message that neither answers a post in a case nor belongs to a thread
 * with a case continues the customer's newest public case with the same account of ours, while that
 * case is open or was resolved within the continuation window ({@code outpost.cases.private-continuation-window}).
 *
 * <p>Which public channel a private one continues (the same platform, the same account of ours):
 * <ul>
 *   <li>X: a DM ({@code x}, private) continues a tweet conversation ({@code x}, public) — X's DMs
 *       and tweets belong to the same user id and the same account of ours.</li>
 *   <li>Instagram: a DM ({@code instagram}, private) continues comments ({@code instagram}, public):
 *       Meta documents the comment's {@code from.id} and the message's {@code sender.id} as the same
 *       Instagram-scoped id (IGSID).</li>
 *   <li>Messenger does <em>not</em> continue Facebook by author id: a commenter's id on the page feed
 *       and their Messenger page-scoped id (PSID) are different ids. The link would be the PSID that
 *       Meta's Send API answers a Private Reply with ({@code recipient_id}); until delivery reports
 *       carry it, a Messenger thread is a case of its own.</li>
 *   <li>Forum, email and chat have no such pairing: their threads are their conversations.</li>
 * </ul>
 * The account must be the same: a DM to @BrandUK is not the continuation of a tweet to @BrandUS.
 * A message whose account is unknown (an event from before {@code accountId}) continues only a case
 * whose account is unknown too.
 */
public final class PrivateContinuation {

    private PrivateContinuation() {
    }

    /** Where to look for the public case a post may continue: the public channel and the account. */
    public record LookFor(Channel publicChannel, String accountId) {
    }

    /**
     * The public case to look for, or empty when the post cannot continue one: it is not private, it is
     * ours, or its channel has no public side.
     */
    public static Optional<LookFor> lookFor(Channel channel, Visibility visibility, boolean fromOwnAccount,
            String accountId) {
        if (visibility != Visibility.PRIVATE || fromOwnAccount || channel == null) {
            return Optional.empty();
        }
        return publicChannelOf(channel).map(pub -> new LookFor(pub, accountId));
    }

    /** The public channel a private message on {@code channel} continues (see the class comment). */
    public static Optional<Channel> publicChannelOf(Channel channel) {
        return switch (channel) {
            case X -> Optional.of(Channel.X);
            case INSTAGRAM -> Optional.of(Channel.INSTAGRAM);
            default -> Optional.empty();
        };
    }
}
