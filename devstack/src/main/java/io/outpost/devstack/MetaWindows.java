package io.outpost.devstack;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When Meta lets a page (or its linked Instagram account) message a person, as the sandbox's Send API checks it. The
 * sandbox learns what customers wrote through its customer side ({@link MetaCustomers}), the only way it can know:
 *
 * <ul>
 *   <li><b>The standard messaging window</b> — Messenger Platform, "Messaging window" / Policy overview
 *       (https://developers.facebook.com/docs/messenger-platform/policy/policy-overview#24hours; Instagram: the
 *       Instagram Messaging API's "24-hour messaging window"): a business may answer a person
 *       ({@code messaging_type} {@code RESPONSE} or {@code UPDATE}) within 24 hours of that person's last message to
 *       it. Later: {@code (#10) This message is sent outside of allowed window.}, code 10, subcode 2018278 (Messenger
 *       Platform, "Error codes").</li>
 *   <li><b>The Human Agent tag</b> — Messenger Platform, "Message tags"
 *       (https://developers.facebook.com/docs/messenger-platform/send-messages/message-tags#human_agent) and the
 *       "Human Agent" feature (https://developers.facebook.com/docs/features-reference/human-agent): with
 *       {@code messaging_type: MESSAGE_TAG, tag: HUMAN_AGENT} a human agent may answer up to 7 days after the
 *       person's last message — only for an app granted the Human Agent permission on App Review (here a flag per
 *       page, {@link #grantHumanAgent}). Past 7 days, or without the permission: the same code 10 / 2018278 (Meta
 *       documents no separate code for an ungranted tag; that is what developers report).</li>
 *   <li><b>A person who never messaged the page</b> has no page-scoped id the page may message: {@code (#100) No
 *       matching user found}, code 100, subcode 2018001 (Messenger Platform, "Error codes").</li>
 *   <li><b>Private Replies</b> — Messenger Platform, "Private Replies"
 *       (https://developers.facebook.com/docs/messenger-platform/discovery/private-replies, <i>Limitations</i>) and
 *       Instagram's "Private Replies": one message per comment (the sandbox's {@code (#10900) Activity already
 *       replied to}), within 7 days of the comment's creation. Past 7 days the sandbox answers 10 / 2018278 (Meta
 *       publishes no code for it); a comment id Meta does not know is Graph API's {@code (#100) Unsupported post
 *       request}, code 100, subcode 33. A Private Reply opens no window: "only when a person responds to the
 *       private message can you continue the conversation".</li>
 * </ul>
 * Comments open no messaging window either. Page- and Instagram-scoped ids belong to one page or account, so a
 * recipient id names the account it was scoped for.
 */
final class MetaWindows {

    static final Duration STANDARD_WINDOW = Duration.ofHours(24);
    static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);
    static final Duration PRIVATE_REPLY_WINDOW = Duration.ofDays(7);

    /** A Graph API error the Send API answers with (HTTP 400). */
    record Refusal(int code, int subcode, String message) {
    }

    static final Refusal OUTSIDE_WINDOW = new Refusal(10, 2018278,
            "(#10) This message is sent outside of allowed window. Learn more about the new policy here:"
                    + " https://developers.facebook.com/docs/messenger-platform/policy-overview");
    static final Refusal NO_MATCHING_USER = new Refusal(100, 2018001, "(#100) No matching user found");

    private record LastMessage(String account, Instant at) {
    }

    private record Comment(String account, Instant at) {
    }

    /** A person's last message, by their page- or Instagram-scoped id. */
    private final Map<String, LastMessage> lastMessages = new ConcurrentHashMap<>();
    private final Map<String, Comment> comments = new ConcurrentHashMap<>();
    private final Set<String> humanAgentAccounts = ConcurrentHashMap.newKeySet();

    void messaged(String account, String userId, Instant at) {
        lastMessages.merge(userId, new LastMessage(account, at), (old, now) -> now.at().isAfter(old.at()) ? now : old);
    }

    void commented(String account, String commentId, Instant at) {
        comments.put(commentId, new Comment(account, at));
    }

    void grantHumanAgent(String account) {
        humanAgentAccounts.add(account);
    }

    /**
     * A Send API message to {@code recipient} ({@code recipient.id}) at {@code now}; empty: allowed.
     *
     * @param messagingType {@code RESPONSE}, {@code UPDATE} or {@code MESSAGE_TAG} (checked by the caller)
     * @param tag           the tag of a {@code MESSAGE_TAG} message
     */
    Optional<Refusal> message(String recipient, String messagingType, String tag, Instant now) {
        LastMessage last = lastMessages.get(recipient);
        if (last == null) {
            return Optional.of(NO_MATCHING_USER);
        }
        if (!now.isAfter(last.at().plus(STANDARD_WINDOW))) {
            return Optional.empty();
        }
        boolean humanAgent = "MESSAGE_TAG".equals(messagingType) && "HUMAN_AGENT".equals(tag)
                && humanAgentAccounts.contains(last.account());
        if (humanAgent && !now.isAfter(last.at().plus(HUMAN_AGENT_WINDOW))) {
            return Optional.empty();
        }
        return Optional.of(OUTSIDE_WINDOW);
    }

    /** A Private Reply ({@code recipient.comment_id}) at {@code now}; empty: allowed (once per comment is the caller's). */
    Optional<Refusal> privateReply(String commentId, Instant now) {
        Comment comment = comments.get(commentId);
        if (comment == null) {
            return Optional.of(new Refusal(100, 33, "(#100) Unsupported post request. Object with ID '" + commentId
                    + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation."));
        }
        if (now.isAfter(comment.at().plus(PRIVATE_REPLY_WINDOW))) {
            return Optional.of(OUTSIDE_WINDOW);
        }
        return Optional.empty();
    }
}
