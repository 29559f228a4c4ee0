package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.domain.Unhiding.AlreadyUnhidden;
import io.outpost.cases.domain.Unhiding.Refused;
import io.outpost.cases.domain.Unhiding.Unhide;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UnhidingTest {

    private static final Instant POSTED = Instant.parse("2026-11-01T08:00:00Z");

    static CasePost post(String hiddenReason) {
        CasePost p = new CasePost();
        p.id = UUID.randomUUID();
        p.caseId = UUID.randomUUID();
        p.createdAt = POSTED;
        p.receivedAt = POSTED.plusSeconds(1);
        p.hiddenReason = hiddenReason;
        p.visibility = "public";
        return p;
    }

    @Test
    void aHiddenPostInAResolvedCaseItCameAfterReopensIt() {
        assertThat(Unhiding.decide(post("bot: repeated text"), CaseStatus.RESOLVED, false, POSTED.minusSeconds(60)))
                .isEqualTo(new Unhide(CaseStatus.RESOLVED));
        assertThat(Unhiding.decide(post("spam"), CaseStatus.PENDING, false, POSTED.minusSeconds(60)))
                .isEqualTo(new Unhide(CaseStatus.PENDING));
    }

    @Test
    void aPostOlderThanTheResolutionOrThePendingStateDoesNotUndoThem() {
        assertThat(Unhiding.decide(post("spam"), CaseStatus.RESOLVED, false, POSTED.plusSeconds(60)))
                .isEqualTo(new Unhide(null));
        assertThat(Unhiding.decide(post("spam"), CaseStatus.PENDING, false, POSTED.plusSeconds(60)))
                .isEqualTo(new Unhide(null));
    }

    @ParameterizedTest
    @EnumSource(value = CaseStatus.class, names = { "NEW", "OPEN", "ON_HOLD" })
    void inAWorkingCaseTheStatusStays(CaseStatus status) {
        assertThat(Unhiding.decide(post("spam"), status, false, null)).isEqualTo(new Unhide(null));
    }

    @Test
    void againChangesNothing() {
        CasePost p = post("spam");
        p.unhiddenAt = POSTED.plusSeconds(3600);
        assertThat(Unhiding.decide(p, CaseStatus.OPEN, false, null)).isEqualTo(new AlreadyUnhidden());
        // Even once the case moved on (closed): the request is idempotent, not a conflict.
        assertThat(Unhiding.decide(p, CaseStatus.CLOSED, false, null)).isEqualTo(new AlreadyUnhidden());
    }

    @Test
    void refusedWhenThereIsNothingToUnhideOrTheCaseDoesNotAllowIt() {
        assertThat(Unhiding.decide(post(null), CaseStatus.OPEN, false, null)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.why()).contains("is not hidden"));
        CasePost deleted = post("spam");
        deleted.deletedAt = POSTED.plusSeconds(5);
        assertThat(Unhiding.decide(deleted, CaseStatus.OPEN, false, null)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.why()).contains("deleted"));
        assertThat(Unhiding.decide(post("spam"), CaseStatus.OPEN, true, null)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.why()).contains("hidden as a whole"));
        assertThat(Unhiding.decide(post("spam"), CaseStatus.CLOSED, false, null)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.why()).contains("closed"));
    }

    @Test
    void aHiddenPostCountsOnlyOnceUnhiddenAndThenWaitsFromTheUnhideTime() {
        CasePost p = post("bot: repeated text");
        assertThat(p.hidden()).isTrue();
        assertThat(p.countsAsCustomerMessage()).isFalse();
        assertThat(p.waitsFrom()).isEqualTo(POSTED);
        Instant unhidden = POSTED.plusSeconds(7200);
        p.unhiddenAt = unhidden;
        assertThat(p.hidden()).isFalse();
        assertThat(p.countsAsCustomerMessage()).isTrue();
        assertThat(p.waitsFrom()).isEqualTo(unhidden);
    }

    @Test
    void ourEchoesAndSurveyAnswersAreNotCustomerMessages() {
        assertThat(post(null).countsAsCustomerMessage()).isTrue();
        CasePost echo = post(null);
        echo.fromOwnAccount = true;
        assertThat(echo.countsAsCustomerMessage()).isFalse();
        CasePost answer = post(null);
        answer.surveyId = UUID.randomUUID();
        assertThat(answer.countsAsCustomerMessage()).isFalse();
    }
}
