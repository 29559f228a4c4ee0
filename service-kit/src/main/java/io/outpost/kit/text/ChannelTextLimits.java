package io.outpost.kit.text;

import com.twitter.twittertext.TwitterTextParser;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.OutboundRequested.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How long a text is as the platform it is sent to counts it, and the most that platform takes: the
 * one rule case-service checks before a reply is accepted and ingest-service checks before it calls
 * the platform, so a text case-service accepts is never refused by ingest for its length, and both
 * refuse in the same words. A text over a limit is refused, never cut.
 *
 * <p>The limits, and where each comes from:
 * <ul>
 *   <li>X post or reply: 280 characters as X counts them — most Latin, punctuation and common symbols
 *       1, emoji and CJK 2, every URL 23 whatever its length, after NFC normalisation. X publishes
 *       the twitter-text library to count exactly this
 *       (https://docs.x.com/fundamentals/counting-characters); its v3 default configuration is used
 *       here.</li>
 *   <li>X direct message: 10,000 characters ("Text messages support up to 10,000 characters",
 *       https://developer.x.com/en/docs/x-api/direct-messages/manage/api-reference/post-dm_conversations-with-participant_id-messages),
 *       counted in code points.</li>
 *   <li>Instagram message (a DM, or a private reply to a comment, both through the Send API): 1,000
 *       bytes of UTF-8 ("Message text must be UTF-8 and be a 1000 bytes or less",
 *       https://developers.facebook.com/docs/messenger-platform/instagram/features/send-message).
 *       An emoji takes 4 bytes there, an accented letter 2.</li>
 *   <li>Messenger message (also a Facebook private reply): 2,000 characters, the Send API reference's
 *       limit on {@code message.text}
 *       (https://developers.facebook.com/docs/messenger-platform/reference/send-api/). Not confirmed
 *       from the stored copy of that page; ingest's existing figure, counted in code points.</li>
 *   <li>Facebook comment 8,000 and Facebook page post 63,206 characters; Instagram comment reply
 *       2,000 characters: ingest's existing figures, which no platform page found here confirms.
 *       Counted in code points.</li>
 *   <li>Forum: no platform-wide limit exists (each forum sets its own, and its integration refuses a
 *       text it cannot take with a 4xx and its reason); 65,536 code points is the contract's own bound
 *       on a post's text, so nothing larger than Outpost would accept coming in is sent out.</li>
 * </ul>
 * Email and chat have no outbound client, so no limit; a Messenger public reply, a Messenger or
 * Instagram public post, and a private message on a forum do not exist (the senders refuse them for
 * that reason), so they have no limit either.
 */
public final class ChannelTextLimits {

    public static final Limit X_POST = new Limit("X", 280, Unit.X_WEIGHTED);
    public static final Limit X_DIRECT_MESSAGE = new Limit("X", 10_000, Unit.CODE_POINTS);
    public static final Limit INSTAGRAM_MESSAGE = new Limit("Instagram", 1_000, Unit.UTF8_BYTES);
    public static final Limit INSTAGRAM_COMMENT = new Limit("Instagram", 2_000, Unit.CODE_POINTS);
    public static final Limit MESSENGER_MESSAGE = new Limit("Messenger", 2_000, Unit.CODE_POINTS);
    public static final Limit FACEBOOK_COMMENT = new Limit("Facebook", 8_000, Unit.CODE_POINTS);
    public static final Limit FACEBOOK_POST = new Limit("Facebook", 63_206, Unit.CODE_POINTS);
    public static final Limit FORUM = new Limit("a forum delivery", 65_536, Unit.CODE_POINTS);

    private ChannelTextLimits() {
    }

    /** What is being sent: the limits differ between a reply, a post of the brand's own and a message. */
    public enum Form {
        /** A public answer to a customer's post (an X reply, a Facebook or Instagram comment). */
        PUBLIC_REPLY,
        /** A post of the brand's own, to everyone (an incident's proactive or closing post). */
        PUBLIC_POST,
        /** A message to one person: a DM, a private reply, a survey invitation, a consent request. */
        PRIVATE_MESSAGE;

        public static Form of(Kind kind) {
            return switch (kind) {
                case PUBLIC_REPLY -> PUBLIC_REPLY;
                case PUBLIC_POST -> PUBLIC_POST;
                case PRIVATE_MESSAGE, SURVEY_INVITATION, CONSENT_REQUEST -> PRIVATE_MESSAGE;
            };
        }

        /** A case reply: public answers the customer's post, private is a message. */
        public static Form of(Visibility visibility) {
            return visibility == Visibility.PUBLIC ? PUBLIC_REPLY : PRIVATE_MESSAGE;
        }
    }

    /** What a platform counts. */
    public enum Unit {
        /** X's weighted count (twitter-text): links 23, emoji and CJK 2. */
        X_WEIGHTED("characters", "x-weighted-characters"),
        /** Unicode code points: an emoji outside the BMP is one character, not two UTF-16 units. */
        CODE_POINTS("characters", "characters"),
        /** Bytes of the text encoded as UTF-8. */
        UTF8_BYTES("UTF-8 bytes", "utf-8-bytes");

        private final String inWords;
        private final String wireName;

        Unit(String inWords, String wireName) {
            this.inWords = inWords;
            this.wireName = wireName;
        }

        /** The unit as the API names it ({@code x-weighted-characters}, {@code characters}, {@code utf-8-bytes}). */
        public String wireName() {
            return wireName;
        }

        public int lengthOf(String text) {
            return switch (this) {
                case X_WEIGHTED -> TwitterTextParser.parseTweet(text).weightedLength;
                case CODE_POINTS -> text.codePointCount(0, text.length());
                case UTF8_BYTES -> text.getBytes(StandardCharsets.UTF_8).length;
            };
        }
    }

    /** The most a platform takes for one form of text, and how it counts. */
    public record Limit(String platform, int max, Unit unit) {

        public int lengthOf(String text) {
            return unit.lengthOf(text);
        }

        /**
         * Empty when the text fits; else the reason, e.g. "text is 301 characters, X allows 280 (X counts a
         * link as 23 and an emoji as 2)" or "text is 1004 UTF-8 bytes, Instagram allows 1000".
         */
        public Optional<String> refusal(String text) {
            if (text == null || text.isBlank()) {
                return Optional.of("text is empty");
            }
            int length = lengthOf(text);
            if (length <= max) {
                return Optional.empty();
            }
            String reason = "text is " + length + " " + unit.inWords + ", " + platform + " allows " + max;
            // Say why the count differs from what the author sees: a short link can still be 23.
            return Optional.of(unit == Unit.X_WEIGHTED ? reason + " (X counts a link as 23 and an emoji as 2)" : reason);
        }
    }

    /** The limit of a text of that form on that channel; empty when there is none (see the class comment). */
    public static Optional<Limit> limitFor(Channel channel, Form form) {
        return Optional.ofNullable(switch (channel) {
            case X -> form == Form.PRIVATE_MESSAGE ? X_DIRECT_MESSAGE : X_POST;
            case FACEBOOK -> switch (form) {
                case PUBLIC_REPLY -> FACEBOOK_COMMENT;
                case PUBLIC_POST -> FACEBOOK_POST;
                case PRIVATE_MESSAGE -> MESSENGER_MESSAGE;
            };
            case INSTAGRAM -> switch (form) {
                case PUBLIC_REPLY -> INSTAGRAM_COMMENT;
                case PUBLIC_POST -> null;
                case PRIVATE_MESSAGE -> INSTAGRAM_MESSAGE;
            };
            case MESSENGER -> form == Form.PRIVATE_MESSAGE ? MESSENGER_MESSAGE : null;
            case FORUM -> form == Form.PRIVATE_MESSAGE ? null : FORUM;
            case EMAIL, CHAT -> null;
        });
    }

    /**
     * Why the text cannot be sent in that form on that channel because of its length (or because it
     * is empty); empty when it fits or the channel has no limit for that form.
     */
    public static Optional<String> refusal(Channel channel, Form form, String text) {
        Optional<Limit> limit = limitFor(channel, form);
        if (limit.isPresent()) {
            return limit.get().refusal(text);
        }
        return text == null || text.isBlank() ? Optional.of("text is empty") : Optional.empty();
    }
}
