package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsentLedgerTest {

    static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    static final ConsentPurpose LINK = ConsentPurpose.IDENTITY_LINK;

    static ConsentEvidence message(Instant at) {
        return new ConsentEvidence(ConsentEvidence.Source.CHANNEL_MESSAGE, "dm-1", null, "v1", "agent-jo", at);
    }

    static ConsentEvidence revokeWithoutText(Instant at) {
        return new ConsentEvidence(ConsentEvidence.Source.ADMIN_ACTION, null, "phoned in", null, "admin-al", at);
    }

    static Consent grant(Consent current, Instant at) {
        return ConsentLedger.decide(LINK, current, ConsentDecision.GRANT, message(at), null, at);
    }

    static Consent decide(Consent current, ConsentDecision decision, Instant at) {
        return ConsentLedger.decide(LINK, current, decision, message(at), null, at);
    }

    static void refused(Runnable r, ConsentRefused.Kind kind, String text) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ConsentRefused.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(text);
        });
    }

    @Test
    void aGrantLastsTwoYearsByDefaultAndCarriesItsEvidence() {
        Consent c = grant(null, T0);
        assertThat(c.status()).isEqualTo(ConsentStatus.GRANTED);
        assertThat(c.grantedAt()).isEqualTo(T0);
        assertThat(c.expiresAt()).isEqualTo(Instant.parse("2028-11-22T08:00:00Z"));
        assertThat(c.evidence().messageId()).isEqualTo("dm-1");
        assertThat(c.evidence().textVersion()).isEqualTo("v1");
        assertThat(c.evidence().actor()).isEqualTo("agent-jo");
        assertThat(ConsentLedger.defaultExpiry(Instant.parse("2028-02-29T10:00:00Z")))
                .isEqualTo(Instant.parse("2030-02-28T10:00:00Z"));
    }

    @Test
    void aGrantReadsAsExpiredFromItsExpiryOn() {
        Instant end = T0.plus(Duration.ofDays(30));
        Consent c = ConsentLedger.decide(LINK, null, ConsentDecision.GRANT, message(T0), end, T0);
        assertThat(c.statusAt(end.minusMillis(1))).isEqualTo(ConsentStatus.GRANTED);
        assertThat(c.statusAt(end)).isEqualTo(ConsentStatus.EXPIRED);
        assertThat(c.grantedAt(end)).isFalse();
    }

    @Test
    void revokeThenReGrantIsAllowed() {
        Consent granted = grant(null, T0);
        Consent revoked = ConsentLedger.decide(LINK, granted, ConsentDecision.REVOKE, revokeWithoutText(T0.plusSeconds(60)),
                null, T0.plusSeconds(60));
        assertThat(revoked.status()).isEqualTo(ConsentStatus.REVOKED);
        assertThat(revoked.grantedAt()).as("when it had been granted").isEqualTo(T0);
        Consent again = grant(revoked, T0.plusSeconds(120));
        assertThat(again.status()).isEqualTo(ConsentStatus.GRANTED);
        assertThat(again.grantedAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void denyThenGrantIsAllowedAndAGrantCanBeRenewed() {
        Consent denied = decide(null, ConsentDecision.DENY, T0);
        assertThat(denied.status()).isEqualTo(ConsentStatus.DENIED);
        assertThat(denied.grantedAt()).isNull();
        Consent granted = grant(denied, T0.plusSeconds(1));
        Consent renewed = grant(granted, T0.plusSeconds(2));
        assertThat(renewed.expiresAt()).isEqualTo(ConsentLedger.defaultExpiry(T0.plusSeconds(2)));
    }

    @Test
    void revokingWhatWasNeverGrantedIsRefused() {
        refused(() -> decide(null, ConsentDecision.REVOKE, T0), ConsentRefused.Kind.CONFLICT, "never granted");
        Consent denied = decide(null, ConsentDecision.DENY, T0);
        refused(() -> decide(denied, ConsentDecision.REVOKE, T0.plusSeconds(1)), ConsentRefused.Kind.CONFLICT, "never granted");
    }

    @Test
    void revokingTwiceAndDenyingAGrantInForceAreRefused() {
        Consent granted = grant(null, T0);
        refused(() -> decide(granted, ConsentDecision.DENY, T0.plusSeconds(1)), ConsentRefused.Kind.CONFLICT, "revoke it");
        Consent revoked = decide(granted, ConsentDecision.REVOKE, T0.plusSeconds(1));
        refused(() -> decide(revoked, ConsentDecision.REVOKE, T0.plusSeconds(2)), ConsentRefused.Kind.CONFLICT, "already revoked");
    }

    @Test
    void anExpiredGrantMayBeRevokedDeniedOrRenewed() {
        Consent granted = ConsentLedger.decide(LINK, null, ConsentDecision.GRANT, message(T0), T0.plusSeconds(10), T0);
        Instant later = T0.plusSeconds(20);
        assertThat(decide(granted, ConsentDecision.DENY, later).status()).isEqualTo(ConsentStatus.DENIED);
        assertThat(decide(granted, ConsentDecision.REVOKE, later).status()).isEqualTo(ConsentStatus.REVOKED);
        assertThat(grant(granted, later).statusAt(later)).isEqualTo(ConsentStatus.GRANTED);
    }

    @Test
    void badInputIsRefusedAsInvalid() {
        refused(() -> ConsentLedger.decide(LINK, null, ConsentDecision.GRANT, message(T0), T0.minusSeconds(1), T0),
                ConsentRefused.Kind.INVALID, "must be after the grant");
        refused(() -> ConsentLedger.decide(LINK, null, ConsentDecision.DENY, message(T0), T0.plusSeconds(10), T0),
                ConsentRefused.Kind.INVALID, "grant only");
        refused(() -> ConsentLedger.decide(LINK, null, ConsentDecision.GRANT, message(T0.plus(Duration.ofHours(1))), null, T0),
                ConsentRefused.Kind.INVALID, "in the future");
        refused(() -> ConsentLedger.decide(LINK, null, ConsentDecision.GRANT, revokeWithoutText(T0), null, T0),
                ConsentRefused.Kind.INVALID, "textVersion");
        Consent granted = grant(null, T0);
        refused(() -> decide(granted, ConsentDecision.REVOKE, T0.minusSeconds(5)), ConsentRefused.Kind.CONFLICT, "in order");
    }

    @Test
    void aLinkNeedsAGrantedUnexpiredIdentityLinkConsent() {
        refused(() -> ConsentLedger.requireLinkConsent(null, T0), ConsentRefused.Kind.NO_CONSENT,
                "no granted identity-link consent");
        Consent granted = ConsentLedger.decide(LINK, null, ConsentDecision.GRANT, message(T0), T0.plusSeconds(10), T0);
        ConsentLedger.requireLinkConsent(granted, T0.plusSeconds(9));
        refused(() -> ConsentLedger.requireLinkConsent(granted, T0.plusSeconds(10)), ConsentRefused.Kind.NO_CONSENT, "expired");
        Consent revoked = decide(granted, ConsentDecision.REVOKE, T0.plusSeconds(5));
        refused(() -> ConsentLedger.requireLinkConsent(revoked, T0.plusSeconds(6)), ConsentRefused.Kind.NO_CONSENT, "revoked");
        Consent denied = decide(null, ConsentDecision.DENY, T0);
        refused(() -> ConsentLedger.requireLinkConsent(denied, T0), ConsentRefused.Kind.NO_CONSENT, "denied");
    }

    @Test
    void wireNamesRoundTripAndUnknownOnesAreRefused() {
        for (ConsentPurpose p : ConsentPurpose.values()) {
            assertThat(ConsentPurpose.fromWire(p.wireName())).isEqualTo(p);
        }
        assertThat(ConsentPurpose.IDENTITY_LINK.wireName()).isEqualTo("identity-link");
        assertThatThrownBy(() -> ConsentPurpose.fromWire("marketing")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsentDecision.fromWire("GRANT")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void declineOnThePageDeniesWhenNothingIsInForceAndRevokesAGrantInForce() {
        assertThat(ConsentLedger.decline(null, T0)).isEqualTo(ConsentDecision.DENY);
        Consent granted = grant(null, T0);
        assertThat(ConsentLedger.decline(granted, T0.plusSeconds(60))).isEqualTo(ConsentDecision.REVOKE);
        Consent denied = decide(null, ConsentDecision.DENY, T0);
        assertThat(ConsentLedger.decline(denied, T0.plusSeconds(60))).isEqualTo(ConsentDecision.DENY);
        // A grant that ran out is no longer in force: declining is a refusal, which the ledger allows.
        assertThat(ConsentLedger.decline(granted, granted.expiresAt())).isEqualTo(ConsentDecision.DENY);
        assertThat(ConsentLedger.decide(LINK, granted, ConsentLedger.decline(granted, granted.expiresAt()),
                message(granted.expiresAt()), null, granted.expiresAt()).status()).isEqualTo(ConsentStatus.DENIED);
    }

    @Test
    void onlyAGrantInForceOrRunOutCanBeWithdrawn() {
        Consent granted = grant(null, T0);
        assertThat(ConsentLedger.withdrawable(null, T0)).isFalse();
        assertThat(ConsentLedger.withdrawable(granted, T0.plusSeconds(1))).isTrue();
        assertThat(ConsentLedger.withdrawable(granted, granted.expiresAt().plusSeconds(1))).isTrue();
        Consent revoked = decide(granted, ConsentDecision.REVOKE, T0.plusSeconds(10));
        assertThat(ConsentLedger.withdrawable(revoked, T0.plusSeconds(20))).isFalse();
        assertThat(ConsentLedger.withdrawable(decide(null, ConsentDecision.DENY, T0), T0)).isFalse();
    }
}
