package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.domain.Threading.Candidate;
import io.outpost.cases.domain.Threading.Join;
import io.outpost.cases.domain.Threading.Open;
import io.outpost.cases.domain.Threading.Skip;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ThreadingTest {

    private final Candidate parent = new Candidate(UUID.randomUUID(), CaseStatus.OPEN);
    private final Candidate conversation = new Candidate(UUID.randomUUID(), CaseStatus.NEW);

    @Test
    void aPostWithoutAnyCaseOpensOne() {
        assertThat(Threading.decide(false, false, null, null)).isEqualTo(new Open());
    }

    @Test
    void aReplyJoinsItsParentsCaseBeforeTheConversationsCase() {
        assertThat(Threading.decide(false, false, parent, conversation)).isEqualTo(new Join(parent.caseId(), false));
    }

    @Test
    void aPostOfAConversationWithACaseJoinsIt() {
        assertThat(Threading.decide(false, false, null, conversation)).isEqualTo(new Join(conversation.caseId(), false));
    }

    @ParameterizedTest
    @EnumSource(value = CaseStatus.class, names = "CLOSED", mode = EnumSource.Mode.EXCLUDE)
    void everyStateButClosedTakesPosts(CaseStatus status) {
        Candidate c = new Candidate(UUID.randomUUID(), status);
        assertThat(Threading.decide(false, false, c, null)).isEqualTo(new Join(c.caseId(), false));
        assertThat(Threading.decide(false, false, null, c)).isEqualTo(new Join(c.caseId(), false));
    }

    @Test
    void aClosedParentCaseFallsBackToTheConversationThenToANewCase() {
        Candidate closedParent = new Candidate(UUID.randomUUID(), CaseStatus.CLOSED);
        Candidate closedConversation = new Candidate(UUID.randomUUID(), CaseStatus.CLOSED);
        assertThat(Threading.decide(false, false, closedParent, conversation))
                .isEqualTo(new Join(conversation.caseId(), false));
        assertThat(Threading.decide(false, false, closedParent, closedConversation)).isEqualTo(new Open());
    }

    @Test
    void ourOwnPostsJoinAsAgentRepliesAndNeverOpenACase() {
        assertThat(Threading.decide(false, true, parent, conversation)).isEqualTo(new Join(parent.caseId(), true));
        assertThat(Threading.decide(false, true, null, conversation)).isEqualTo(new Join(conversation.caseId(), true));
        assertThat(Threading.decide(false, true, null, null)).isInstanceOf(Skip.class);
        assertThat(Threading.decide(false, true, new Candidate(UUID.randomUUID(), CaseStatus.CLOSED), null))
                .isInstanceOf(Skip.class);
    }

    @Test
    void aPostFiledBeforeIsIgnoredWhateverElseHolds() {
        assertThat(Threading.decide(true, false, null, null)).isInstanceOf(Skip.class);
        assertThat(Threading.decide(true, false, parent, conversation)).isInstanceOf(Skip.class);
        assertThat(Threading.decide(true, true, parent, null)).isInstanceOf(Skip.class);
    }

    @Test
    void aCustomerPostReopensAResolvedCaseOnlyWithinTheWindow() {
        Instant resolvedAt = Instant.parse("2026-11-01T10:00:00Z");
        Duration window = Duration.ofDays(7);
        Candidate resolved = new Candidate(UUID.randomUUID(), CaseStatus.RESOLVED, resolvedAt);
        assertThat(Threading.decide(false, false, null, resolved, resolvedAt.plus(window), window))
                .as("at the window's end").isEqualTo(new Join(resolved.caseId(), false));
        assertThat(Threading.decide(false, false, resolved, null, resolvedAt.plus(window).plusSeconds(1), window))
                .as("after the window: a new case").isEqualTo(new Open());
        assertThat(Threading.decide(false, true, null, resolved, resolvedAt.plus(Duration.ofDays(30)), window))
                .as("our own echo still joins").isEqualTo(new Join(resolved.caseId(), true));
        Candidate open = new Candidate(UUID.randomUUID(), CaseStatus.OPEN, null);
        assertThat(Threading.decide(false, false, null, open, resolvedAt.plus(Duration.ofDays(30)), window))
                .as("the window only concerns resolved cases").isEqualTo(new Join(open.caseId(), false));
    }

    @Test
    void aSurveyAnswerGoesToTheSurveysCaseWhateverItsConversationHas() {
        UUID surveyCase = UUID.randomUUID();
        SurveyReplies.Answer answer = new SurveyReplies.Answer(UUID.randomUUID(), surveyCase, "score 9");
        Instant at = Instant.parse("2026-11-02T08:00:00Z");
        assertThat(Threading.decide(false, false, parent, conversation, at, Duration.ofDays(7), answer))
                .isEqualTo(new Threading.FileAsSurveyAnswer(surveyCase, answer.surveyId()));
        // No case of its conversation at all (a DM after a case that began in public): not a new case either.
        assertThat(Threading.decide(false, false, null, null, at, Duration.ofDays(7), answer))
                .isEqualTo(new Threading.FileAsSurveyAnswer(surveyCase, answer.surveyId()));
        // A redelivery is still a redelivery; without an answer the post threads as before.
        assertThat(Threading.decide(true, false, null, null, at, Duration.ofDays(7), answer)).isInstanceOf(Skip.class);
        assertThat(Threading.decide(false, false, null, null, at, Duration.ofDays(7), null)).isEqualTo(new Open());
    }

    @Test
    void ourOwnPostCarryingAReplysPlatformIdConfirmsThatReplyOnItsCaseWhateverTheThreadingSays() {
        Threading.EchoedReply echoed = new Threading.EchoedReply(UUID.randomUUID(), UUID.randomUUID());
        assertThat(Threading.decide(false, true, parent, conversation, null, null, null, echoed))
                .isEqualTo(new Threading.ConfirmReply(echoed.caseId(), echoed.replyId()));
        assertThat(Threading.decide(false, true, null, null, null, null, null, echoed))
                .as("even when the reply's case no longer takes posts from the threading")
                .isEqualTo(new Threading.ConfirmReply(echoed.caseId(), echoed.replyId()));
        assertThat(Threading.decide(true, true, parent, null, null, null, null, echoed))
                .as("a redelivered echo").isEqualTo(new Skip("already filed"));
    }

    @Test
    void ourOwnPostThatMatchesNoReplyIsABrandPostAsBefore() {
        assertThat(Threading.decide(false, true, parent, null, null, null, null, null))
                .isEqualTo(new Join(parent.caseId(), true));
        assertThat(Threading.decide(false, true, null, null, null, null, null, null)).isInstanceOf(Skip.class);
    }

    @Test
    void aCustomersPostIsNeverAnEcho() {
        Threading.EchoedReply echoed = new Threading.EchoedReply(UUID.randomUUID(), UUID.randomUUID());
        assertThat(Threading.decide(false, false, parent, null, null, null, null, echoed))
                .isEqualTo(new Join(parent.caseId(), false));
    }

    @Test
    void theEchoOfASurveyInvitationOrConsentRequestIsFiledWhereItWouldJoinButAsNoResponse() {
        UUID survey = UUID.randomUUID();
        Instant resolvedAt = Instant.parse("2026-11-01T10:00:00Z");
        Candidate resolved = new Candidate(UUID.randomUUID(), CaseStatus.RESOLVED, resolvedAt);
        assertThat(Threading.decide(false, true, null, resolved, resolvedAt.plusSeconds(60), Duration.ofDays(7), null,
                null, survey, null, null))
                .as("the survey invitation in the DM thread of the resolved case: no brand response")
                .isEqualTo(new Threading.FileAsOwnMessage(resolved.caseId(), survey));
        assertThat(Threading.decide(false, true, parent, conversation, null, null, null, null, survey, null, null))
                .as("the reply chain first, as for any post").isEqualTo(new Threading.FileAsOwnMessage(parent.caseId(), survey));
        assertThat(Threading.decide(false, true, new Candidate(UUID.randomUUID(), CaseStatus.CLOSED), null, null, null,
                null, null, survey, null, null))
                .as("outside any open case: nothing to record").isInstanceOf(Skip.class);
        assertThat(Threading.decide(true, true, null, conversation, null, null, null, null, survey, null, null))
                .as("a redelivered echo").isEqualTo(new Skip("already filed"));
        assertThat(Threading.decide(false, true, null, conversation, null, null, null, null, null, null, null))
                .as("without the message known it is a post the brand typed on the platform")
                .isEqualTo(new Join(conversation.caseId(), true));
    }

    @Test
    void onlyOurOwnAccountsPostIsTheEchoOfOurMessage() {
        assertThat(Threading.decide(false, false, null, conversation, null, null, null, null, UUID.randomUUID(), null,
                null)).isEqualTo(new Join(conversation.caseId(), false));
    }
}
