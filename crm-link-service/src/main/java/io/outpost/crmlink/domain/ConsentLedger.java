package io.outpost.crmlink.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The consent state machine: which decisions are legal from which state, and what they lead to.
 * Plain logic; the caller passes {@code now}, so expiry is tested without waiting.
 *
 * <pre>
 *   (none) --grant--> GRANTED --revoke--> REVOKED --grant--> GRANTED
 *   (none) --deny---> DENIED  --grant--> GRANTED
 *   GRANTED --grant--> GRANTED (renewal: new evidence, new expiry)
 *   GRANTED past expires-at reads as EXPIRED: grant renews it, deny or revoke close it
 * </pre>
 *
 * Refused: revoking what was never granted (none, DENIED) or is already REVOKED; denying while a
 * grant is in force (revoke it instead, so withdrawal is recorded as such).
 */
public final class ConsentLedger {

    /** How long a grant lasts unless it says otherwise. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(730);
    /** A capture time may be this far ahead of our clock (the recorder's clock may run fast). */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private ConsentLedger() {
    }

    /**
     * The consent after {@code decision}.
     *
     * @param current   the current consent, null when the subject never decided for this purpose
     * @param expiresAt the grant's end (grant only), null for the default of two years after capture
     * @throws ConsentRefused when the decision is not legal from the current state, or its input is wrong
     */
    public static Consent decide(ConsentPurpose purpose, Consent current, ConsentDecision decision,
            ConsentEvidence evidence, Instant expiresAt, Instant now) {
        Instant captured = evidence.capturedAt();
        if (captured.isAfter(now.plus(CLOCK_SKEW))) {
            throw new ConsentRefused(ConsentRefused.Kind.INVALID, "evidence.capturedAt " + captured + " is in the future");
        }
        if (current != null && current.decidedAt() != null && captured.isBefore(current.decidedAt())) {
            throw new ConsentRefused(ConsentRefused.Kind.CONFLICT, "evidence.capturedAt " + captured
                    + " is before the current decision (" + current.decidedAt() + "): decisions are recorded in order");
        }
        if (decision != ConsentDecision.GRANT && expiresAt != null) {
            throw new ConsentRefused(ConsentRefused.Kind.INVALID, "expiresAt applies to a grant only");
        }
        if (decision != ConsentDecision.REVOKE && blank(evidence.textVersion())) {
            throw new ConsentRefused(ConsentRefused.Kind.INVALID,
                    "evidence.textVersion is required to " + decision.wireName() + ": the consent text the person answered");
        }
        ConsentStatus now_ = current == null ? null : current.statusAt(now);
        return switch (decision) {
            case GRANT -> {
                Instant end = expiresAt != null ? expiresAt : defaultExpiry(captured);
                if (!end.isAfter(captured)) {
                    throw new ConsentRefused(ConsentRefused.Kind.INVALID,
                            "expiresAt " + end + " must be after the grant (" + captured + ")");
                }
                yield new Consent(purpose, ConsentStatus.GRANTED, captured, end, captured, evidence);
            }
            case DENY -> {
                if (now_ == ConsentStatus.GRANTED) {
                    throw new ConsentRefused(ConsentRefused.Kind.CONFLICT, purpose.wireName()
                            + " consent is granted: revoke it to withdraw");
                }
                yield new Consent(purpose, ConsentStatus.DENIED, current == null ? null : current.grantedAt(),
                        current == null ? null : current.expiresAt(), captured, evidence);
            }
            case REVOKE -> {
                if (now_ == null || now_ == ConsentStatus.DENIED) {
                    throw new ConsentRefused(ConsentRefused.Kind.CONFLICT, purpose.wireName()
                            + " consent was never granted: nothing to revoke");
                }
                if (now_ == ConsentStatus.REVOKED) {
                    throw new ConsentRefused(ConsentRefused.Kind.CONFLICT, purpose.wireName() + " consent is already revoked");
                }
                yield new Consent(purpose, ConsentStatus.REVOKED, current.grantedAt(), current.expiresAt(), captured,
                        evidence);
            }
        };
    }

    /** Two years after the grant, calendar-wise (a grant on 29 February ends on 28 February). */
    public static Instant defaultExpiry(Instant grantedAt) {
        return grantedAt.atZone(ZoneOffset.UTC).plusYears(2).toInstant();
    }

    /**
     * Whether a link of the subject may be confirmed now: only while identity-link consent is
     * GRANTED and unexpired.
     *
     * @throws ConsentRefused (NO_CONSENT) naming the consent's state otherwise
     */
    public static void requireLinkConsent(Consent identityLink, Instant now) {
        if (identityLink == null) {
            throw new ConsentRefused(ConsentRefused.Kind.NO_CONSENT,
                    "no granted identity-link consent: the person has not decided yet");
        }
        if (identityLink.purpose() != ConsentPurpose.IDENTITY_LINK) {
            throw new IllegalArgumentException("not an identity-link consent: " + identityLink.purpose());
        }
        ConsentStatus status = identityLink.statusAt(now);
        if (status != ConsentStatus.GRANTED) {
            throw new ConsentRefused(ConsentRefused.Kind.NO_CONSENT, "no granted identity-link consent: it is "
                    + status.name().toLowerCase(java.util.Locale.ROOT)
                    + (status == ConsentStatus.EXPIRED ? " since " + identityLink.expiresAt() : ""));
        }
    }

    /**
     * What "decline" on the consent page means: a refusal (DENY) when nothing is in force, a
     * withdrawal (REVOKE) when a grant is — the person is saying no to what they had said yes to,
     * and the history should say "revoked".
     */
    public static ConsentDecision decline(Consent current, Instant now) {
        return current != null && current.statusAt(now) == ConsentStatus.GRANTED ? ConsentDecision.REVOKE
                : ConsentDecision.DENY;
    }

    /** Whether a withdrawal (revoke) is legal now: a grant, in force or run out, that was not yet withdrawn. */
    public static boolean withdrawable(Consent current, Instant now) {
        if (current == null) {
            return false;
        }
        ConsentStatus status = current.statusAt(now);
        return status == ConsentStatus.GRANTED || status == ConsentStatus.EXPIRED;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
