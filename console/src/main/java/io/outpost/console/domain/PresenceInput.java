package io.outpost.console.domain;

import java.util.List;

/** The presence form: one of routing's states and an optional reason (routing's limit: 200 characters). */
public record PresenceInput(String presence, String reason, String error) {

    public static final List<String> STATES = List.of("available", "busy", "away", "offline");
    public static final int MAX_REASON = 200;

    public static PresenceInput parse(String presence, String reason) {
        if (presence == null || !STATES.contains(presence)) {
            return new PresenceInput(null, null, "Choose available, busy, away or offline.");
        }
        String r = reason == null || reason.isBlank() ? null : reason.strip();
        if (r != null && r.length() > MAX_REASON) {
            return new PresenceInput(null, null, "The reason is at most " + MAX_REASON + " characters.");
        }
        return new PresenceInput(presence, r, null);
    }

    public boolean valid() {
        return error == null;
    }
}
