package io.outpost.cases.domain;

import static io.outpost.cases.domain.Threading.decide;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.domain.Threading.Facts;
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
        assertThat(decide(Facts.of(false, false, null, null))).isEqualTo(new Open());
    }

    @Test
    void aReplyJoinsItsParentsCaseBeforeTheConversationsCase() {
        assertThat(decide(Facts.of(false, false, parent, conversation))).isEqualTo(new Join(parent.caseId(), false));
    }

    @Test
    void aPostOfAConversationWithACaseJoinsIt() {
        assertThat(decide(Facts.of(false, false, null, conversation)))
                .isEqualTo(new Join(conversation.caseId(), false));
    }

    @ParameterizedTest
    @EnumSource(value = CaseStatus.class, names = "CLOSED", mode = EnumSource.Mode.EXCLUDE)
    void everyStateButClosedTakesPosts(CaseStatus status) {
        Candidate c = new Candidate(UUID.randomUUID(), status);
        assertThat(decide(Facts.of(false, false, c, null))).isEqualTo(new Join(c.caseId(), false));
        assertThat(decide(Facts.of(false, false, null, c))).isEqualTo(new Join(c.caseId(), false));
    }

    @Test
    void aClosedParentCaseFallsBackToTheConversationThenToANewCase() {
        Candidate closedParent = new Candidate(UUID.randomUUID(), CaseStatus.CLOSED);
        Candidate closedConversation = new Candidate(UUID.randomUUID(), CaseStatus.CLOSED);
        assertThat(decide(Facts.of(false, false, closedParent, conversation)))
                .isEqualTo(new Join(conversation.caseId(), false));
        assertThat(decide(Facts.of(false, false, closedParent, closedConversation))).isEqualTo(new Open());
    }

    @Test
    void ourOwnPostsJoinAsAgentRepliesAndNeverOpenACase() {
        assertThat(decide(Facts.of(false, true, parent, conversation))).isEqualTo(new Join(parent.caseId(), true));
        assertThat(decide(Facts.of(false, true, null, conversation))).isEqualTo(new Join(conversation.caseId(), true));
        assertThat(decide(Facts.of(false, true, null, null))).isInstanceOf(Skip.class);
        assertThat(decide(Facts.of(false, true, new Candidate(UUID.randomUUID(), CaseStatus.CLOSED), null)))
                .isInstanceOf(Skip.class);
    }

    @Test
    void aPostFiledBeforeIsIgnoredWhateverElseHolds() {
        assertThat(decide(Facts.of(true, false, null, null))).isInstanceOf(Skip.class);
        assertThat(decide(Facts.of(true, false, parent, conversation))).isInstanceOf(Skip.class);
        assertThat(decide(Facts.of(true, true, parent, null))).isInstanceOf(Skip.class);
    }

    @Test
    void aCustomerPostReopensAResolvedCaseOnlyWithinTheWindow() {
        Instant resolvedAt = Instant.parse("2026-11-01T10:00:00Z");
        Duration window = Duration.ofDays(7);
        Candidate resolved = new Candidate(UUID.randomUUID(), CaseStatus.RESOLVED, resolvedAt);
        assertThat(decide(Facts.of(false, false, null, resolved).postedAt(resolvedAt.plus(window), window)))
                .as("at the window's end").isEqualTo(new Join(resolved.caseId(), false));
        assertThat(decide(Facts.of(false, false, resolved, null)
                .postedAt(resolvedAt.plus(window).plusSeconds(1), window)))
                .as("after the window: a new case").isEqualTo(new Open());
        assertThat(decide(Facts.of(false, true, null, resolved).postedAt(resolvedAt.plus(Duration.ofDays(30)), window)))
                .as("our own echo still joins").isEqualTo(new Join(resolved.caseId(), true));
        Candidate open = new Candidate(UUID.randomUUID(), CaseStatus.OPEN, null);
        assertThat(decide(Facts.of(false, false, null, open).postedAt(resolvedAt.plus(Duration.ofDays(30)), window)))
                .as("the window only concerns resolved cases").isEqualTo(new Join(open.caseId(), false));
    }

    @Test
    void aSurveyAnswerGoesToTheSurveysCaseWhateverItsConversationHas() {
        UUID surveyCase = UUID.randomUUID();
        SurveyReplies.Answer answer = new SurveyReplies.Answer(UUID.randomUUID(), surveyCase, "score 9");
        Instant at = Instant.parse("2026-11-02T08:00:00Z");
        assertThat(decide(Facts.of(false, false, parent, conversation).postedAt(at, Duration.ofDays(7))
                .surveyAnswer(answer)))
                .isEqualTo(new Threading.FileAsSurveyAnswer(surveyCase, answer.surveyId()));
        // No case of its conversation at all (a DM after a case that began in public): not a new case either.
        assertThat(decide(Facts.of(false, false, null, null).postedAt(at, Duration.ofDays(7)).surveyAnswer(answer)))
                .isEqualTo(new Threading.FileAsSurveyAnswer(surveyCase, answer.surveyId()));
        // A redelivery is still a redelivery; without an answer the post threads as before.
        assertThat(decide(Facts.of(true, false, null, null).postedAt(at, Duration.ofDays(7))
                .surveyAnswer(answer))).isInstanceOf(Skip.class);
        assertThat(decide(Facts.of(false, false, null, null).postedAt(at, Duration.ofDays(7)))).isEqualTo(new Open());
    }

    @Test
    void ourOwnPostCarryingAReplysPlatformIdConfirmsThatReplyOnItsCaseWhateverTheThreadingSays() {
        Threading.EchoedReply echoed = new Threading.EchoedReply(UUID.randomUUID(), UUID.randomUUID());
        assertThat(decide(Facts.of(false, true, parent, conversation).echoed(echoed)))
                .isEqualTo(new Threading.ConfirmReply(echoed.caseId(), echoed.replyId()));
        assertThat(decide(Facts.of(false, true, null, null).echoed(echoed)))
                .as("even when the reply's case no longer takes posts from the threading")
                .isEqualTo(new Threading.ConfirmReply(echoed.caseId(), echoed.replyId()));
        assertThat(decide(Facts.of(true, true, parent, null).echoed(echoed)))
                .as("a redelivered echo").isEqualTo(new Skip("already filed"));
    }

    @Test
    void ourOwnPostThatMatchesNoReplyIsABrandPostAsBefore() {
        assertThat(decide(Facts.of(false, true, parent, null)))
                .isEqualTo(new Join(parent.caseId(), true));
        assertThat(decide(Facts.of(false, true, null, null))).isInstanceOf(Skip.class);
    }

    @Test
    void aCustomersPostIsNeverAnEcho() {
        Threading.EchoedReply echoed = new Threading.EchoedReply(UUID.randomUUID(), UUID.randomUUID());
        assertThat(decide(Facts.of(false, false, parent, null).echoed(echoed)))
                .isEqualTo(new Join(parent.caseId(), false));
    }

    @Test
    void theEchoOfASurveyInvitationOrConsentRequestIsFiledWhereItWouldJoinButAsNoResponse() {
        UUID survey = UUID.randomUUID();
        Instant resolvedAt = Instant.parse("2026-11-01T10:00:00Z");
        Candidate resolved = new Candidate(UUID.randomUUID(), CaseStatus.RESOLVED, resolvedAt);
        assertThat(decide(Facts.of(false, true, null, resolved).postedAt(resolvedAt.plusSeconds(60), Duration.ofDays(7))
                .ownMessage(survey)))
                .as("the survey invitation in the DM thread of the resolved case: no brand response")
                .isEqualTo(new Threading.FileAsOwnMessage(resolved.caseId(), survey));
        assertThat(decide(Facts.of(false, true, parent, conversation).ownMessage(survey)))
                .as("the reply chain first, as for any post")
                .isEqualTo(new Threading.FileAsOwnMessage(parent.caseId(), survey));
        assertThat(decide(Facts.of(false, true, new Candidate(UUID.randomUUID(), CaseStatus.CLOSED), null)
                .ownMessage(survey)))
                .as("outside any open case: nothing to record").isInstanceOf(Skip.class);
        assertThat(decide(Facts.of(true, true, null, conversation).ownMessage(survey)))
                .as("a redelivered echo").isEqualTo(new Skip("already filed"));
        assertThat(decide(Facts.of(false, true, null, conversation)))
                .as("without the message known it is a post the brand typed on the platform")
                .isEqualTo(new Join(conversation.caseId(), true));
    }

    @Test
    void onlyOurOwnAccountsPostIsTheEchoOfOurMessage() {
        assertThat(decide(Facts.of(false, false, null, conversation)
                .ownMessage(UUID.randomUUID()))).isEqualTo(new Join(conversation.caseId(), false));
    }
}
