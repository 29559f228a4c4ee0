package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyTargetTest {

    private static CasePost at(String externalId, int minute, String hiddenReason) {
        CasePost p = UnhidingTest.post(hiddenReason);
        p.externalId = externalId;
        p.createdAt = Instant.parse("2026-11-01T08:00:00Z").plusSeconds(60L * minute);
        return p;
    }

    @Test
    void theLatestPublicCustomerPostThatCountsIsAnswered() {
        CasePost question = at("question", 0, null);
        CasePost followUp = at("follow-up", 5, null);
        assertThat(ReplyTarget.publicPostToAnswer(List.of(followUp, question))).contains(followUp);
    }

    @Test
    void aHiddenBotReplyIsSkippedUntilUnhidden() {
        CasePost question = at("question", 0, null);
        CasePost bot = at("bot", 5, "bot: repeated text");
        assertThat(ReplyTarget.publicPostToAnswer(List.of(question, bot))).contains(question);
        bot.unhiddenAt = bot.createdAt.plusSeconds(600);
        assertThat(ReplyTarget.publicPostToAnswer(List.of(question, bot))).contains(bot);
    }

    @Test
    void privatePostsEchoesAndSurveyAnswersAreNeverAnsweredInPublic() {
        CasePost dm = at("dm", 9, null);
        dm.visibility = "private";
        CasePost echo = at("echo", 8, null);
        echo.fromOwnAccount = true;
        CasePost answer = at("answer", 7, null);
        answer.surveyId = java.util.UUID.randomUUID();
        assertThat(ReplyTarget.publicPostToAnswer(List.of(dm, echo, answer))).isEmpty();
        CasePost onlyHidden = at("spam", 1, "spam");
        assertThat(ReplyTarget.publicPostToAnswer(List.of(onlyHidden))).isEmpty();
    }
}
