package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.domain.SurveyReplies.Answer;
import io.outpost.cases.domain.SurveyReplies.Outstanding;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SurveyRepliesTest {

    private static final Instant SENT = Instant.parse("2026-11-01T09:00:00Z");
    private static final Instant EXPIRES = SENT.plus(Duration.ofDays(7));
    private static final Instant DM = SENT.plus(Duration.ofHours(2));

    private final Outstanding nps = new Outstanding(UUID.randomUUID(), UUID.randomUUID(), "nps", SENT, EXPIRES, null);

    @ParameterizedTest
    @ValueSource(strings = { "9", "9/10", "I'd say 8 - quick help", "Honestly a 6. Took a while." })
    void aDmThatReadsAsAScoreIsTheSurveys(String text) {
        assertThat(SurveyReplies.answer(true, false, text, DM, nps))
                .hasValueSatisfying(a -> {
                    assertThat(a.surveyId()).isEqualTo(nps.surveyId());
                    assertThat(a.caseId()).isEqualTo(nps.caseId());
                    assertThat(a.reading()).startsWith("score ");
                });
    }

    @Test
    void stopIsTheSurveysToo() {
        assertThat(SurveyReplies.answer(true, false, "STOP", DM, nps))
                .contains(new Answer(nps.surveyId(), nps.caseId(), "opt-out"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "my router is still broken", "5 bars LTE, still won't load", "11", "7-8",
            "waited 3 days", "" })
    void anythingElseIsAMessageForTheCase(String text) {
        assertThat(SurveyReplies.answer(true, false, text, DM, nps)).isEmpty();
    }

    @Test
    void onlyTheCustomersDmsInsideTheWindowAreRead() {
        assertThat(SurveyReplies.answer(false, false, "9", DM, nps)).as("a public post").isEmpty();
        assertThat(SurveyReplies.answer(true, true, "9", DM, nps)).as("our own DM").isEmpty();
        assertThat(SurveyReplies.answer(true, false, "9", DM, null)).as("no survey").isEmpty();
        assertThat(SurveyReplies.answer(true, false, "9", SENT.minusSeconds(1), nps)).as("before it was sent").isEmpty();
        assertThat(SurveyReplies.answer(true, false, "9", SENT, nps)).as("as it was sent").isPresent();
        assertThat(SurveyReplies.answer(true, false, "9", EXPIRES.minusSeconds(1), nps)).isPresent();
        assertThat(SurveyReplies.answer(true, false, "9", EXPIRES, nps)).as("when it expires").isEmpty();
        Outstanding noWindow = new Outstanding(nps.surveyId(), nps.caseId(), "nps", SENT, null, null);
        assertThat(SurveyReplies.answer(true, false, "9", DM, noWindow)).as("no window known").isEmpty();
    }

    @Test
    void aDmAfterTheRecordedAnswerIsAMessageButTheAnsweringDmItselfIsNot() {
        Instant answeredAt = DM.plusSeconds(5);
        Outstanding answered = new Outstanding(nps.surveyId(), nps.caseId(), "nps", SENT, EXPIRES, answeredAt);
        // survey.answered for this very DM may reach case-service before the DM's post.ingested.
        assertThat(SurveyReplies.answer(true, false, "9", DM, answered)).isPresent();
        assertThat(SurveyReplies.answer(true, false, "9", answeredAt.plusSeconds(60), answered)).isEmpty();
    }

    @Test
    void theScaleIsTheSurveysKind() {
        Outstanding csat = new Outstanding(nps.surveyId(), nps.caseId(), "csat", SENT, EXPIRES, null);
        assertThat(SurveyReplies.answer(true, false, "5", DM, csat)).isPresent();
        assertThat(SurveyReplies.answer(true, false, "9", DM, csat)).as("off the 1-5 scale").isEmpty();
        Outstanding unknown = new Outstanding(nps.surveyId(), nps.caseId(), "stars", SENT, EXPIRES, null);
        assertThat(SurveyReplies.answer(true, false, "9", DM, unknown)).as("a kind we cannot read").isEmpty();
    }
}
