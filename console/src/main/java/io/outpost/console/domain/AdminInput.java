package io.outpost.console.domain;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The admin pages' form input, checked before anything goes to crm-link-service: each check returns
 * the message the page shows, or null when the value is fine. The rules are crm-link's own (its
 * customer id and erasure subject pattern, 1,000 characters for a reason or note, a 256-character
 * handle prefix), so the person hears about a typo in words instead of as a 400.
 */
public final class AdminInput {

    static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    public static final int MAX_TEXT = 1000;
    static final int MAX_HANDLE = 256;

    private AdminInput() {
    }

    public static String channel(String channel) {
        return channel == null || channel.isBlank() || InboxFilter.CHANNELS.contains(channel) ? null
                : "Channel must be one of " + String.join(", ", InboxFilter.CHANNELS) + ".";
    }

    public static String handle(String handle) {
        return handle != null && handle.length() > MAX_HANDLE ? "A handle is at most " + MAX_HANDLE + " characters." : null;
    }

    public static String customerId(String id) {
        if (id == null || id.isBlank()) {
            return "Enter the CRM customer id.";
        }
        return CUSTOMER_ID.matcher(id.strip()).matches() ? null
                : "A CRM customer id is 1-100 letters, digits, '.', '_', ':' or '-'.";
    }

    public static String linkStatus(String status) {
        return "confirmed".equals(status) || "suggested".equals(status) ? null : "Choose confirmed or suggested.";
    }

    /** A reason or note: {@code required} for a removal and an erasure, optional elsewhere. */
    public static String text(String what, String value, boolean required) {
        if (value == null || value.isBlank()) {
            return required ? "Say why: the " + what + " is required (it goes to the audit log)." : null;
        }
        return value.length() > MAX_TEXT ? "The " + what + " is at most " + MAX_TEXT + " characters." : null;
    }

    /** An erasure subject: a social identity id (UUID) or a CRM customer id. */
    public static String subject(String subject) {
        if (subject == null || subject.isBlank()) {
            return "Enter the social identity id or the CRM customer id to erase.";
        }
        return CUSTOMER_ID.matcher(subject.strip()).matches() ? null
                : "The subject is a social identity id or a CRM customer id (1-100 letters, digits, '.', '_', ':' or '-').";
    }

    public static boolean uuid(String id) {
        try {
            return id != null && id.length() == 36 && UUID.fromString(id) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
