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
}
