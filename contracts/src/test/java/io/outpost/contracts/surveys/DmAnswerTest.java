package io.outpost.contracts.surveys;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.surveys.DmAnswer.NoAnswer;
import io.outpost.contracts.surveys.DmAnswer.OptOut;
import io.outpost.contracts.surveys.DmAnswer.Score;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DmAnswerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "9|9",
        " 10 |10",
        "0|0",
        "9/10|9",
        "9 / 10|9",
        "8 out of 10|8",
        "8 de 10|8",
        "I'd say 8 - quick help|8",
        "7!|7",
        "Honestly a 6. Took a while.|6",
        "Le doy un 9, muy amables|9",
        "10 👍|10",
    })
    void aSingleNumberOnTheScaleIsTheScore(String text, int score) {
        assertThat(DmAnswer.read(text, SurveyKind.NPS)).isInstanceOfSatisfying(Score.class,
                s -> assertThat(s.score()).isEqualTo(score));
    }

    @Test
    void wordsBesideTheNumberAreKeptAsTheComment() {
        assertThat(DmAnswer.read("I'd say 8 - quick help", SurveyKind.NPS)).isEqualTo(new Score(8, "I'd say 8 - quick help"));
        assertThat(DmAnswer.read(" 9/10! ", SurveyKind.NPS)).isEqualTo(new Score(9, null));
        assertThat(DmAnswer.read("4 de 5", SurveyKind.CSAT)).isEqualTo(new Score(4, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5 or 6|several numbers",
        "7-8|several numbers",
        "between 7 and 8|several numbers",
        "11|off the 0-10 scale",
        "-1|off the 0-10 scale",
        "100|off the 0-10 scale",
        "7.5|not a whole number",
        "8/5|given on another scale than 0-10",
        "waited 3 days|a quantity, not a score",
        "50%|a quantity, not a score",
        "my order #7 never came|a quantity, not a score",
        "refund $5 please|a quantity, not a score",
        "great, thanks|no number",
        "nine|no number",
        "5 bars LTE, still won't load|not written as a score",
        "Since I signed up with you....Since day 1|not written as a score",
        "I need to recover 2 accounts|not written as a score",
        "diablo 3 necromancer won't download|not written as a score",
    })
    void anythingElseIsNoAnswerAndSaysWhy(String text, String why) {
        assertThat(DmAnswer.read(text, SurveyKind.NPS)).isEqualTo(new NoAnswer(why));
    }

    @Test
    void theScaleIsTheSurveys() {
        assertThat(DmAnswer.read("5", SurveyKind.CSAT)).isEqualTo(new Score(5, null));
        assertThat(DmAnswer.read("0", SurveyKind.CSAT)).isEqualTo(new NoAnswer("off the 1-5 scale"));
        assertThat(DmAnswer.read("9/10", SurveyKind.CSAT)).isEqualTo(new NoAnswer("given on another scale than 1-5"));
        assertThat(DmAnswer.read("7", SurveyKind.CES)).isEqualTo(new Score(7, null));
        assertThat(DmAnswer.read("8", SurveyKind.CES)).isEqualTo(new NoAnswer("off the 1-7 scale"));
    }

    @Test
    void emptyAndLongMessagesAreNotAnswers() {
        assertThat(DmAnswer.read(null, SurveyKind.NPS)).isEqualTo(new NoAnswer("empty message"));
        assertThat(DmAnswer.read("  ", SurveyKind.NPS)).isEqualTo(new NoAnswer("empty message"));
        assertThat(DmAnswer.read("9 " + "a".repeat(DmAnswer.MAX_LENGTH), SurveyKind.NPS))
                .isEqualTo(new NoAnswer("longer than 160 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "STOP", "stop.", "Unsubscribe", "opt out", "No more surveys!", "baja", "No más encuestas" })
    void stopWordsOptOut(String text) {
        assertThat(DmAnswer.read(text, SurveyKind.NPS)).isInstanceOf(OptOut.class);
    }

    @Test
    void stopInsideASentenceIsNotAnOptOut() {
        assertThat(DmAnswer.read("please stop charging me twice", SurveyKind.NPS)).isEqualTo(new NoAnswer("no number"));
    }
}
