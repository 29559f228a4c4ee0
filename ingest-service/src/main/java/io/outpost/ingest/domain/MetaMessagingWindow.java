package io.outpost.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.contracts.events.OutboundRequested.Kind;
import java.util.Optional;

/**
 * Meta's messaging windows as ingest meets them: by Meta's answer, not by guessing — ingest does not see every
 * message a customer sends (another tool, the page's inbox, a message that never became a post), so the platform
 * is the one that knows whether a page may still write. The rules (Messenger Platform "Policy overview", 24-hour
 * standard messaging window; "Message tags", HUMAN_AGENT; "Private Replies"; the Instagram Messaging API alike):
 *
 * <ul>
 *   <li>a standard message ({@code messaging_type: RESPONSE}) only within 24 hours of the person's last message,
 *       else code 10, subcode 2018278 "This message is sent outside of allowed window";</li>
 *   <li>{@code MESSAGE_TAG} with {@code tag: HUMAN_AGENT} — a person's reply, never an automated message — up to
 *       7 days after it, for an app granted the Human Agent permission; past that the same 10 / 2018278;</li>
 *   <li>a person who never messaged the page has no recipient id the page may use: code 100, subcode 2018001 "No
 *       matching user found";</li>
 *   <li>a Private Reply ({@code recipient.comment_id}) within 7 days of the comment, once.</li>
 * </ul>
 * (Messenger Platform "Error codes": https://developers.facebook.com/docs/messenger-platform/error-codes.) Both
 * refusals are final — no retry changes the customer's last message — and fail the delivery at once with a reason
 * an agent can act on.
 */
public final class MetaMessagingWindow {

    /** What Meta refused a message for. */
    public enum Refusal {
        /** Code 10, subcode 2018278. */
        OUTSIDE_WINDOW,
        /** Code 100, subcode 2018001. */
        NO_MATCHING_USER
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private MetaMessagingWindow() {
    }

    /** The window refusal in a Graph API error body ({@code error.code} and {@code error.error_subcode}), if it is one. */
    public static Optional<Refusal> refusal(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode error = JSON.readTree(body).path("error");
            int code = error.path("code").asInt(-1);
            int subcode = error.path("error_subcode").asInt(-1);
            if (code == 10 && subcode == 2018278) {
                return Optional.of(Refusal.OUTSIDE_WINDOW);
            }
            if (code == 100 && subcode == 2018001) {
                return Optional.of(Refusal.NO_MATCHING_USER);
            }
        } catch (Exception e) {
            // not a Graph API error body
        }
        return Optional.empty();
    }

    /**
     * Whether a message Meta refused as outside the 24-hour window is sent again with the HUMAN_AGENT tag: only an
     * agent's private message (a reply of a person; survey invitations and consent requests are automated and Meta's
     * policy forbids the tag for them), not a Private Reply (its own 7 days, no tag), from an account granted the
     * permission, and only the first refusal (a tagged message refused again is past the 7 days).
     */
    public static boolean answerAsHumanAgent(Refusal refusal, Kind kind, boolean privateReply, boolean humanAgentGranted,
            boolean alreadyTagged) {
        return refusal == Refusal.OUTSIDE_WINDOW && kind == Kind.PRIVATE_MESSAGE && !privateReply && humanAgentGranted
                && !alreadyTagged;
    }

    /**
     * The delivery's failure reason: what happened, what the agent can do, then Meta's own answer.
     *
     * @param account      our account's platform id
     * @param metaAnswer   e.g. {@code Meta answered 400: (#10) This message is sent outside of allowed window. …}
     */
    public static String reason(Refusal refusal, Kind kind, boolean privateReply, boolean humanAgentGranted, boolean tagged,
            String account, String metaAnswer) {
        String why;
        if (refusal == Refusal.NO_MATCHING_USER) {
            why = "Meta knows no conversation of this person with " + account + " — they have never messaged it (or"
                    + " deleted the conversation), and a page may only answer a person who wrote to it: answer their"
                    + " comment publicly or with a Private Reply";
        } else if (privateReply) {
            why = "outside Meta's 7-day Private Reply window — the comment is more than 7 days old: reply publicly";
        } else if (tagged) {
            why = "outside Meta's 7-day Human Agent window — the customer last wrote more than 7 days ago: wait until"
                    + " they write again, or reply publicly";
        } else if (kind != Kind.PRIVATE_MESSAGE) {
            why = "outside Meta's 24-hour window — the customer last wrote more than 24 hours ago, and a "
                    + kind.wireName().replace('-', ' ') + " is automated (Meta allows the HUMAN_AGENT tag for a person's"
                    + " reply only): it can go once they write again";
        } else if (!humanAgentGranted) {
            why = "outside Meta's 24-hour window — the customer last wrote more than 24 hours ago, and " + account
                    + " is not configured with Meta's Human Agent permission (outpost.outbound.meta.human-agent-accounts)"
                    + " to answer up to 7 days: wait until they write again, or reply publicly";
        } else {
            why = "outside Meta's 24-hour window — the customer last wrote more than 24 hours ago";
        }
        return why + " (" + metaAnswer + ")";
    }
}
