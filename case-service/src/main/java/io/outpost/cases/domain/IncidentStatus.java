package io.outpost.cases.domain;

import java.util.Locale;

/**
 * Where an incident stands. A suggestion (from surge detection) is confirmed (open) or dismissed
 * by a supervisor; an incident opened by hand starts open; an open incident is closed once, with
 * its closing post. Dismissed and closed are final.
 */
public enum IncidentStatus {
    SUGGESTED, OPEN, DISMISSED, CLOSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IncidentStatus fromWire(String value) {
        for (IncidentStatus s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown incident status '" + value + "'");
    }

    public boolean canMoveTo(IncidentStatus to) {
        return switch (this) {
            case SUGGESTED -> to == OPEN || to == DISMISSED;
            case OPEN -> to == CLOSED;
            case DISMISSED, CLOSED -> false;
        };
    }

    /** Cases may be attached, detached, answered in bulk and a proactive post sent only while open. */
    public boolean acceptsWork() {
        return this == OPEN;
    }
}
