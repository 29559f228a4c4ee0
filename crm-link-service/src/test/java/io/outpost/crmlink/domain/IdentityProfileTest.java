package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.crmlink.domain.RevealedAttributes.Kind;
import io.outpost.crmlink.domain.RevealedAttributes.Revealed;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityProfileTest {

    @Test
    void aDisplayNameGivesGivenAndFamilyName() {
        assertThat(IdentityProfile.names("Dana Kowalski")).containsExactly("Dana", "Kowalski");
        assertThat(IdentityProfile.names("Dr. Dana Maria Kowalski")).containsExactly("Dana", "Kowalski");
        assertThat(IdentityProfile.names("Seán O'Brien-Smith")).containsExactly("Seán", "O'Brien-Smith");
        assertThat(IdentityProfile.names("Dana Kowalski | Sydney")).containsExactly("Dana", "Kowalski");
        assertThat(IdentityProfile.names("Dana Kowalski (she/her) 🌻")).containsExactly("Dana", "Kowalski");
    }

    @Test
    void initialsAndSingleWordsGiveLess() {
        assertThat(IdentityProfile.names("Dana K.")).containsExactly("Dana", null);
        assertThat(IdentityProfile.names("dana")).containsExactly("dana", null);
        assertThat(IdentityProfile.names("🌻🌻")).containsExactly(null, null);
        assertThat(IdentityProfile.names(null)).containsExactly(null, null);
        assertThat(IdentityProfile.names("Mr X")).containsExactly(null, null);
    }

    @Test
    void revealedValuesBecomeTheirAttributes() {
        PersonAttributes p = IdentityProfile.attributes("Dana Kowalski", List.of(new Revealed(Kind.EMAIL, "d@example.org"),
                new Revealed(Kind.PHONE, "0412 345 678"), new Revealed(Kind.ACCOUNT_NUMBER, "AC1"),
                new Revealed(Kind.EMAIL, "dk@example.org")));
        assertThat(p.givenName()).isEqualTo("Dana");
        assertThat(p.familyName()).isEqualTo("Kowalski");
        assertThat(p.emails()).containsExactly("d@example.org", "dk@example.org");
        assertThat(p.phones()).containsExactly("0412 345 678");
        assertThat(p.accountNumbers()).containsExactly("AC1");
        assertThat(p.dateOfBirth()).isNull();
        assertThat(NormalizedPerson.of(IdentityProfile.attributes(null, List.of())).isEmpty()).isTrue();
    }

    @Test
    void theProfileLocationGivesLocalityAndRegion() {
        PersonAttributes p = IdentityProfile.attributes("Dana Kowalski", ProfileLocation.parse("Leeds, West Yorkshire, UK"),
                List.of());
        assertThat(p.locality()).isEqualTo("Leeds");
        assertThat(p.region()).isEqualTo("West Yorkshire");
        assertThat(IdentityProfile.attributes("Dana Kowalski", ProfileLocation.parse("somewhere"), List.of()).locality())
                .isNull();
    }

    @Test
    void aLocationIsWeakEvidenceThatAloneNeverSuggestsLetAloneConfirms() {
        // The most a profile location can add: locality and region both agreeing.
        assertThat(MatchScorer.LOCALITY.agree() + MatchScorer.REGION.agree()).isLessThan(MatchThresholds.SUGGEST);
        PersonAttributes fromProfile = IdentityProfile.attributes(null, ProfileLocation.parse("Leeds, West Yorkshire"),
                List.of());
        PersonAttributes customer = PersonAttributes.named("Dana", "Kowalski").withAddress("4", "Otley Road", "Leeds",
                "LS6 2AB", "West Yorkshire");
        MatchScorer.Result r = MatchScorer.score(NormalizedPerson.of(fromProfile), NormalizedPerson.of(customer));
        assertThat(r.evidence()).extracting(Evidence::attribute).containsExactly("locality", "region");
        assertThat(MatchLevel.of(r.score())).isEqualTo(MatchLevel.NONE);

        // With both names from the display name it becomes a suggestion (9 + 2.5), still far from confirmable.
        PersonAttributes named = IdentityProfile.attributes("Dana Kowalski", ProfileLocation.parse("Leeds, UK"), List.of());
        double score = MatchScorer.score(NormalizedPerson.of(named), NormalizedPerson.of(customer)).score();
        assertThat(MatchLevel.of(score)).isEqualTo(MatchLevel.SUGGEST);
        double withoutLocation = MatchScorer.score(NormalizedPerson.of(IdentityProfile.attributes("Dana Kowalski",
                List.of())), NormalizedPerson.of(customer)).score();
        assertThat(MatchLevel.of(withoutLocation)).isEqualTo(MatchLevel.NONE);
    }
}
