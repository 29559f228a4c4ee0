package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.ingest.domain.TwoLaneRateLimit.BulkTicket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two lanes with a fake clock: 2 sends per 2 s (one token per second, a burst of two). */
class TwoLaneRateLimitTest {

    private static final long T0 = 1_000_000_000L;
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final TwoLaneRateLimit limit = new TwoLaneRateLimit(2, Duration.ofSeconds(2), T0);

    @Test
    void ordinarySendsAllowABurstThenQueueInOrderAtTheRate() {
        assertThat(limit.reserveOrdinary(T0)).isZero();
        assertThat(limit.reserveOrdinary(T0)).isZero();
        assertThat(limit.reserveOrdinary(T0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(limit.reserveOrdinary(T0)).as("reservations queue up").isEqualTo(Duration.ofSeconds(2));
        long later = T0 + 10 * SECOND;
        assertThat(limit.reserveOrdinary(later)).as("refilled, up to the burst only").isZero();
        assertThat(limit.reserveOrdinary(later)).isZero();
        assertThat(limit.reserveOrdinary(later)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void bulkSendsTakeTheTokensLeftOverInTheirOwnOrder() {
        List<BulkTicket> line = queue(5);

        assertThat(limit.untilNextBulkGrant(T0)).contains(Duration.ZERO);
        assertThat(limit.grantBulk(T0)).as("the burst").containsExactly(line.get(0), line.get(1));
        assertThat(limit.grantBulk(T0)).isEmpty();
        assertThat(limit.untilNextBulkGrant(T0)).contains(Duration.ofSeconds(1));
        assertThat(limit.grantBulk(T0 + SECOND)).containsExactly(line.get(2));
        assertThat(limit.grantBulk(T0 + 3 * SECOND)).containsExactly(line.get(3), line.get(4));
        assertThat(limit.bulkWaiting()).isZero();
        assertThat(limit.untilNextBulkGrant(T0 + 3 * SECOND)).as("nobody waits: no dispatch needed").isEmpty();
    }

    @Test
    void anOrdinarySendAfterAThousandBulkOnesWaitsForNoneOfThem() {
        queue(1000);
        assertThat(limit.grantBulk(T0)).as("the burst").hasSize(2);

        assertThat(limit.reserveOrdinary(T0 + SECOND / 2))
                .as("the bulk line is not ahead of it: only the half token still to come")
                .isEqualTo(Duration.ofMillis(500));
        assertThat(limit.bulkWaiting()).isEqualTo(998);
    }

    @Test
    void bulkWaitsWhileAnyOrdinaryReservationIsOutstanding() {
        queue(1);
        limit.reserveOrdinary(T0);
        limit.reserveOrdinary(T0);
        assertThat(limit.reserveOrdinary(T0)).isEqualTo(Duration.ofSeconds(1));

        assertThat(limit.grantBulk(T0 + SECOND))
                .as("at 1 s the token is the third ordinary send's, none is left over").isEmpty();
        assertThat(limit.untilNextBulkGrant(T0 + SECOND)).contains(Duration.ofSeconds(1));
        assertThat(limit.grantBulk(T0 + 2 * SECOND)).hasSize(1);
    }

    @Test
    void sustainedOrdinaryLoadStarvesBulkAndTheBacklogShows() {
        queue(3);
        limit.reserveOrdinary(T0);
        limit.reserveOrdinary(T0);
        for (int s = 1; s <= 60; s++) {
            // one ordinary send per second, the whole rate, each reserved as the previous one goes
            limit.reserveOrdinary(T0 + s * SECOND);
            assertThat(limit.grantBulk(T0 + s * SECOND)).isEmpty();
        }
        assertThat(limit.bulkWaiting()).isEqualTo(3);
        assertThat(limit.grantBulk(T0 + 61 * SECOND)).as("the load stops, bulk moves again").hasSize(1);
    }

    @Test
    void aWaiterThatGivesUpLeavesTheLineWithoutHoldingUpTheOnesBehind() {
        List<BulkTicket> line = queue(3);
        limit.reserveOrdinary(T0);
        limit.reserveOrdinary(T0);

        assertThat(limit.cancel(line.get(0))).isTrue();
        assertThat(limit.cancel(line.get(0))).as("once").isFalse();
        assertThat(limit.grantBulk(T0 + SECOND)).containsExactly(line.get(1));
        assertThat(limit.cancel(line.get(1))).as("granted already: nothing to cancel").isFalse();
        assertThat(limit.bulkWaiting()).isEqualTo(1);
    }

    @Test
    void anUnusedGrantIsGivenBackToTheNextInLine() {
        List<BulkTicket> line = queue(2);
        limit.reserveOrdinary(T0);
        limit.reserveOrdinary(T0);
        assertThat(limit.grantBulk(T0 + SECOND)).containsExactly(line.get(0));

        limit.returnUnused(T0 + SECOND);

        assertThat(limit.grantBulk(T0 + SECOND)).containsExactly(line.get(1));
    }

    @Test
    void aRetryKeepsItsTurnAheadOfFirstAttempts() {
        List<BulkTicket> line = queue(2);
        limit.reserveOrdinary(T0);
        limit.reserveOrdinary(T0);
        BulkTicket retry = limit.queueBulk(true);

        assertThat(limit.grantBulk(T0 + 2 * SECOND)).containsExactly(retry, line.get(0));
        assertThat(retry.retry()).isTrue();
    }

    @Test
    void grantsNeverExceedTheRateAndOrdinarySendsNeverWaitForBulkOnes() {
        // 10 minutes in 100 ms steps: an ordinary send reserved every 1.5 s, 500 bulk sends waiting.
        queue(500);
        List<Long> sendTimes = new ArrayList<>();
        long longestOrdinaryWait = 0;
        int bulkSent = 0;
        long now = T0;
        for (int tick = 0; tick < 600 * 10; tick++, now += SECOND / 10) {
            if (tick % 15 == 0) {
                long wait = limit.reserveOrdinary(now).toNanos();
                longestOrdinaryWait = Math.max(longestOrdinaryWait, wait);
                sendTimes.add(now + wait);
            }
            for (int i = limit.grantBulk(now).size(); i > 0; i--, bulkSent++) {
                sendTimes.add(now);
            }
        }
        sendTimes.sort(Long::compare);
        for (int i = 0; i + 2 < sendTimes.size(); i++) {
            assertThat(sendTimes.get(i + 2) - sendTimes.get(i))
                    .as("a burst of 2 then 1/s: any three sends span at least a second (send %d)", i)
                    .isGreaterThanOrEqualTo(SECOND - 1);
        }
        assertThat(longestOrdinaryWait).as("at most the token a bulk send took last").isLessThanOrEqualTo(SECOND);
        assertThat(sendTimes).as("the whole rate was used: ~600 sends in 600 s").hasSizeBetween(595, 603);
        assertThat(bulkSent).as("bulk had what 400 ordinary sends left").isBetween(195, 203);
    }

    private List<BulkTicket> queue(int n) {
        List<BulkTicket> line = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            line.add(limit.queueBulk(false));
        }
        return line;
    }

    @Test
    void aWindowThePlatformSaysIsSpentHoldsBothLanesUntilItsResetThenTheRateGoesOn() {
        assertThat(limit.reserveOrdinary(T0)).as("a token left here").isZero();
        queue(1);

        limit.spentFor(Duration.ofSeconds(30), T0);

        assertThat(limit.untilNextBulkGrant(T0)).as("bulk waits for the reset too").contains(Duration.ofSeconds(30));
        assertThat(limit.reserveOrdinary(T0)).as("the next send waits for the reset").isEqualTo(Duration.ofSeconds(30));
        assertThat(limit.reserveOrdinary(T0)).as("and the rate goes on from there").isEqualTo(Duration.ofSeconds(31));
    }

    @Test
    void aShorterSpentWindowNeverShortensAWaitAlreadyOwed() {
        for (int i = 0; i < 12; i++) {
            limit.reserveOrdinary(T0);
        }
        limit.spentFor(Duration.ofSeconds(3), T0);
        assertThat(limit.reserveOrdinary(T0)).isEqualTo(Duration.ofSeconds(11));
    }
}
