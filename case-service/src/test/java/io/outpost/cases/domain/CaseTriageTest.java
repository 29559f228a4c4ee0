package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.contracts.events.PostIngested.Enrichment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaseTriageTest {

    private final CaseTriage.Rules rules = new CaseTriage.Rules(3, Map.of("outage", 1, "billing", 2, "praise", 4),
            -0.5, true, Map.of("billing", List.of("billing")), Map.of("*", List.of("lang:{value}")),
            Map.of("x", List.of("channel:x", "social")), Set.of("billing"));

    @Test
    void noEnrichmentGivesTheDefaultPriorityAndTheChannelSkills() {
        CaseTriage.Result r = CaseTriage.triage(rules, "x", null);
        assertThat(r.priority()).isEqualTo(3);
        assertThat(r.requiredSkills()).containsExactly("channel:x", "social");
        assertThat(r.onlyWeCanAnswer()).isFalse();
        assertThat(CaseTriage.triage(rules, "forum", null).requiredSkills()).isEmpty();
    }

    @Test
    void intentLanguageAndChannelGiveSkillsInThatOrderWithoutRepeats() {
        CaseTriage.Result r = CaseTriage.triage(rules, "X", new Enrichment("EN", 0.1, "Billing", List.of(), null));
        assertThat(r.requiredSkills()).containsExactly("billing", "lang:en", "channel:x", "social");
        assertThat(r.priority()).isEqualTo(2);
        assertThat(r.onlyWeCanAnswer()).isTrue();
    }

    @Test
    void negativeSentimentAndUrgencyEachRaiseThePriorityByOneWithinOneToFour() {
        assertThat(CaseTriage.triage(rules, "x", new Enrichment(null, -0.5, null, null, null)).priority())
                .as("at the threshold").isEqualTo(2);
        assertThat(CaseTriage.triage(rules, "x", new Enrichment(null, -0.49, null, null, null)).priority())
                .as("above the threshold").isEqualTo(3);
        assertThat(CaseTriage.triage(rules, "x", new Enrichment(null, -0.9, null, List.of("charged twice"), null))
                .priority()).isEqualTo(1);
        assertThat(CaseTriage.triage(rules, "x", new Enrichment(null, -0.9, "outage", List.of("down"), null))
                .priority()).as("never above 1").isEqualTo(1);
        assertThat(CaseTriage.triage(rules, "x", new Enrichment(null, 0.9, "praise", List.of(" "), null)).priority())
                .as("blank hints are no hints").isEqualTo(4);
        CaseTriage.Rules calm = new CaseTriage.Rules(3, Map.of(), -0.5, false, Map.of(), Map.of(), Map.of(), Set.of());
        assertThat(CaseTriage.triage(calm, "x", new Enrichment(null, null, null, List.of("urgent"), null)).priority())
                .as("hints switched off").isEqualTo(3);
    }

    @Test
    void badRulesAreRefused() {
        assertThatThrownBy(() -> new CaseTriage.Rules(5, Map.of(), -0.5, true, Map.of(), Map.of(), Map.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CaseTriage.Rules(3, Map.of("outage", 0), -0.5, true, Map.of(), Map.of(), Map.of(),
                Set.of())).hasMessageContaining("outage");
    }
}
