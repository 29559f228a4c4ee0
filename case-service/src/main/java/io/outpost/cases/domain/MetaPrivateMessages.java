package io.outpost.cases.domain;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * How a private reply reaches a customer on Meta's channels (issue 17: "Facebook and Instagram private
 * replies to a commenter fail"). Meta does not let a page message a person because they commented:
 *
 * <ul>
 *   <li><b>Private Replies</b> (Messenger Platform, "Private Replies"): a page may send <em>one</em>
 *       message to the author of a post or comment on the page ({@code recipient: {comment_id}}),
 *       <em>within 7 days</em> of the comment's creation; the same for Instagram comments. Only when the
 *       person answers can the conversation go on, within the 24-hour window.</li>
 *   <li><b>The standard messaging window</b> (Messenger Platform, "Messaging window"): a page may
 *       message a person (their page- or Instagram-scoped id) within 24 hours of that person's last
 *       message to it ({@code messaging_type: RESPONSE}). Outside it, Meta refuses the message (the
 *       {@code HUMAN_AGENT} tag, 7 days, needs a permission Meta grants on review; Outpost does not
 *       use it).</li>
 * </ul>
 *
 * So a private reply on a Meta case is: a message to the customer while their last private message
 * is less than 24 hours old; else, on Facebook and Instagram, the Private Reply to their latest comment
 * that has had none and is at most 7 days old; else refused, with the reason, before anything is sent.
 * Other channels message the customer directly (X's DMs have no such window).
 */
public final class MetaPrivateMessages {

    /** Private Replies: within 7 days of the comment's creation. */
    public static final Duration PRIVATE_REPLY_WINDOW = Duration.ofDays(7);
    /** The standard messaging window: 24 hours after the person's last message. */
    public static final Duration MESSAGING_WINDOW = Duration.ofHours(24);
    /** The human agent tag's window: 7 days after the person's last message (with Meta's permission). */
    public static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);

    private static final Comparator<CasePost> NEWEST_FIRST = Comparator.comparing((CasePost p) -> p.createdAt).reversed();

    private MetaPrivateMessages() {
    }

    /** Where a private reply goes. */
    public sealed interface Route permits ToCustomer, PrivateReply, Refused {
    }

    /** A message to the customer's platform id (X DM; Meta within the messaging window). */
    public record ToCustomer() implements Route {
    }

    /** Meta's Private Reply to this comment of the customer ({@code recipient: {comment_id}}). */
    public record PrivateReply(String commentExternalId) implements Route {
    }

    /** No way the platform would accept; {@code reason} says why, for the agent. */
    public record Refused(String reason) implements Route {
    }

    /**
     * @param posts                  the case's posts
     * @param commentsRepliedPrivately the comments that already have a Private Reply of ours (a requested or
     *                               delivered one; a failed one does not count)
     * @param now                    when the reply would be sent
     */
    public static Route route(Channel channel, Collection<CasePost> posts, Set<String> commentsRepliedPrivately,
            Instant now) {
        if (channel != Channel.FACEBOOK && channel != Channel.INSTAGRAM && channel != Channel.MESSENGER) {
            return new ToCustomer();
        }
        Optional<CasePost> lastMessage = posts.stream().filter(CasePost::countsAsCustomerMessage)
                .filter(p -> Visibility.PRIVATE.wireName().equals(p.visibility)).min(NEWEST_FIRST);
        if (lastMessage.isPresent() && !now.isAfter(lastMessage.get().createdAt.plus(MESSAGING_WINDOW))) {
            return new ToCustomer();
        }
        boolean humanAgentWindow = lastMessage.isPresent()
                && !now.isAfter(lastMessage.get().createdAt.plus(HUMAN_AGENT_WINDOW));
        if (channel == Channel.MESSENGER) {
            return humanAgentWindow ? new ToCustomer()
                    : new Refused("Messenger takes a page's message only within 24 hours of the customer's last message,"
                            + " or 7 days with Meta's human agent permission"
                            + lastMessage.map(p -> " (theirs was at " + p.createdAt + ")").orElse("")
                            + ": wait until they write again");
        }
        var comments = posts.stream().filter(CasePost::countsAsCustomerMessage)
                .filter(p -> Visibility.PUBLIC.wireName().equals(p.visibility)).sorted(NEWEST_FIRST).toList();
        var open = comments.stream().filter(p -> !commentsRepliedPrivately.contains(p.externalId)).toList();
        Optional<Route> privateReply = open.stream().filter(p -> !now.isAfter(p.createdAt.plus(PRIVATE_REPLY_WINDOW)))
                .findFirst().map(p -> new PrivateReply(p.externalId));
        if (privateReply.isPresent()) {
            return privateReply.get();
        }
        if (humanAgentWindow) {
            return new ToCustomer();
        }
        if (comments.isEmpty()) {
            return new Refused("the customer has no comment to answer privately and has not messaged us in the last"
                    + " 24 hours: reply publicly");
        }
        if (open.isEmpty()) {
            return new Refused("Meta allows one private reply per comment and each of the customer's comments has had"
                    + " one: wait for their answer in private, or reply publicly");
        }
        return new Refused("Meta allows a private reply to a comment only within 7 days of it (the latest was at "
                + open.get(0).createdAt + "): reply publicly");
    }
}
