package io.outpost.crmlink.domain;

import java.util.Locale;

/** What a person (or an admin on their word) decided: the transitions of the consent ledger. */
public enum ConsentDecision {
    GRANT, DENY, REVOKE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a legal decision leads to. */
    public ConsentStatus resultingStatus() {
        return switch (this) {
            case GRANT -> ConsentStatus.GRANTED;
            case DENY -> ConsentStatus.DENIED;
            case REVOKE -> ConsentStatus.REVOKED;
        };
    }

    public static ConsentDecision fromWire(String value) {
        for (ConsentDecision d : values()) {
            if (d.wireName().equals(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("decision must be one of grant, deny, revoke; got '" + value + "'");
    }
}
