package io.outpost.cases.api;

import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.RequestValues;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The inbox's list filters, read as the cases store them (CaseStore.intentName / languageCode): a value no
 * case could have is a 400 naming the parameter, not an empty page that looks like "no such cases".
 */
final class InboxFilters {

    private static final Pattern INTENT = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    /** Platform user ids are short (X: digits, Meta: digits, forums: names); control characters never. */
    private static final int CUSTOMER_MAX = 200;

    private InboxFilters() {
    }

    static String intent(String value) {
        String v = normalized(value);
        if (v != null && !INTENT.matcher(v).matches()) {
            throw ApiException.badRequest("intent must be lower case letters, digits and hyphens (at most 64), got '"
                    + RequestValues.clip(value) + "'");
        }
        return v;
    }

    static String language(String value) {
        String v = normalized(value);
        if (v != null && !LANGUAGE.matcher(v).matches()) {
            throw ApiException.badRequest("language must be an ISO 639 code of two or three letters such as en, got '"
                    + RequestValues.clip(value) + "'");
        }
        return v;
    }

    /** The customer's platform user id as stored (case-sensitive, not lower-cased). */
    static String customer(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > CUSTOMER_MAX || v.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("customer must be a platform user id of at most " + CUSTOMER_MAX
                    + " characters without control characters");
        }
        return v;
    }

    private static String normalized(String value) {
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }
}
