package io.outpost.routing.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An agent's new presence, read as text so that a wrong value gets a problem naming the field, and
 * optionally why (shown with the presence; each change replaces it, none given clears it).
 */
public record PresenceChange(
        @Schema(description = "available, busy, away or offline", example = "available",
                enumeration = { "available", "busy", "away", "offline" })
        @NotNull @Size(max = 32) String presence,
        @Schema(description = "Why, e.g. lunch or training; at most 200 characters, blank counts as none", example = "lunch")
        @Size(max = MAX_REASON) String reason) {

    public static final int MAX_REASON = 200;

    public PresenceChange(String presence) {
        this(presence, null);
    }

    /** The reason as kept: trimmed, or null when none was given. */
    String normalizedReason() {
        return reason == null || reason.isBlank() ? null : reason.strip();
    }
}
