package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsentOverviewTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final ConsentEvidence PAGE = new ConsentEvidence(ConsentEvidence.Source.CONSENT_PAGE, null, null, "2026-11",
            "customer", NOW.minusSeconds(3600));

    @Test
    void everyPurposeIsListedAndUndecidedOnesAreNone() {
        assertThat(ConsentOverview.of(Map.of(), NOW)).extracting(ConsentOverview.PurposeState::purpose,
                ConsentOverview.PurposeState::status).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("identity-link", "none"),
                        org.assertj.core.groups.Tuple.tuple("personalization", "none"),
                        org.assertj.core.groups.Tuple.tuple("surveys", "none"));
    }

    @Test
    void aGrantPastItsEndIsExpiredAndADenialCarriesNoEnd() {
        Map<ConsentPurpose, Consent> decided = new EnumMap<>(ConsentPurpose.class);
        Instant granted = NOW.minusSeconds(7200);
        decided.put(ConsentPurpose.IDENTITY_LINK, new Consent(ConsentPurpose.IDENTITY_LINK, ConsentStatus.GRANTED, granted,
                NOW.plusSeconds(60), granted, PAGE));
        decided.put(ConsentPurpose.SURVEYS, new Consent(ConsentPurpose.SURVEYS, ConsentStatus.GRANTED, granted,
                NOW, granted, PAGE));
        decided.put(ConsentPurpose.PERSONALIZATION, new Consent(ConsentPurpose.PERSONALIZATION, ConsentStatus.DENIED, granted,
                NOW.plusSeconds(60), NOW.minusSeconds(10), PAGE));

        assertThat(ConsentOverview.of(decided, NOW)).containsExactly(
                new ConsentOverview.PurposeState("identity-link", "granted", granted, NOW.plusSeconds(60)),
                new ConsentOverview.PurposeState("personalization", "denied", NOW.minusSeconds(10), null),
                new ConsentOverview.PurposeState("surveys", "expired", granted, NOW));
    }
}
