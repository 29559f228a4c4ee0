package io.outpost.crmlink.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person reveals about themselves in a private message: email addresses, phone numbers and
 * account numbers found in its text. A private message to a brand is where people write "my
 * account number is 12345678" or "call me on 0412 345 678"; those values are what a customer
 * record can be matched on (issue 7, "captured as evidence on the identity").
 *
 * <p>Deliberately conservative, because a wrong value would become evidence: an email is a
 * complete address; an account number needs a keyword before it ("account", "acct", "a/c",
 * "customer", "contract", "member", "policy", "reference", optionally "number", "no", "#", ":")
 * and at least one digit and four characters; a phone is 8 to 15 digits written as one number
 * (blanks, dashes, dots and brackets between digits allowed, a leading "+"), not a date, and not a
 * number already taken as an account number. Values are kept as written (trimmed); {@link
 * Normalize} decides when two are the same.
 */
public final class RevealedAttributes {

    /** The kinds of attribute a message can reveal, named as in {@link PersonAttributes}' JSON. */
    public enum Kind {
        EMAIL("email"), PHONE("phone"), ACCOUNT_NUMBER("accountNumber");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Kind fromWireName(String name) {
            for (Kind k : values()) {
                if (k.wireName.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown revealed attribute " + name);
        }

        /** The normalized form two values of this kind are compared in; null when unusable. */
        public String normalize(String value) {
            return switch (this) {
                case EMAIL -> Normalize.email(value);
                case PHONE -> Normalize.phone(value);
                case ACCOUNT_NUMBER -> Normalize.code(value);
            };
        }
    }

    /** One value found: its kind and the text as written. */
    public record Revealed(Kind kind, String value) {
    }

    /** Longer messages are not scanned further: a pasted document is not a person revealing an attribute. */
    static final int MAX_TEXT = 10_000;

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}(?![\\w-])");
    private static final Pattern ACCOUNT = Pattern.compile(
            "\\b(?:account|acct|a/c|customer|contract|member|membership|policy|reference|ref)"
                    + "(?:\\s+(?:number|num|no\\.?|id))?\\s*(?:is\\s+)?[#:]?\\s*(?<value>[A-Za-z0-9][A-Za-z0-9-]{2,29})",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\(?\\d[\\d\\s().-]{6,22}\\d(?!\\w)");
    private static final Pattern DATE = Pattern.compile("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}");
    private static final int PHONE_MIN_DIGITS = 8;
    private static final int PHONE_MAX_DIGITS = 15;

    private RevealedAttributes() {
    }

    /** The values found in the text, each (kind, normalized value) once, in order of appearance. */
    public static List<Revealed> in(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String t = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        Map<String, Revealed> out = new LinkedHashMap<>();
        StringBuilder rest = new StringBuilder(t);
        Matcher email = EMAIL.matcher(t);
        while (email.find()) {
            add(out, Kind.EMAIL, email.group());
            blank(rest, email.start(), email.end());
        }
        Matcher account = ACCOUNT.matcher(rest);
        List<int[]> accounts = new ArrayList<>();
        while (account.find()) {
            String value = account.group("value");
            if (value.chars().anyMatch(Character::isDigit) && value.replace("-", "").length() >= 4) {
                add(out, Kind.ACCOUNT_NUMBER, value);
                accounts.add(new int[] {account.start("value"), account.end("value")});
            }
        }
        accounts.forEach(span -> blank(rest, span[0], span[1]));
        Matcher phone = PHONE.matcher(rest);
        while (phone.find()) {
            String value = phone.group().strip();
            long digits = value.chars().filter(Character::isDigit).count();
            if (digits >= PHONE_MIN_DIGITS && digits <= PHONE_MAX_DIGITS && !DATE.matcher(value).find()) {
                add(out, Kind.PHONE, value);
            }
        }
        return List.copyOf(out.values());
    }

    private static void add(Map<String, Revealed> out, Kind kind, String value) {
        String normalized = kind.normalize(value);
        if (normalized != null) {
            out.putIfAbsent(kind.wireName() + ":" + normalized.toLowerCase(Locale.ROOT), new Revealed(kind, value.strip()));
        }
    }

    private static void blank(StringBuilder s, int from, int to) {
        for (int i = from; i < to; i++) {
            s.setCharAt(i, ' ');
        }
    }
}
