package io.outpost.crmlink.domain;

import java.time.Instant;

/**
 * The current consent of one subject for one purpose.
 *
 * @param purpose   what it is for
 * @param status    GRANTED, DENIED or REVOKED as decided (never EXPIRED: see {@link #statusAt})
 * @param grantedAt when the latest grant was captured; kept after a revocation
 * @param expiresAt when the latest grant ends; kept after a revocation
 * @param decidedAt when the latest decision was captured
 * @param evidence  how the latest decision was captured
 */
public record Consent(ConsentPurpose purpose, ConsentStatus status, Instant grantedAt, Instant expiresAt,
        Instant decidedAt, ConsentEvidence evidence) {

    /** The status as seen at {@code now}: a grant at or past its expiry is EXPIRED. */
    public ConsentStatus statusAt(Instant now) {
        if (status == ConsentStatus.GRANTED && expiresAt != null && !now.isBefore(expiresAt)) {
            return ConsentStatus.EXPIRED;
        }
        return status;
    }

    /** Granted and not expired at {@code now}. */
    public boolean grantedAt(Instant now) {
        return statusAt(now) == ConsentStatus.GRANTED;
    }
}
