package io.outpost.console.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The inbox's filters, checked before they reach case-service so that a bad value gets a clear
 * message on the page (case-service would answer 400 too, but the words here are the agent's).
 */
public record InboxFilter(String channel, String status, String priority, String intent, String language,
        List<String> errors) {

    public static final List<String> CHANNELS = List.of("x", "facebook", "instagram", "messenger", "forum", "email", "chat");
    public static final List<String> STATUSES = List.of("new", "open", "pending", "on-hold", "resolved", "closed");
    static final Set<String> PRIORITIES = Set.of("1", "2", "3", "4");
    static final int MAX_TEXT = 50;

    public static InboxFilter parse(String channel, String status, String priority, String intent, String language) {
        List<String> errors = new ArrayList<>();
        String c = blankToNull(channel);
        if (c != null && !CHANNELS.contains(c.toLowerCase(Locale.ROOT))) {
            errors.add("Channel \"" + c + "\" is not one of " + String.join(", ", CHANNELS) + ".");
            c = null;
        }
        String s = blankToNull(status);
        if (s != null && !STATUSES.contains(s.toLowerCase(Locale.ROOT))) {
            errors.add("Status \"" + s + "\" is not one of " + String.join(", ", STATUSES) + ".");
            s = null;
        }
        String p = blankToNull(priority);
        if (p != null && !PRIORITIES.contains(p)) {
            errors.add("Priority must be 1 (urgent) to 4 (low).");
            p = null;
        }
        String i = blankToNull(intent);
        if (i != null && i.length() > MAX_TEXT) {
            errors.add("Intent is at most " + MAX_TEXT + " characters.");
            i = null;
        }
        String l = blankToNull(language);
        if (l != null && !l.matches("[a-zA-Z]{2}")) {
            errors.add("Language is a two-letter code such as en or de.");
            l = null;
        }
        return new InboxFilter(lower(c), lower(s), p, i, lower(l), List.copyOf(errors));
    }

    public boolean any() {
        return channel != null || status != null || priority != null || intent != null || language != null;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String lower(String v) {
        return v == null ? null : v.toLowerCase(Locale.ROOT);
    }
}
