package io.outpost.routing.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An agent's new presence, read as text so that a wrong value gets a problem naming the field. */
public record PresenceChange(
        @Schema(description = "available, busy, away or offline", example = "available",
                enumeration = { "available", "busy", "away", "offline" })
        @NotNull @Size(max = 32) String presence) {
}
