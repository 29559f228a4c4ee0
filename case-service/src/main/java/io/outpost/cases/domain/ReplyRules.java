package io.outpost.cases.domain;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks a reply must pass before it is sent, plain Java so they are tested without Quarkus.
 *
 * <ul>
 *   <li>Link only: after trimming, the text is nothing but URLs (http://, https:// or www.),
 *       possibly wrapped in {@code <>} or followed by punctuation: "answer first, then link".</li>
 *   <li>Length: a public reply on X may have at most {@value #X_PUBLIC_LIMIT} code points, the
 *       signature and the space before it included. (X counts every URL as 23 characters; this
 *       check counts them as written, which is stricter.)</li>
 *   <li>Private path ({@link #hasPrivatePath(Channel)}): x (DM) yes, facebook (through Messenger)
 *       yes, instagram (DM) yes, messenger yes, email yes (already private), chat yes, forum no.</li>
 * </ul>
 */
public final class ReplyRules {

    public static final int X_PUBLIC_LIMIT = 280;
    public static final int SIGNATURE_MAX = 10;

    private static final Pattern URL = Pattern.compile(
            "<?(?i:https?://|www\\.)[^\\s<>]+>?[.,;:!?)]*");

    private ReplyRules() {
    }

    /** Whether the text, trimmed, is one or more URLs and nothing else. Blank text is not. */
    public static boolean isOnlyLinks(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        for (String token : text.strip().split("\\s+")) {
            if (!URL.matcher(token).matches()) {
                return false;
            }
        }
        return true;
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
        if (isOnlyLinks(text)) {
            return Optional.of("the reply is only a link: answer first, then link");
        }
        if (visibility == Visibility.PRIVATE && !hasPrivatePath(channel)) {
            return Optional.of("channel " + channel.wireName() + " has no private path: reply publicly");
        }
        if (visibility == Visibility.PUBLIC && channel == Channel.X && length(sent) > X_PUBLIC_LIMIT) {
            return Optional.of("a public reply on x may have at most " + X_PUBLIC_LIMIT
                    + " characters including the signature; this one has " + length(sent));
        }
        return Optional.empty();
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
