package io.outpost.cases.domain;

import static io.outpost.cases.domain.Threading.decide;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.domain.Threading.Facts;
import io.outpost.cases.domain.Threading.Candidate;
import io.outpost.cases.domain.Threading.ContinueInPrivate;
import io.outpost.cases.domain.Threading.Join;
import io.outpost.cases.domain.Threading.Open;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PrivateContinuationTest {

    private static final Instant RESOLVED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(3);

    @ParameterizedTest
    @CsvSource({ "X, X", "INSTAGRAM, INSTAGRAM" })
    void aCustomersPrivateMessageLooksForThePublicSideOfTheSamePlatformAndAccount(Channel channel, Channel publicSide) {
        assertThat(PrivateContinuation.lookFor(channel, Visibility.PRIVATE, false, "85741735"))
                .contains(new PrivateContinuation.LookFor(publicSide, "85741735"));
    }

    @ParameterizedTest
    @EnumSource(value = Channel.class, names = { "FORUM", "EMAIL", "CHAT", "FACEBOOK", "MESSENGER" })
    void channelsWithoutAPublicSideToContinueByAuthorLookForNothing(Channel channel) {
        assertThat(PrivateContinuation.lookFor(channel, Visibility.PRIVATE, false, "a")).isEmpty();
    }

    @Test
    void publicPostsAndOurOwnMessagesLookForNothing() {
        assertThat(PrivateContinuation.lookFor(Channel.X, Visibility.PUBLIC, false, "a")).isEmpty();
        assertThat(PrivateContinuation.lookFor(Channel.X, Visibility.PRIVATE, true, "a")).isEmpty();
    }

    @Test
    void aDmWithoutACaseOfItsOwnContinuesTheOpenPublicCase() {
        Candidate publicCase = new Candidate(UUID.randomUUID(), CaseStatus.PENDING);
        assertThat(decide(Facts.of(false, false, null, null).postedAt(RESOLVED, WINDOW).publicCase(publicCase, WINDOW)))
                .isEqualTo(new ContinueInPrivate(publicCase.caseId()));
    }

    @Test
    void theDmThreadsOwnCaseComesFirst() {
        Candidate thread = new Candidate(UUID.randomUUID(), CaseStatus.OPEN);
        Candidate publicCase = new Candidate(UUID.randomUUID(), CaseStatus.OPEN);
        assertThat(decide(Facts.of(false, false, null, thread).postedAt(RESOLVED, WINDOW)
                .publicCase(publicCase, WINDOW)))
                .isEqualTo(new Join(thread.caseId(), false));
    }

    @Test
    void aResolvedPublicCaseIsContinuedOnlyWithinTheWindow() {
        Candidate resolved = new Candidate(UUID.randomUUID(), CaseStatus.RESOLVED, RESOLVED);
        assertThat(decide(Facts.of(false, false, null, null).postedAt(RESOLVED.plus(WINDOW), WINDOW)
                .publicCase(resolved, WINDOW)))
                .isEqualTo(new ContinueInPrivate(resolved.caseId()));
        assertThat(decide(Facts.of(false, false, null, null).postedAt(RESOLVED.plus(WINDOW).plusSeconds(1), WINDOW)
                .publicCase(resolved, WINDOW))).isEqualTo(new Open());
    }

    @Test
    void aClosedPublicCaseIsNotContinued() {
        Candidate closed = new Candidate(UUID.randomUUID(), CaseStatus.CLOSED);
        assertThat(decide(Facts.of(false, false, null, null).postedAt(RESOLVED, WINDOW).publicCase(closed, WINDOW)))
                .isEqualTo(new Open());
    }

    @Test
    void ourOwnMessageNeverContinuesACaseByItself() {
        Candidate publicCase = new Candidate(UUID.randomUUID(), CaseStatus.OPEN);
        assertThat(decide(Facts.of(false, true, null, null).postedAt(RESOLVED, WINDOW).publicCase(publicCase, WINDOW)))
                .isInstanceOf(Threading.Skip.class);
    }

    @Test
    void aSurveyAnswerByDmStaysTheSurveys() {
        Candidate publicCase = new Candidate(UUID.randomUUID(), CaseStatus.RESOLVED, RESOLVED);
        SurveyReplies.Answer answer = new SurveyReplies.Answer(UUID.randomUUID(), publicCase.caseId(), "5");
        assertThat(decide(Facts.of(false, false, null, null).postedAt(RESOLVED, WINDOW).surveyAnswer(answer)
                .publicCase(publicCase, WINDOW)))
                .isInstanceOf(Threading.FileAsSurveyAnswer.class);
    }
}
