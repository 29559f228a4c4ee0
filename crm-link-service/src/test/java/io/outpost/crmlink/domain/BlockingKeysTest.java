package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BlockingKeysTest {

    private static Set<String> keys(PersonAttributes p) {
        return BlockingKeys.of(NormalizedPerson.of(p));
    }

    private static Set<String> shared(PersonAttributes a, PersonAttributes b) {
        Set<String> s = new HashSet<>(keys(a));
        s.retainAll(keys(b));
        return s;
    }

    @Test
    void identifiersAndBirthDateAreExactKeys() {
        Set<String> k = keys(PersonAttributes.named(null, null).withEmails("Dana@X.org").withPhones("+44 7700 900123")
                .withAccountNumbers("ac-1").withDateOfBirth(LocalDate.of(1990, 3, 4)));
        assertThat(k).containsExactlyInAnyOrder("e:dana@x.org", "p:700900123", "a:AC1", "d:19900304");
    }

    @Test
    void namesGivePhoneticKeysSoATypoKeepsTheKey() {
        assertThat(BlockingKeys.codes("smith")).contains("SM0");
        assertThat(BlockingKeys.codes("smyth")).contains("SM0");
        assertThat(shared(PersonAttributes.named("dana", "smith"), PersonAttributes.named("dana", "smyth")))
                .anyMatch(key -> key.startsWith("nn:"));
    }

    @Test
    void swappedGivenAndFamilyNamesShareTheNameKey() {
        assertThat(shared(PersonAttributes.named("madeleine", "paterson"),
                PersonAttributes.named("paterson", "madeleine"))).anyMatch(key -> key.startsWith("nn:"));
    }

    @Test
    void aNameWithPostcodeYearOrLocalityIsAKey() {
        Set<String> k = keys(PersonAttributes.named(null, "krause").withAddress("6", "tullaroop street", "st james",
                "4011", "wa").withDateOfBirth(LocalDate.of(1990, 3, 4)));
        String code = BlockingKeys.codes("krause").get(0);
        assertThat(k).contains("np:" + code + "|4011", "ny:" + code + "|1990", "nl:" + code + "|st james",
                "ad:4011|6|tullaroop", "d:19900304");
    }

    @Test
    void nothingKnownGivesNoKeys() {
        assertThat(keys(PersonAttributes.named(null, null))).isEmpty();
        assertThat(keys(PersonAttributes.named(null, null).withAddress(null, null, null, null, "wa"))).isEmpty();
    }

    @Test
    void theIndexComparesOnlyCustomersSharingAKey() {
        CandidateIndex index = new CandidateIndex();
        index.put("c1", PersonAttributes.named("dana", "krause").withDateOfBirth(LocalDate.of(1990, 3, 4)));
        index.put("c2", PersonAttributes.named("liam", "obrien").withDateOfBirth(LocalDate.of(1971, 1, 1)));
        index.put("c3", PersonAttributes.named("ana", "krauss").withEmails("ana@x.org"));
        NormalizedPerson q = NormalizedPerson.of(PersonAttributes.named("dana", "krauze"));
        assertThat(index.candidates(q)).containsExactly("c1");
        assertThat(index.candidates(NormalizedPerson.of(PersonAttributes.named(null, null).withEmails("ANA@x.org"))))
                .containsExactly("c3");
        assertThat(index.size()).isEqualTo(3);
    }

    @Test
    void puttingACustomerAgainReplacesItsKeysAndRemovingDropsThem() {
        CandidateIndex index = new CandidateIndex();
        index.put("c1", PersonAttributes.named(null, null).withEmails("old@x.org"));
        index.put("c1", PersonAttributes.named(null, null).withEmails("new@x.org"));
        assertThat(index.candidates(NormalizedPerson.of(PersonAttributes.named(null, null).withEmails("old@x.org"))))
                .isEmpty();
        assertThat(index.candidates(NormalizedPerson.of(PersonAttributes.named(null, null).withEmails("new@x.org"))))
                .containsExactly("c1");
        index.remove("c1");
        assertThat(index.candidates(NormalizedPerson.of(PersonAttributes.named(null, null).withEmails("new@x.org"))))
                .isEmpty();
        assertThat(index.get("c1")).isEmpty();
    }

    @Test
    void anOversizedBlockIsSkipped() {
        CandidateIndex index = new CandidateIndex(2);
        for (int i = 0; i < 3; i++) {
            index.put("c" + i, PersonAttributes.named(null, null).withDateOfBirth(LocalDate.of(1990, 3, 4)));
        }
        index.put("c9", PersonAttributes.named(null, null).withDateOfBirth(LocalDate.of(1990, 3, 4))
                .withEmails("dana@x.org"));
        PersonAttributes q = PersonAttributes.named(null, null).withDateOfBirth(LocalDate.of(1990, 3, 4))
                .withEmails("dana@x.org");
        assertThat(index.candidates(NormalizedPerson.of(q))).containsExactly("c9");
    }
}
