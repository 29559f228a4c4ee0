package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdentityMatcherTest {

    private final CandidateIndex index = new CandidateIndex();
    private final IdentityMatcher matcher = new IdentityMatcher(index);

    @BeforeEach
    void customers() {
        index.put("dana-1985", PersonAttributes.named("Dana", "Krause").withDateOfBirth(LocalDate.of(1985, 6, 14))
                .withAddress("6", "Tullaroop Street", "St James", "4011", "WA"));
        index.put("dana-1962", PersonAttributes.named("Dana", "Krause").withDateOfBirth(LocalDate.of(1962, 11, 2))
                .withAddress("48", "Goldfinch Circuit", "Canterbury", "2776", "VIC"));
        index.put("lachlan", PersonAttributes.named("Lachlan", "Berry").withDateOfBirth(LocalDate.of(1999, 2, 19))
                .withEmails("lachlan.berry@example.org"));
    }

    @Test
    void aTypoInTheSurnameStillFindsTheCustomer() {
        List<MatchCandidate> c = matcher.suggestions(PersonAttributes.named("Dana", "Krauze")
                .withDateOfBirth(LocalDate.of(1985, 6, 14)), 10);
        assertThat(c).isNotEmpty();
        assertThat(c.get(0).customerId()).isEqualTo("dana-1985");
        assertThat(c.get(0).level()).isNotEqualTo(MatchLevel.NONE);
    }

    @Test
    void swappedGivenAndFamilyNameStillFindsTheCustomer() {
        List<MatchCandidate> c = matcher.candidates(PersonAttributes.named("Berry", "Lachlan")
                .withDateOfBirth(LocalDate.of(1999, 2, 19)), 10);
        assertThat(c.get(0).customerId()).isEqualTo("lachlan");
        assertThat(c.get(0).level()).isNotEqualTo(MatchLevel.NONE);
    }

    @Test
    void theSameNameWithAnotherBirthDateRanksLower() {
        List<MatchCandidate> c = matcher.candidates(PersonAttributes.named("Dana", "Krause")
                .withDateOfBirth(LocalDate.of(1985, 6, 14)).withAddress(null, null, "St James", null, null), 10);
        assertThat(c).extracting(MatchCandidate::customerId).containsExactly("dana-1985", "dana-1962");
        assertThat(c.get(0).score()).isGreaterThan(c.get(1).score());
        assertThat(c.get(1).level()).isEqualTo(MatchLevel.NONE);
        assertThat(c.get(1).evidence()).anySatisfy(e -> {
            assertThat(e.attribute()).isEqualTo("dateOfBirth");
            assertThat(e.contribution()).isNegative();
        });
    }

    @Test
    void namesAloneAreNotEnoughForASuggestion() {
        List<MatchCandidate> c = matcher.candidates(PersonAttributes.named("Dana", "Krause"), 10);
        assertThat(c).extracting(MatchCandidate::customerId).containsExactly("dana-1962", "dana-1985");
        assertThat(c).allSatisfy(m -> assertThat(m.level()).isEqualTo(MatchLevel.NONE));
        assertThat(matcher.suggestions(PersonAttributes.named("Dana", "Krause"), 10)).isEmpty();
        assertThat(matcher.suggestions(PersonAttributes.named("Dana", "Krause")
                .withAddress(null, null, "St James", null, null), 10)).extracting(MatchCandidate::customerId)
                .containsExactly("dana-1985");
    }

    @Test
    void anExactEmailIsEnoughForASuggestion() {
        List<MatchCandidate> c = matcher.suggestions(PersonAttributes.named(null, null)
                .withEmails("Lachlan.Berry@Example.org"), 10);
        assertThat(c).extracting(MatchCandidate::customerId).containsExactly("lachlan");
        assertThat(c.get(0).evidence()).singleElement().satisfies(e -> {
            assertThat(e.attribute()).isEqualTo("email");
            assertThat(e.queryValue()).isEqualTo("lachlan.berry@example.org");
            assertThat(e.similarity()).isEqualTo(1.0);
        });
    }

    @Test
    void everythingAgreeingIsConfirmableWithConsent() {
        List<MatchCandidate> c = matcher.suggestions(PersonAttributes.named("dana", "KRAUSE")
                .withDateOfBirth(LocalDate.of(1985, 6, 14)).withAddress("6", "tullaroop st", "st. james", "4011", "wa"),
                1);
        assertThat(c).singleElement().satisfies(m -> {
            assertThat(m.customerId()).isEqualTo("dana-1985");
            assertThat(m.level()).isEqualTo(MatchLevel.CONFIRMABLE_WITH_CONSENT);
        });
    }

    @Test
    void nobodyKnownGivesNoCandidates() {
        assertThat(matcher.candidates(PersonAttributes.named("Zoe", "Unknown"), 10)).isEmpty();
        assertThat(matcher.candidates(PersonAttributes.named(null, null), 10)).isEmpty();
        assertThatThrownBy(() -> matcher.candidates(PersonAttributes.named("Dana", "Krause"), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void levelsFollowTheThresholds() {
        assertThat(MatchLevel.of(MatchThresholds.SUGGEST - 0.01)).isEqualTo(MatchLevel.NONE);
        assertThat(MatchLevel.of(MatchThresholds.SUGGEST)).isEqualTo(MatchLevel.SUGGEST);
        assertThat(MatchLevel.of(MatchThresholds.CONFIRMABLE_WITH_CONSENT))
                .isEqualTo(MatchLevel.CONFIRMABLE_WITH_CONSENT);
        assertThat(MatchThresholds.CONFIRMABLE_WITH_CONSENT).isGreaterThan(MatchThresholds.SUGGEST);
    }
}
