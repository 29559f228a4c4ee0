package io.outpost.crmlink.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How attribute values are written before they are compared or used as blocking keys. Every
 * method returns null when nothing usable is left, so that a blank or malformed value counts as
 * unknown rather than as a mismatch.
 */
public final class Normalize {

    /** Phones compare on their last digits, so "+44 7700 900123" and "07700 900123" agree. */
    static final int PHONE_SUFFIX_DIGITS = 9;
    /** Shorter numbers are extensions or typos, not phone numbers. */
    static final int PHONE_MIN_DIGITS = 7;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]");
    private static final Pattern NOT_DIGIT = Pattern.compile("\\D");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Normalize() {
    }

    /**
     * Free text (names, streets, localities, regions): accents removed, lower case, punctuation as
     * a blank, blanks collapsed. "O'Brien-Smith " becomes "o brien smith", "Zoë" becomes "zoe".
     */
    public static String text(String value) {
        if (value == null) {
            return null;
        }
        String s = MARKS.matcher(Normalizer.normalize(value, Normalizer.Form.NFD)).replaceAll("");
        s = NOT_LETTER_OR_DIGIT.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        return s.isEmpty() ? null : s;
    }

    /** An email address: trimmed and lower case; null unless it has one "@" with text either side. */
    public static String email(String value) {
        if (value == null) {
            return null;
        }
        String s = WHITESPACE.matcher(value).replaceAll("").toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        if (at <= 0 || at != s.lastIndexOf('@') || at == s.length() - 1) {
            return null;
        }
        return s;
    }

    /**
     * A phone number: its digits, an international "00" prefix dropped, reduced to the last {@value
     * #PHONE_SUFFIX_DIGITS} digits so that the same number with or without country code or trunk
     * prefix agrees; null with fewer than {@value #PHONE_MIN_DIGITS} digits.
     */
    public static String phone(String value) {
        if (value == null) {
            return null;
        }
        String digits = NOT_DIGIT.matcher(value).replaceAll("");
        if (digits.startsWith("00")) {
            digits = digits.substring(2);
        }
        if (digits.length() < PHONE_MIN_DIGITS) {
            return null;
        }
        return digits.length() > PHONE_SUFFIX_DIGITS ? digits.substring(digits.length() - PHONE_SUFFIX_DIGITS) : digits;
    }

    /** Identifiers (account numbers, postcodes, street numbers): letters and digits only, upper case. */
    public static String code(String value) {
        if (value == null) {
            return null;
        }
        String s = NOT_ALNUM.matcher(value).replaceAll("").toUpperCase(Locale.ROOT);
        return s.isEmpty() ? null : s;
    }
}
