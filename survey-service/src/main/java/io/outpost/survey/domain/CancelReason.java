package io.outpost.survey.domain;

/** Why a scheduled (or sent, unanswered) survey was withdrawn. */
public enum CancelReason {
    /** The case went back to open (or pending, on hold) before the survey was sent. */
    REOPENED,
    /** The person opted out (replied "stop" to an invitation). */
    OPTED_OUT,
    CONSENT_DENIED,
    CONSENT_REVOKED,
    CONSENT_EXPIRED,
    /** The person was erased. */
    ERASED;

    /** The cancellation a consent status that excludes the person calls for. */
    public static CancelReason of(ConsentStatus status) {
        return switch (status) {
            case DENIED -> CONSENT_DENIED;
            case REVOKED -> CONSENT_REVOKED;
            case EXPIRED -> CONSENT_EXPIRED;
            default -> throw new IllegalArgumentException(status + " cancels nothing");
        };
    }
}
