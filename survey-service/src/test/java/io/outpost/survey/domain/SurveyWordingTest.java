package io.outpost.survey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.contracts.surveys.SurveyKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SurveyWordingTest {

    @Test
    void aLanguageIsFoundByItsPrimaryTagAndEverythingElseFallsBackToEnglish() {
        assertThat(SurveyWording.forLanguage("es")).isSameAs(SurveyWording.SPANISH);
        assertThat(SurveyWording.forLanguage("ES-mx")).isSameAs(SurveyWording.SPANISH);
        assertThat(SurveyWording.forLanguage("es_419")).isSameAs(SurveyWording.SPANISH);
        assertThat(SurveyWording.forLanguage("de")).isSameAs(SurveyWording.ENGLISH);
        assertThat(SurveyWording.forLanguage("")).isSameAs(SurveyWording.ENGLISH);
        assertThat(SurveyWording.forLanguage(null)).isSameAs(SurveyWording.ENGLISH);
    }

    @Test
    void theInvitationCarriesTheLinkAndTheScaleOfItsKind() {
        String link = "https://survey.example.com/s/abc.def";
        assertThat(SurveyWording.ENGLISH.invitationText(SurveyKind.NPS, link)).contains("from 0 to 10").endsWith(link);
        assertThat(SurveyWording.ENGLISH.invitationText(SurveyKind.CSAT, link)).contains("from 1 to 5").endsWith(link);
        assertThat(SurveyWording.SPANISH.invitationText(SurveyKind.CES, link)).contains("del 1 (muy difícil) al 7")
                .endsWith(link);
    }

    @Test
    void everyWordingHasATextForEveryKind() {
        for (SurveyWording w : new SurveyWording[] { SurveyWording.ENGLISH, SurveyWording.SPANISH }) {
            for (SurveyKind kind : SurveyKind.values()) {
                assertThat(w.question().get(kind)).as(w.language() + " " + kind).isNotBlank();
                assertThat(w.invitation().get(kind)).as(w.language() + " " + kind).contains("{link}");
            }
        }
        assertThatThrownBy(() -> new SurveyWording("fr", Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), "", "", "", "",
                "", "", "", "", "", "", "", "", "", "")).hasMessage("wording 'fr' lacks a text for a survey kind");
    }

    @Test
    void openingSentimentBuckets() {
        assertThat(OpeningSentiment.of(-0.6)).isEqualTo(OpeningSentiment.NEGATIVE);
        assertThat(OpeningSentiment.of(-0.05)).isEqualTo(OpeningSentiment.NEGATIVE);
        assertThat(OpeningSentiment.of(0.0)).isEqualTo(OpeningSentiment.NEUTRAL);
        assertThat(OpeningSentiment.of(0.05)).isEqualTo(OpeningSentiment.POSITIVE);
        assertThat(OpeningSentiment.of(null)).isEqualTo(OpeningSentiment.UNKNOWN);
    }
}
