package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class MatchAuditTest {

    static final PersonAttributes DANA = PersonAttributes.named("Dana", "Kowalski").withEmails("dana@example.org")
            .withAddress(null, null, "Leeds", null, null).withDateOfBirth(LocalDate.of(1990, 3, 4));

    static Map<String, NormalizedPerson> customers() {
        Map<String, NormalizedPerson> c = new LinkedHashMap<>();
        c.put("crm-dana", NormalizedPerson.of(DANA));
        c.put("crm-namesake", NormalizedPerson.of(PersonAttributes.named("Dana", "Kowalski")
                .withDateOfBirth(LocalDate.of(1990, 3, 4))));
        c.put("crm-other", NormalizedPerson.of(PersonAttributes.named("Dana", "Smith")));
        c.put("crm-far", NormalizedPerson.of(PersonAttributes.named("Lee", "Kowalczyk")));
        return c;
    }

    @Test
    void anOutcomeShowsTheSuggestionsAndCountsWhatStayedBelow() {
        MatchOutcome all = MatchOutcome.of(NormalizedPerson.of(DANA), customers(), 10);
        assertThat(all.suggestions()).extracting(MatchCandidate::customerId).containsExactly("crm-dana", "crm-namesake");
        assertThat(all.scored()).isEqualTo(4);
        assertThat(all.belowSuggest()).isEqualTo(2);

        MatchOutcome one = MatchOutcome.of(NormalizedPerson.of(DANA), customers(), 1);
        assertThat(one.suggestions()).extracting(MatchCandidate::customerId).containsExactly("crm-dana");
        assertThat(one.belowSuggest()).as("a suggestion cut by the limit is not below the threshold").isEqualTo(2);
    }

    @Test
    void anEvaluationIsRecordedWithAttributeNamesIdsScoresAndLevelsButNoValue() {
        MatchOutcome outcome = MatchOutcome.of(NormalizedPerson.of(DANA), customers(), 10);
        Map<String, Object> person = MatchAudit.evaluation(null, DANA.presentAttributes(), List.of(), 10, outcome);
        assertThat(person).containsEntry("request", "person").containsEntry("limit", 10).containsEntry("scored", 4)
                .containsEntry("belowSuggest", 2).doesNotContainKey("identityId");
        assertThat(person.get("attributes")).isEqualTo(List.of("givenName", "familyName", "emails", "locality", "dateOfBirth"));
        List<Map<String, Object>> candidates = (List<Map<String, Object>>) person.get("candidates");
        assertThat(candidates).extracting(c -> c.get("customerId")).containsExactly("crm-dana", "crm-namesake");
        assertThat(candidates.get(0)).containsOnlyKeys("customerId", "score", "level")
                .containsEntry("level", "CONFIRMABLE_WITH_CONSENT");
        assertThat(person.toString()).doesNotContainIgnoringCase("kowalski").doesNotContain("dana@").doesNotContain("1990")
                .doesNotContainIgnoringCase("leeds");

        UUID identity = UUID.randomUUID();
        Map<String, Object> stored = MatchAudit.evaluation(identity, List.of("givenName"), List.of("display-name"), 5,
                MatchOutcome.NOTHING_KNOWN);
        assertThat(stored).containsEntry("request", "identity").containsEntry("identityId", identity.toString())
                .containsEntry("sources", List.of("display-name")).containsEntry("candidates", List.of());
    }

    @Test
    void aDecisionBasisHasScoreLevelAndPerAttributeContributionsWithoutValues() {
        MatchScorer.Result r = MatchScorer.score(NormalizedPerson.of(PersonAttributes.named("Dana", "Kowalski")),
                NormalizedPerson.of(DANA));
        Map<String, Object> basis = MatchAudit.decisionBasis(r);
        assertThat(basis).containsEntry("score", 9.0).containsEntry("level", "NONE");
        assertThat((List<Map<String, Object>>) basis.get("evidence")).extracting(e -> e.get("attribute"))
                .containsExactly("givenName", "familyName");
        assertThat(basis.toString()).doesNotContainIgnoringCase("kowalski");
    }

    @Test
    void presentAttributesNameWhatWasGivenNotBlanks() {
        PersonAttributes p = new PersonAttributes(" ", "Kowalski", List.of(), List.of("0412 345 678"), null, null, "",
                null, "2000", null, null);
        assertThat(p.presentAttributes()).containsExactly("familyName", "phones", "postcode");
    }
}
