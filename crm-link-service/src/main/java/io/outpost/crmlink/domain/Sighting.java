package io.outpost.crmlink.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What one post tells about its author: the handle and display name the platform showed, and
 * when (platform time).
 *
 * @param handle      the handle as posted, may be null (some channels have none)
 * @param displayName the display name as posted, may be null
 * @param at          the post's platform timestamp
 */
public record Sighting(String handle, String displayName, Instant at) {

    public Sighting {
        Objects.requireNonNull(at, "a sighting needs the post's time");
        handle = Handles.normalize(handle);
        displayName = displayName == null || displayName.isBlank() ? null : displayName.strip();
    }
}
