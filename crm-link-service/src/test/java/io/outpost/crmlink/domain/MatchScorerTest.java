package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class MatchScorerTest {

    private static final LocalDate BORN = LocalDate.of(1985, 6, 14);
    private static final PersonAttributes DANA = PersonAttributes.named("Dana", "Krause")
            .withAddress("6", "Tullaroop Street", "St James", "4011", "WA").withDateOfBirth(BORN)
            .withEmails("dana.krause@example.org").withPhones("+61 412 345 678").withAccountNumbers("7364009");

    private static MatchScorer.Result score(PersonAttributes query, PersonAttributes candidate) {
        return MatchScorer.score(NormalizedPerson.of(query), NormalizedPerson.of(candidate));
    }

    private static Evidence evidence(MatchScorer.Result r, String attribute) {
        return r.evidence().stream().filter(e -> e.attribute().equals(attribute)).findFirst().orElseThrow();
    }

    @Test
    void aWeightIsLinearBetweenDisagreeAndAgree() {
        MatchScorer.Weight w = new MatchScorer.Weight(4, -2, 0.75, 0.95);
        assertThat(w.contribution(1)).isEqualTo(4);
        assertThat(w.contribution(0.95)).isEqualTo(4);
        assertThat(w.contribution(0.85)).isCloseTo(1, within(1e-9));
        assertThat(w.contribution(0.75)).isEqualTo(-2);
        assertThat(w.contribution(0)).isEqualTo(-2);
    }

    @Test
    void evidenceListsEachAttributeKnownOnBothSides() {
        MatchScorer.Result r = score(DANA, DANA);
        assertThat(r.evidence()).extracting(Evidence::attribute).containsExactly("email", "phone", "accountNumber",
                "givenName", "familyName", "dateOfBirth", "streetNumber", "street", "locality", "postcode", "region");
        assertThat(r.evidence()).allSatisfy(e -> assertThat(e.similarity()).isEqualTo(1.0));
        assertThat(evidence(r, "familyName").queryValue()).isEqualTo("krause");
        assertThat(evidence(r, "familyName").candidateValue()).isEqualTo("krause");
        assertThat(evidence(r, "familyName").contribution()).isEqualTo(MatchScorer.FAMILY_NAME.agree());
        assertThat(r.score()).isCloseTo(r.evidence().stream().mapToDouble(Evidence::contribution).sum(),
                within(1e-9));
    }

    @Test
    void missingAttributesNeitherHelpNorHurt() {
        PersonAttributes namesOnly = PersonAttributes.named("Dana", "Krause");
        MatchScorer.Result r = score(namesOnly, DANA);
        assertThat(r.evidence()).extracting(Evidence::attribute).containsExactly("givenName", "familyName");
        assertThat(r.score()).isEqualTo(MatchScorer.GIVEN_NAME.agree() + MatchScorer.FAMILY_NAME.agree());
        assertThat(score(PersonAttributes.named(null, null), DANA).score()).isZero();
    }

    @Test
    void anExactIdentifierIsStrongOnItsOwn() {
        PersonAttributes emailOnly = PersonAttributes.named(null, null).withEmails(" Dana.Krause@EXAMPLE.org");
        PersonAttributes phoneOnly = PersonAttributes.named(null, null).withPhones("0412 345 678");
        PersonAttributes accountOnly = PersonAttributes.named(null, null).withAccountNumbers("73-64-009");
        for (PersonAttributes p : List.of(emailOnly, phoneOnly, accountOnly)) {
            assertThat(score(p, DANA).score()).isGreaterThanOrEqualTo(MatchThresholds.SUGGEST);
        }
        assertThat(MatchScorer.EMAIL.agree()).isGreaterThan(MatchScorer.FAMILY_NAME.agree()
                + MatchScorer.GIVEN_NAME.agree());
    }

    @Test
    void aDifferentEmailCountsNothingAgainst() {
        MatchScorer.Result r = score(PersonAttributes.named("Dana", "Krause").withEmails("dk@other.org"), DANA);
        assertThat(evidence(r, "email").contribution()).isZero();
        assertThat(evidence(r, "email").similarity()).isZero();
    }

    @Test
    void aTypoInTheFamilyNameStillAgreesMostly() {
        MatchScorer.Result r = score(PersonAttributes.named("Dana", "Kraus").withDateOfBirth(BORN), DANA);
        assertThat(evidence(r, "familyName").similarity()).isGreaterThan(0.95);
        assertThat(r.score()).isGreaterThanOrEqualTo(MatchThresholds.SUGGEST);
    }

    @Test
    void swappedNamesAreComparedCrosswise() {
        MatchScorer.Result r = score(PersonAttributes.named("Krause", "Dana").withDateOfBirth(BORN), DANA);
        assertThat(r.evidence()).extracting(Evidence::attribute).contains("givenName~familyName",
                "familyName~givenName");
        assertThat(r.score()).isEqualTo(score(PersonAttributes.named("Dana", "Krause").withDateOfBirth(BORN), DANA)
                .score());
    }

    @Test
    void aDifferentBirthDateCountsAgainstAndATypoInItLess() {
        double same = score(PersonAttributes.named("Dana", "Krause").withDateOfBirth(BORN), DANA).score();
        double typo = score(PersonAttributes.named("Dana", "Krause").withDateOfBirth(LocalDate.of(1985, 6, 15)), DANA)
                .score();
        double other = score(PersonAttributes.named("Dana", "Krause").withDateOfBirth(LocalDate.of(1962, 11, 2)), DANA)
                .score();
        assertThat(same).isGreaterThan(typo);
        assertThat(typo).isGreaterThan(other);
        assertThat(MatchScorer.dateSimilarity(LocalDate.of(1985, 6, 4), LocalDate.of(1985, 4, 6)))
                .isEqualTo(MatchScorer.NEAR_DATE);
        assertThat(MatchScorer.dateSimilarity(LocalDate.of(1985, 6, 14), LocalDate.of(1958, 6, 14)))
                .isEqualTo(MatchScorer.NEAR_DATE);
        assertThat(MatchScorer.dateSimilarity(LocalDate.of(1985, 6, 14), LocalDate.of(1962, 11, 2))).isZero();
    }

    @Test
    void streetsCompareWordByWordInAnyOrder() {
        assertThat(MatchScorer.wordSimilarity("langdon avenue arawang", "arawang langdon avenue")).isEqualTo(1.0);
        assertThat(MatchScorer.wordSimilarity("langdon avenue", "langdon avenue arawang")).isEqualTo(1.0);
        assertThat(MatchScorer.wordSimilarity("tullaroop street", "giblin road")).isLessThan(0.75);
    }

    @Test
    void namesWrittenWithOrWithoutBlanksAreOneName() {
        assertThat(MatchScorer.nameSimilarity("mc donald", "mcdonald")).isEqualTo(1.0);
        assertThat(MatchScorer.nameSimilarity("dana", "liam")).isLessThan(0.75);
    }

    @Test
    void postcodesAndIdentifiersTolerateOneTypo() {
        assertThat(MatchScorer.editSimilarity("4011", "4012")).isEqualTo(0.75);
        MatchScorer.Result r = score(PersonAttributes.named(null, null).withAccountNumbers("7364090"), DANA);
        assertThat(evidence(r, "accountNumber").contribution()).isPositive()
                .isLessThan(MatchScorer.ACCOUNT_NUMBER.agree());
    }
}
