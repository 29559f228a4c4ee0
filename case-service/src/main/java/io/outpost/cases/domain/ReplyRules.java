package io.outpost.cases.domain;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.kit.text.ChannelTextLimits;
import io.outpost.kit.text.ChannelTextLimits.Form;
import io.outpost.kit.text.ChannelTextLimits.Limit;
import io.outpost.kit.text.ChannelTextLimits.Unit;
import java.util.Locale;
import java.util.Optional;

/**
 * The checks a reply must pass before it is sent, plain Java so they are tested without Quarkus.
 *
 * <ul>
 *   <li>Answer first ({@link AnswerFirst}, Outpost's practitioners' rule): a reply with a link must
 *       answer besides its link, greeting and signature; "Hi https://…" is refused, "You can reset
 *       it under Settings: https://…" is not.</li>
 *   <li>Length: the text as sent, the signature and the space before it included, must keep its
 *       channel's limit for the reply's form — service-kit's {@link ChannelTextLimits}, the rule
 *       ingest-service checks again before it calls the platform, so a reply accepted here is not
 *       refused there for its length, and the refusal reads the same. A public reply on X: 280
 *       characters as X counts them (twitter-text: links 23, emoji and CJK 2); an X DM 10,000
 *       characters; an Instagram message 1,000 UTF-8 bytes; a Messenger message (and a Facebook
 *       private reply) 2,000 characters; a Facebook comment 8,000; an Instagram comment 2,000; a
 *       forum reply 65,536. Email and chat have no limit: {@link #measure} reports their length in
 *       code points.</li>
 *   <li>Private path ({@link #hasPrivatePath(Channel)}): x (DM) yes, facebook (through Messenger)
 *       yes, instagram (DM) yes, messenger yes, email yes (already private), chat yes, forum no.</li>
 * </ul>
 */
public final class ReplyRules {

    public static final int SIGNATURE_MAX = 10;
    /**
     * The longest reply text taken, in code points: the longest message a channel Outpost replies
     * on holds (an X DM, 10,000). It also bounds what the rules cost: they run on the event loop,
     * and twitter-text's extraction on a 1 MiB body (the request limit) takes seconds.
     */
    public static final int TEXT_MAX = 10_000;

    private ReplyRules() {
    }

    /**
     * How long a reply is as its channel counts it, in what unit ({@link Unit#wireName()}), and the
     * limit it must keep (null: none).
     */
    public record Measure(int length, Integer limit, String unit) {

        public boolean overLimit() {
            return limit != null && length > limit;
        }
    }

    /** The text as sent: the text, a space and the signature (the text alone without one). */
    public static String withSignature(String text, String signature) {
        String body = text.strip();
        return signature == null || signature.isBlank() ? body : body + " " + signature.strip();
    }

    /** Length in Unicode code points (an emoji counts once). */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** The text as sent ({@code sent}, signature included) measured as the channel counts it. */
    public static Measure measure(Channel channel, Visibility visibility, String sent) {
        Optional<Limit> limit = ChannelTextLimits.limitFor(channel, Form.of(visibility));
        if (limit.isPresent()) {
            return new Measure(limit.get().lengthOf(sent), limit.get().max(), limit.get().unit().wireName());
        }
        return new Measure(length(sent), null, Unit.CODE_POINTS.wireName());
    }

    /** Whether a private message can be sent on the channel (see the class comment). */
    public static boolean hasPrivatePath(Channel channel) {
        return switch (channel) {
            case X, FACEBOOK, INSTAGRAM, MESSENGER, EMAIL, CHAT -> true;
            case FORUM -> false;
        };
    }

    /**
     * Why the reply may not be sent, or empty when it may.
     *
     * @param text    what the author wrote (not blank: blank text is a bad request, checked earlier)
     * @param sent    the text as it will be sent, signature included
     */
    public static Optional<String> refusal(Channel channel, Visibility visibility, String text, String sent) {
        Optional<String> noAnswer = AnswerFirst.refusal(text);
        if (noAnswer.isPresent()) {
            return noAnswer;
        }
        if (visibility == Visibility.PRIVATE && !hasPrivatePath(channel)) {
            return Optional.of("channel " + channel.wireName() + " has no private path: reply publicly");
        }
        // The same rule and words as ingest-service's check before sending (service-kit).
        return ChannelTextLimits.refusal(channel, Form.of(visibility), sent);
    }

    /**
     * The signature of a user who has not set one: {@code ^} and the initials of the token's
     * {@code name} claim (first letter of its first and last word), else of the username's parts
     * (split on space, dot, dash, underscore), upper case; a single part gives one letter. Null
     * when neither yields a letter or digit.
     */
    public static String defaultSignature(String name, String username) {
        String initials = initials(name);
        if (initials.isEmpty()) {
            initials = initials(username);
        }
        return initials.isEmpty() ? null : "^" + initials;
    }

    private static String initials(String value) {
        if (value == null) {
            return "";
        }
        String[] parts = value.strip().split("[\\s._\\-]+");
        StringBuilder out = new StringBuilder();
        String first = firstAlnum(parts.length > 0 ? parts[0] : "");
        out.append(first);
        if (parts.length > 1) {
            out.append(firstAlnum(parts[parts.length - 1]));
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }

    private static String firstAlnum(String part) {
        return part.codePoints().filter(Character::isLetterOrDigit).limit(1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** Why a signature a user wants to set is refused, or empty when it is fine. */
    public static Optional<String> signatureRefusal(String signature) {
        if (signature == null || signature.isBlank()) {
            return Optional.of("signature must not be empty");
        }
        if (length(signature.strip()) > SIGNATURE_MAX) {
            return Optional.of("signature may have at most " + SIGNATURE_MAX + " characters");
        }
        if (signature.strip().codePoints().anyMatch(c -> Character.isISOControl(c))) {
            return Optional.of("signature must be one line without control characters");
        }
        return Optional.empty();
    }
}
