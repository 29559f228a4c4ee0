package io.outpost.survey.domain;

import java.util.Locale;

/**
 * A person's consent for the purpose {@code surveys}, as crm-link-service reports it
 * ({@code consent-changed}). {@link #UNKNOWN} means no consent record exists (no CRM link, or
 * consent events not yet received); it does not block a survey, see {@link SendDecision}.
 * {@link #EXPIRED} is a grant past its expiry: no consent in force, and the person once limited it
 * in time, so it blocks like a refusal.
 */
public enum ConsentStatus {
    GRANTED, DENIED, REVOKED, EXPIRED, UNKNOWN;

    /** The status named on the wire ({@code granted}, {@code denied}, {@code revoked}, {@code expired}). */
    public static ConsentStatus fromWire(String value) {
        return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
            case "granted" -> GRANTED;
            case "denied" -> DENIED;
            case "revoked" -> REVOKED;
            case "expired" -> EXPIRED;
            default -> throw new IllegalArgumentException("unknown consent status '" + value + "'");
        };
    }

    /** Whether it stops every survey of the person (and cancels the pending ones). */
    public boolean excludes() {
        return this == DENIED || this == REVOKED || this == EXPIRED;
    }
}
