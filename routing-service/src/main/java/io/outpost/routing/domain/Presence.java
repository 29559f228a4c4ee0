package io.outpost.routing.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Whether an agent takes new cases. Only {@link #AVAILABLE} agents are routed to. Serialized in lower case. */
public enum Presence {
    AVAILABLE, BUSY, AWAY, OFFLINE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Presence fromWire(String value) {
        if (value == null) {
            return null;
        }
        for (Presence p : values()) {
            if (p.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown presence '" + value + "', expected one of "
                + Arrays.stream(values()).map(Presence::wireName).collect(Collectors.joining(", ")));
    }
}
