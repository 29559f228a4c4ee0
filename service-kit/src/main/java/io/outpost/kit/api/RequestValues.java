package io.outpost.kit.api;

import io.outpost.contracts.Channel;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Parses the text values of path and query parameters, so that a bad one is a 400 naming the
 * parameter (JAX-RS conversion would answer 404 for a bad path id and give no detail).
 */
public final class RequestValues {

    private static final String CHANNELS = Arrays.stream(Channel.values()).map(Channel::wireName)
            .collect(Collectors.joining(", "));

    private RequestValues() {
    }

    /** A required id: 400 when missing or not a canonical UUID. */
    public static UUID uuid(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(name + " is required");
        }
        try {
            UUID id = UUID.fromString(value.strip());
            // UUID.fromString accepts short forms like "1-2-3-4-5"; only the canonical form is an id.
            if (id.toString().equalsIgnoreCase(value.strip())) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiException.badRequest(name + " '" + clip(value) + "' is not a UUID");
    }

    /** An optional id: null when absent or blank, else as {@link #uuid}. */
    public static UUID optionalUuid(String name, String value) {
        return value == null || value.isBlank() ? null : uuid(name, value);
    }

    /** An optional channel filter: null when absent or blank, 400 when not a channel. */
    public static Channel optionalChannel(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Channel.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + " '" + clip(value) + "' is not one of " + CHANNELS);
        }
    }

    /** Echoes at most 60 characters of a rejected value back to the caller. */
    public static String clip(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
