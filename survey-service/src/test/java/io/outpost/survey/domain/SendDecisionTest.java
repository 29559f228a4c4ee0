package io.outpost.survey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.outpost.contracts.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SendDecisionTest {

    static final Instant RESOLVED = Instant.parse("2026-11-22T12:00:00Z");
    /** RESOLVED + the default 60 minutes. */
    static final Instant SEND_AT = Instant.parse("2026-11-22T13:00:00Z");
    static final UUID CASE = UUID.fromString("6f1c2b1e-0000-4000-8000-000000000001");
    static final long SEED = 42L;

    static final SurveyPolicy DEFAULTS = policy(1.0, new FatigueLimit(1, Duration.ofDays(30)));
    /** Person limit loose enough that the X limit decides. */
    static final SurveyPolicy LOOSE_PERSON = policy(1.0, new FatigueLimit(10, Duration.ofDays(30)));

    static SurveyPolicy policy(double rate, FatigueLimit perPerson) {
        return new SurveyPolicy(Duration.ofMinutes(60), Duration.ofDays(7), rate, perPerson,
                new FatigueLimit(1, Duration.ofHours(24)));
    }

    static ResolvedCase onX() {
        return new ResolvedCase(CASE, Channel.X, "person-1", "x-user-1", RESOLVED, false, false);
    }

    static ResolvedCase on(Channel channel, boolean hidden, boolean incident) {
        return new ResolvedCase(CASE, channel, "person-1", "user-1", RESOLVED, hidden, incident);
    }

    static SurveyHistory history(SurveyHistory.Entry... entries) {
        return new SurveyHistory(List.of(entries));
    }

    static SurveyHistory.Entry sent(Instant at, Channel channel, String recipient) {
        return new SurveyHistory.Entry(at, channel, recipient);
    }

    static final PersonStatus OK = PersonStatus.unknownConsent();

    // --- sending ---

    @Test
    void anEligibleCaseIsSentTheDelayAfterResolution() {
        SendDecision d = DEFAULTS.decide(onX(), SurveyHistory.none(), OK, SEED);
        assertThat(d.sends()).isTrue();
        assertThat(d.sendAt()).isEqualTo(SEND_AT);
        assertThat(d.reason()).isNull();
        assertThat(d).hasToString("SEND at 2026-11-22T13:00:00Z");
    }

    @Test
    void grantedAndUnknownConsentBothAllowASurvey() {
        assertThat(DEFAULTS.decide(onX(), SurveyHistory.none(), new PersonStatus(false, ConsentStatus.GRANTED, false), SEED)
                .sendAt()).isEqualTo(SEND_AT);
        assertThat(DEFAULTS.decide(onX(), SurveyHistory.none(), new PersonStatus(false, ConsentStatus.UNKNOWN, false), SEED)
                .sendAt()).isEqualTo(SEND_AT);
    }

    // --- each skip reason on its own ---

    @Test
    void eachExclusionSkipsWithItsReason() {
        SurveyHistory none = SurveyHistory.none();
        assertThat(DEFAULTS.decide(onX(), none, new PersonStatus(false, ConsentStatus.UNKNOWN, true), SEED).reason())
                .isEqualTo(SkipReason.ERASED);
        assertThat(DEFAULTS.decide(onX(), none, new PersonStatus(true, ConsentStatus.UNKNOWN, false), SEED).reason())
                .isEqualTo(SkipReason.OPTED_OUT);
        assertThat(DEFAULTS.decide(onX(), none, new PersonStatus(false, ConsentStatus.REVOKED, false), SEED).reason())
                .isEqualTo(SkipReason.CONSENT_REVOKED);
        assertThat(DEFAULTS.decide(onX(), none, new PersonStatus(false, ConsentStatus.DENIED, false), SEED).reason())
                .isEqualTo(SkipReason.CONSENT_DENIED);
        assertThat(DEFAULTS.decide(onX(), none, new PersonStatus(false, ConsentStatus.EXPIRED, false), SEED).reason())
                .isEqualTo(SkipReason.CONSENT_EXPIRED);
        assertThat(DEFAULTS.decide(on(Channel.FACEBOOK, true, false), none, OK, SEED).reason())
                .isEqualTo(SkipReason.HIDDEN_CASE);
        assertThat(DEFAULTS.decide(on(Channel.FACEBOOK, false, true), none, OK, SEED).reason())
                .isEqualTo(SkipReason.INCIDENT);
        assertThat(DEFAULTS.decide(onX(), history(sent(SEND_AT.minus(Duration.ofDays(3)), Channel.EMAIL, "a@b.c")), OK, SEED)
                .reason()).isEqualTo(SkipReason.FATIGUE_PERSON);
        assertThat(LOOSE_PERSON.decide(onX(), history(sent(SEND_AT.minus(Duration.ofHours(3)), Channel.X, "x-user-1")), OK,
                SEED).reason()).isEqualTo(SkipReason.FATIGUE_CHANNEL);
        SendDecision notSampled = policy(0.0, new FatigueLimit(1, Duration.ofDays(30))).decide(onX(), none, OK, SEED);
        assertThat(notSampled.reason()).isEqualTo(SkipReason.NOT_SAMPLED);
        assertThat(notSampled.sends()).isFalse();
        assertThat(notSampled.sendAt()).isNull();
        assertThat(notSampled).hasToString("SKIP NOT_SAMPLED");
    }

    // --- precedence ---

    @Test
    void whenEveryReasonAppliesTheyAreReportedInPrecedenceOrder() {
        // Everything is wrong; fix one thing at a time and the next reason in order shows up.
        SurveyPolicy rateZero = policy(0.0, new FatigueLimit(1, Duration.ofDays(30)));
        // An X survey an hour before: breaks the person limit, and the X limit (which alone
        // remains under a loose person limit).
        SurveyHistory both = history(sent(SEND_AT.minus(Duration.ofHours(1)), Channel.X, "x-user-1"));
        SurveyPolicy rateZeroLoosePerson = policy(0.0, new FatigueLimit(10, Duration.ofDays(30)));
        ResolvedCase bad = new ResolvedCase(CASE, Channel.X, "person-1", "x-user-1", RESOLVED, true, true);
        ResolvedCase incidentOnly = new ResolvedCase(CASE, Channel.X, "person-1", "x-user-1", RESOLVED, false, true);

        List<SkipReason> seen = new ArrayList<>();
        seen.add(rateZero.decide(bad, both, new PersonStatus(true, ConsentStatus.REVOKED, true), SEED).reason());
        seen.add(rateZero.decide(bad, both, new PersonStatus(true, ConsentStatus.REVOKED, false), SEED).reason());
        seen.add(rateZero.decide(bad, both, new PersonStatus(false, ConsentStatus.REVOKED, false), SEED).reason());
        seen.add(rateZero.decide(bad, both, new PersonStatus(false, ConsentStatus.DENIED, false), SEED).reason());
        seen.add(rateZero.decide(bad, both, new PersonStatus(false, ConsentStatus.EXPIRED, false), SEED).reason());
        seen.add(rateZero.decide(bad, both, OK, SEED).reason());
        seen.add(rateZero.decide(incidentOnly, both, OK, SEED).reason());
        seen.add(rateZero.decide(onX(), both, OK, SEED).reason());
        seen.add(rateZeroLoosePerson.decide(onX(), both, OK, SEED).reason());
        seen.add(rateZeroLoosePerson.decide(onX(), SurveyHistory.none(), OK, SEED).reason());

        assertThat(seen).containsExactly(SkipReason.values());
        assertThat(seen).containsExactly(SkipReason.ERASED, SkipReason.OPTED_OUT, SkipReason.CONSENT_REVOKED,
                SkipReason.CONSENT_DENIED, SkipReason.CONSENT_EXPIRED, SkipReason.HIDDEN_CASE, SkipReason.INCIDENT, SkipReason.FATIGUE_PERSON,
                SkipReason.FATIGUE_CHANNEL, SkipReason.NOT_SAMPLED);
    }

    // --- fatigue edges ---

    @Test
    void aSurveyExactlyThirtyDaysBeforeTheSendingInstantNoLongerCounts() {
        // Window is half-open: surveys strictly less than 30 days apart share it.
        SurveyHistory exactly = history(sent(SEND_AT.minus(Duration.ofDays(30)), Channel.FACEBOOK, "fb-1"));
        SurveyHistory secondLess = history(sent(SEND_AT.minus(Duration.ofDays(30)).plusSeconds(1), Channel.FACEBOOK, "fb-1"));
        assertThat(DEFAULTS.decide(onX(), exactly, OK, SEED).sendAt()).isEqualTo(SEND_AT);
        assertThat(DEFAULTS.decide(onX(), secondLess, OK, SEED).reason()).isEqualTo(SkipReason.FATIGUE_PERSON);
    }

    @Test
    void fatigueIsJudgedAtTheSendingInstantNotAtResolution() {
        // Previous survey 30 days minus 30 minutes before resolution: less than 30 days before the
        // resolution, but 30 days and 30 minutes before the survey would go out (resolution + 60 min).
        SurveyHistory h = history(sent(RESOLVED.minus(Duration.ofDays(30)).plus(Duration.ofMinutes(30)), Channel.X, "x-user-1"));
        assertThat(DEFAULTS.decide(onX(), h, OK, SEED).sendAt()).isEqualTo(SEND_AT);
        // ... and 30 days minus 90 minutes before resolution is 30 days minus 30 minutes before sending.
        SurveyHistory h2 = history(sent(RESOLVED.minus(Duration.ofDays(30)).plus(Duration.ofMinutes(90)), Channel.X, "x-user-1"));
        assertThat(DEFAULTS.decide(onX(), h2, OK, SEED).reason()).isEqualTo(SkipReason.FATIGUE_PERSON);
    }

    @Test
    void aSurveyAlreadyScheduledLaterCountsAsMuchAsOneSentBefore() {
        SurveyHistory scheduled = history(sent(SEND_AT.plus(Duration.ofDays(29)), Channel.MESSENGER, "m-1"));
        assertThat(DEFAULTS.decide(onX(), scheduled, OK, SEED).reason()).isEqualTo(SkipReason.FATIGUE_PERSON);
        SurveyHistory farAhead = history(sent(SEND_AT.plus(Duration.ofDays(30)), Channel.MESSENGER, "m-1"));
        assertThat(DEFAULTS.decide(onX(), farAhead, OK, SEED).sendAt()).isEqualTo(SEND_AT);
    }

    @Test
    void thePersonLimitCountsEveryChannel() {
        SurveyHistory other = history(sent(SEND_AT.minus(Duration.ofDays(10)), Channel.INSTAGRAM, "ig-9"));
        assertThat(DEFAULTS.decide(on(Channel.FORUM, false, false), other, OK, SEED).reason())
                .isEqualTo(SkipReason.FATIGUE_PERSON);
    }

    @Test
    void onXARecipientSurveyedExactly24HoursBeforeMayBeSurveyedAgain() {
        SurveyHistory exactly = history(sent(SEND_AT.minus(Duration.ofHours(24)), Channel.X, "x-user-1"));
        SurveyHistory secondLess = history(sent(SEND_AT.minus(Duration.ofHours(24)).plusSeconds(1), Channel.X, "x-user-1"));
        assertThat(LOOSE_PERSON.decide(onX(), exactly, OK, SEED).sendAt()).isEqualTo(SEND_AT);
        assertThat(LOOSE_PERSON.decide(onX(), secondLess, OK, SEED).reason()).isEqualTo(SkipReason.FATIGUE_CHANNEL);
    }

    @Test
    void theXLimitIsPerRecipientAndOnlyOnX() {
        SurveyHistory otherXAccount = history(sent(SEND_AT.minus(Duration.ofHours(1)), Channel.X, "x-user-2"));
        assertThat(LOOSE_PERSON.decide(onX(), otherXAccount, OK, SEED).sendAt()).isEqualTo(SEND_AT);
        SurveyHistory sameRecipientOtherChannel = history(sent(SEND_AT.minus(Duration.ofHours(1)), Channel.FACEBOOK, "x-user-1"));
        assertThat(LOOSE_PERSON.decide(onX(), sameRecipientOtherChannel, OK, SEED).sendAt()).isEqualTo(SEND_AT);
        SurveyHistory facebookYesterday = history(sent(SEND_AT.minus(Duration.ofHours(1)), Channel.FACEBOOK, "user-1"));
        assertThat(LOOSE_PERSON.decide(on(Channel.FACEBOOK, false, false), facebookYesterday, OK, SEED).sendAt())
                .isEqualTo(SEND_AT);
    }

    @Test
    void aLimitAboveOneAllowsThatManyInAnyWindowEitherSideOfTheInstant() {
        FatigueLimit twoPerWeek = new FatigueLimit(2, Duration.ofDays(7));
        Instant t = SEND_AT;
        // -3d and +3d: the three surveys span 6 days, inside one week.
        assertThat(twoPerWeek.allows(List.of(t.minus(Duration.ofDays(3)), t.plus(Duration.ofDays(3))), t)).isFalse();
        // -4d and +4d: 8 days apart, no week holds all three.
        assertThat(twoPerWeek.allows(List.of(t.minus(Duration.ofDays(4)), t.plus(Duration.ofDays(4))), t)).isTrue();
        // -1d and +6d: 7 days exactly, half-open window, allowed.
        assertThat(twoPerWeek.allows(List.of(t.minus(Duration.ofDays(1)), t.plus(Duration.ofDays(6))), t)).isTrue();
        // one other: always allowed with max 2.
        assertThat(twoPerWeek.allows(List.of(t), t)).isTrue();
    }

    // --- sampling ---

    @Test
    void samplingIsDeterministicBySeedAndCase() {
        SurveyPolicy rate = policy(0.5, new FatigueLimit(1, Duration.ofDays(30)));
        int differsWithSeed = 0;
        for (int i = 0; i < 1000; i++) {
            UUID id = caseId(i);
            ResolvedCase c = new ResolvedCase(id, Channel.X, "p", "r", RESOLVED, false, false);
            SendDecision first = rate.decide(c, SurveyHistory.none(), OK, SEED);
            assertThat(rate.decide(c, SurveyHistory.none(), OK, SEED)).isEqualTo(first);
            assertThat(Sampling.unit(SEED, id)).isEqualTo(Sampling.unit(SEED, id)).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            if (Sampling.sampled(SEED, id, 0.5) != Sampling.sampled(SEED + 1, id, 0.5)) {
                differsWithSeed++;
            }
        }
        // Another seed draws another sample (about half the answers change at rate 0.5).
        assertThat(differsWithSeed).isBetween(400, 600);
        // A known value (SHA-256 of 42 as 8 bytes big-endian then the UUID's 16 bytes, first 53
        // bits, computed independently in Python), so a change of the hashing, which would re-draw
        // every case, is noticed.
        assertThat(Sampling.unit(SEED, CASE)).isEqualTo(2265341919008048L * 0x1.0p-53).isEqualTo(0.25150347571312714);
    }

    @Test
    void theSampledShareConvergesToTheRate() {
        SurveyPolicy rate = policy(0.3, new FatigueLimit(1, Duration.ofDays(30)));
        int sent = 0;
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            ResolvedCase c = new ResolvedCase(caseId(i), Channel.FACEBOOK, "p" + i, "r" + i, RESOLVED, false, false);
            SendDecision d = rate.decide(c, SurveyHistory.none(), OK, SEED);
            if (d.sends()) {
                sent++;
            } else {
                assertThat(d.reason()).isEqualTo(SkipReason.NOT_SAMPLED);
            }
        }
        assertThat((double) sent / n).isCloseTo(0.3, within(0.02));
    }

    @Test
    void rateZeroDrawsNoneRateOneDrawsAllAndARaisedRateOnlyAddsCases() {
        for (int i = 0; i < 2000; i++) {
            UUID id = caseId(i);
            assertThat(Sampling.sampled(SEED, id, 0.0)).isFalse();
            assertThat(Sampling.sampled(SEED, id, 1.0)).isTrue();
            if (Sampling.sampled(SEED, id, 0.2)) {
                assertThat(Sampling.sampled(SEED, id, 0.3)).isTrue();
            }
        }
    }

    // --- inputs ---

    @Test
    void incompleteInputsAreRefused() {
        assertThatThrownBy(() -> new ResolvedCase(CASE, Channel.X, " ", "r", RESOLVED, false, false))
                .hasMessageContaining("person key");
        assertThatThrownBy(() -> new ResolvedCase(CASE, Channel.X, "p", null, RESOLVED, false, false))
                .hasMessageContaining("recipient");
        assertThatThrownBy(() -> new ResolvedCase(CASE, null, "p", "r", RESOLVED, false, false))
                .hasMessageContaining("channel");
        assertThatThrownBy(() -> new PersonStatus(false, null, false)).hasMessageContaining("surveyConsent");
        assertThatThrownBy(() -> new SendDecision(null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SendDecision(SEND_AT, SkipReason.INCIDENT)).isInstanceOf(IllegalArgumentException.class);
    }

    static UUID caseId(int i) {
        return UUID.nameUUIDFromBytes(("case-" + i).getBytes(StandardCharsets.UTF_8));
    }
}
