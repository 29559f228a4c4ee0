package io.outpost.ingest.domain;

import java.util.Optional;

/**
 * Text limits checked before anything is sent: a text over a platform's limit fails the delivery
 * with a clear reason; it is never cut.
 */
public final class OutboundText {

    /** X: a post (and a reply) holds 280 characters. */
    public static final int X_POST_LIMIT = 280;
    /** X: a direct message holds 10,000 characters. */
    public static final int X_DM_LIMIT = 10_000;
    /** Messenger / Instagram messaging: a text message holds 2,000 characters. */
    public static final int MESSENGER_LIMIT = 2_000;
    /** Facebook comments hold 8,000 characters. */
    public static final int FACEBOOK_COMMENT_LIMIT = 8_000;
    /** Facebook page posts hold 63,206 characters. */
    public static final int FACEBOOK_POST_LIMIT = 63_206;

    private OutboundText() {
    }

    /**
     * Counted in Unicode code points (an emoji outside the BMP is one character, not two UTF-16
     * units). X itself weighs some characters double (CJK) and counts every URL as 23: a text
     * accepted here may still be refused by X, and then fails with X's own message.
     */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Empty when the text fits; else the reason, e.g. "text is 301 characters, X allows 280". */
    public static Optional<String> overLimit(String text, int limit, String platform) {
        if (text == null || text.isBlank()) {
            return Optional.of("text is empty");
        }
        int length = length(text);
        return length > limit
                ? Optional.of("text is " + length + " characters, " + platform + " allows " + limit)
                : Optional.empty();
    }
}
