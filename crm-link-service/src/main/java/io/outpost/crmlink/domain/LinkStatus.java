package io.outpost.crmlink.domain;

import java.util.Locale;

/**
 * A link from a social identity to a CRM customer: SUGGESTED (admin data, no consent needed, never
 * shown to agents), CONFIRMED (only under a granted identity-link consent), REMOVED (kept with its
 * reason; a new link is a new row).
 */
public enum LinkStatus {
    SUGGESTED, CONFIRMED, REMOVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LinkStatus fromWire(String value) {
        for (LinkStatus s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("status must be suggested or confirmed; got '" + value + "'");
    }
}
