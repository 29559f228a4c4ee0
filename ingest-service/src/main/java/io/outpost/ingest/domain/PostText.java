package io.outpost.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** The forms of a post's text that the detectors look at. */
public final class PostText {

    private static final Pattern HANDLE = Pattern.compile("(?<![\\p{L}\\p{N}_])@[\\p{L}\\p{N}_]+");
    private static final Pattern LINK = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private PostText() {
    }

    /**
     * The words a person wrote: without @handles and links, which say nothing about the language
     * (a brand's handle is English whatever the customer writes) and would only mislead detectors.
     */
    public static String withoutHandlesAndLinks(String text) {
        if (text == null) {
            return "";
        }
        // Typographic apostrophes (don’t) as typed ones (don't): rules and lexicons are written with the latter.
        String stripped = LINK.matcher(text.replace('\u2019', '\'').replace('\u2018', '\'')).replaceAll(" ");
        stripped = HANDLE.matcher(stripped).replaceAll(" ");
        return SPACES.matcher(stripped).replaceAll(" ").trim();
    }

    /**
     * The text as the repeat check compares it: handles, links, case, accents, punctuation and
     * spacing removed, so that a bot varying the handle it mentions, the link it posts or the
     * punctuation still repeats itself.
     */
    public static String normalizedForRepeats(String text) {
        String words = withoutHandlesAndLinks(text);
        String folded = Normalizer.normalize(words, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        return NOT_LETTER_OR_DIGIT.matcher(folded.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    }

    /** SHA-256 (hex) of the normalized text: what the store keeps and compares, not the text again. */
    public static String fingerprint(String normalized) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
