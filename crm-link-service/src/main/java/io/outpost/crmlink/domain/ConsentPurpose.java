package io.outpost.crmlink.domain;

import java.util.Locale;

/** What a person consents to. Wire names: {@code identity-link}, {@code personalization}, {@code surveys}. */
public enum ConsentPurpose {
    /** Linking their social identity to their CRM customer record. */
    IDENTITY_LINK,
    /** Using what we know about them to personalize replies. */
    PERSONALIZATION,
    /** Being asked satisfaction surveys. */
    SURVEYS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The purpose of a wire name; IllegalArgumentException naming the accepted values otherwise. */
    public static ConsentPurpose fromWire(String value) {
        for (ConsentPurpose p : values()) {
            if (p.wireName().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("purpose must be one of identity-link, personalization, surveys; got '" + value + "'");
    }
}
