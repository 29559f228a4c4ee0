package io.outpost.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Erlang C against published figures and against a second, deliberately naive implementation
 * ({@link #referenceC}: the textbook formula with exact factorials and powers in BigDecimal).
 * Every expected number below was recomputed by hand or with exact rational arithmetic, and is
 * checked here against {@link #referenceC} as well, so no figure stands on trust.
 */
class ErlangCTest {

    static final Duration HALF_HOUR = Duration.ofMinutes(30);
    static final Duration AHT_180 = Duration.ofSeconds(180);
    static final Duration TWENTY_SECONDS = Duration.ofSeconds(20);
    static final MathContext MC = new MathContext(40);

    /**
     * The textbook formula: C(s, A) = X / (Σ_{k<s} A^k/k! + X) with X = A^s/s! · s/(s − A), in
     * BigDecimal with exact factorials. Independent of the recursion the production code uses.
     */
    static double referenceC(int s, double trafficErlangs) {
        BigDecimal a = new BigDecimal(trafficErlangs);
        BigDecimal sum = BigDecimal.ZERO;
        BigInteger factorial = BigInteger.ONE;
        for (int k = 0; k < s; k++) {
            if (k > 0) {
                factorial = factorial.multiply(BigInteger.valueOf(k));
            }
            sum = sum.add(a.pow(k, MC).divide(new BigDecimal(factorial), MC));
        }
        BigInteger sFactorial = factorial.multiply(BigInteger.valueOf(Math.max(s, 1)));
        BigDecimal sBig = BigDecimal.valueOf(s);
        BigDecimal x = a.pow(s, MC).divide(new BigDecimal(sFactorial), MC).multiply(sBig.divide(sBig.subtract(a), MC), MC);
        return x.divide(sum.add(x), MC).doubleValue();
    }

    static double referenceServiceLevel(int s, double a, double aht, double t) {
        return 1 - referenceC(s, a) * Math.exp(-(s - a) * t / aht);
    }

    @Nested
    class PublishedFigures {

        /**
         * Hand-checkable small cases. A = 1, s = 2: X = 1/2 · 2/1 = 1, Σ = 1 + 1 = 2, C = 1/3.
         * A = 2, s = 3: X = 8/6 · 3/1 = 4, Σ = 1 + 2 + 2 = 5, C = 4/9. M/M/1 (s = 1): C = ρ = A.
         */
        @ParameterizedTest
        @CsvSource({ "2, 1.0, 0.333333333333", "3, 2.0, 0.444444444444", "1, 0.5, 0.5", "1, 0.25, 0.25" })
        void smallSystemsByHand(int servers, double traffic, double expected) {
            assertThat(ErlangC.probabilityOfWaiting(servers, traffic)).isCloseTo(expected, within(1e-9));
            assertThat(referenceC(servers, traffic)).isCloseTo(expected, within(1e-9));
        }

        /** Erlang B by hand: B(1, 1) = 1/(1 + 1) = 1/2; B(2, 1) = (1/2)/(1 + 1 + 1/2) = 1/5; B(0, A) = 1. */
        @Test
        void erlangBByHand() {
            assertThat(ErlangC.erlangB(0, 3.0)).isEqualTo(1.0);
            assertThat(ErlangC.erlangB(1, 1.0)).isCloseTo(0.5, within(1e-12));
            assertThat(ErlangC.erlangB(2, 1.0)).isCloseTo(0.2, within(1e-12));
        }

        /**
         * The classic example: 100 calls per 30 minutes, AHT 180 s, target 80 % answered in 20 s.
         * A = 100 × 180 / 1800 = 10 Erlangs. Recomputed with exact fractions:
         * <pre>
         *  N   C(N, 10)   SL = 1 − C·e^{−(N−10)·20/180}   ASA = C·180/(N−10)   occupancy
         *  12  0.449388   0.640158                        40.44 s              0.8333
         *  13  0.285270   0.795595  (below 80 %)          17.12 s              0.7692
         *  14  0.174132   0.888350  (meets it)             7.84 s              0.7143
         * </pre>
         * e.g. N = 14: e^{−4·20/180} = e^{−0.4444} = 0.64118; 1 − 0.174132 × 0.64118 = 0.88835;
         * ASA = 0.174132 × 180 / 4 = 7.836 s.
         */
        @Test
        void classicHundredCallsPerHalfHour() {
            ErlangC.Requirement r = ErlangC.requiredAgents(100, HALF_HOUR, AHT_180, 1, 0.8, TWENTY_SECONDS, 0);
            assertThat(r.agents()).isEqualTo(14);
            assertThat(r.scheduledAgents()).isEqualTo(14);
            ErlangC.Performance p = r.performance();
            assertThat(p.servers()).isEqualTo(14);
            assertThat(p.trafficErlangs()).isCloseTo(10.0, within(1e-12));
            assertThat(p.probabilityOfWaiting()).isCloseTo(0.174132, within(1e-6));
            assertThat(p.serviceLevel()).isCloseTo(0.888350, within(1e-6));
            assertThat(p.averageSpeedOfAnswerSeconds()).isCloseTo(7.8359, within(1e-4));
            assertThat(p.occupancy()).isCloseTo(10.0 / 14, within(1e-12));

            assertThat(referenceC(14, 10)).isCloseTo(0.174132, within(1e-6));
            assertThat(referenceServiceLevel(14, 10, 180, 20)).isCloseTo(0.888350, within(1e-6));

            // 13 agents fall short of 80 %, which is why 14 are needed.
            ErlangC.Performance thirteen = ErlangC.performance(13, 100, HALF_HOUR, AHT_180, 1, TWENTY_SECONDS);
            assertThat(thirteen.serviceLevel()).isCloseTo(0.795595, within(1e-6)).isLessThan(0.8);
            assertThat(thirteen.averageSpeedOfAnswerSeconds()).isCloseTo(17.1162, within(1e-4));
            assertThat(referenceServiceLevel(13, 10, 180, 20)).isCloseTo(0.795595, within(1e-6));
            ErlangC.Performance twelve = ErlangC.performance(12, 100, HALF_HOUR, AHT_180, 1, TWENTY_SECONDS);
            assertThat(twelve.probabilityOfWaiting()).isCloseTo(0.449388, within(1e-6));
            assertThat(twelve.serviceLevel()).isCloseTo(0.640158, within(1e-6));
        }

        /**
         * Same traffic, higher targets (exact fractions): 15 agents give 94.15 % (ASA 3.67 s), 16 give 97.06 %
         * (ASA 1.72 s); so 90 % needs 15 and 95 % needs 16.
         */
        @Test
        void classicExampleWithHigherTargets() {
            ErlangC.Requirement ninety = ErlangC.requiredAgents(100, HALF_HOUR, AHT_180, 1, 0.9, TWENTY_SECONDS, 0);
            assertThat(ninety.agents()).isEqualTo(15);
            assertThat(ninety.performance().serviceLevel()).isCloseTo(0.941453, within(1e-6));
            assertThat(ninety.performance().averageSpeedOfAnswerSeconds()).isCloseTo(3.6735, within(1e-4));
            ErlangC.Requirement ninetyFive = ErlangC.requiredAgents(100, HALF_HOUR, AHT_180, 1, 0.95, TWENTY_SECONDS, 0);
            assertThat(ninetyFive.agents()).isEqualTo(16);
            assertThat(ninetyFive.performance().serviceLevel()).isCloseTo(0.970560, within(1e-6));
            assertThat(ninetyFive.performance().averageSpeedOfAnswerSeconds()).isCloseTo(1.7202, within(1e-4));
        }

        /**
         * A chat team: 120 chats an hour, 600 s per chat, 80 % answered within 60 s. A = 120 × 600 / 3600 = 20.
         * Exact fractions: 24 servers give C = 0.298072, SL = 0.800196 (just over), ASA = 44.71 s; 23 fall short.
         */
        @Test
        void aTargetMetByAHair() {
            ErlangC.Requirement r = ErlangC.requiredAgents(120, Duration.ofHours(1), Duration.ofSeconds(600), 1, 0.8,
                    Duration.ofSeconds(60), 0);
            assertThat(r.agents()).isEqualTo(24);
            assertThat(r.performance().probabilityOfWaiting()).isCloseTo(0.298072, within(1e-6));
            assertThat(r.performance().serviceLevel()).isCloseTo(0.800196, within(1e-6));
            assertThat(r.performance().averageSpeedOfAnswerSeconds()).isCloseTo(44.7108, within(1e-4));
            assertThat(referenceServiceLevel(23, 20, 600, 60)).isLessThan(0.8);
            assertThat(referenceServiceLevel(24, 20, 600, 60)).isCloseTo(0.800196, within(1e-6));
        }

        /** 1000 Erlangs (far beyond factorials in doubles): exact fractions give 1011 agents, C = 0.632109, SL = 0.813797. */
        @Test
        void largeTrafficStaysStable() {
            ErlangC.Requirement r = ErlangC.requiredAgents(10_000, HALF_HOUR, AHT_180, 1, 0.8, TWENTY_SECONDS, 0);
            assertThat(r.agents()).isEqualTo(1011);
            assertThat(r.performance().probabilityOfWaiting()).isCloseTo(0.632109, within(1e-6));
            assertThat(r.performance().serviceLevel()).isCloseTo(0.813797, within(1e-6));
            assertThat(r.performance().averageSpeedOfAnswerSeconds()).isCloseTo(10.3436, within(1e-4));
            assertThat(referenceC(1011, 1000)).isCloseTo(0.632109, within(1e-6));
            assertThat(referenceServiceLevel(1010, 1000, 180, 20)).isLessThan(0.8);
        }
    }

    @Nested
    class AgainstTheReference {

        @ParameterizedTest
        @CsvSource({ "0.1", "0.9", "1.5", "3.7", "8", "12.25", "25", "47.5", "80" })
        void recursionMatchesFactorialsOverAGrid(double traffic) {
            for (int s = (int) Math.floor(traffic) + 1; s <= (int) traffic + 40; s++) {
                assertThat(ErlangC.probabilityOfWaiting(s, traffic)).as("C(%d, %s)", s, traffic)
                        .isCloseTo(referenceC(s, traffic), within(1e-12));
            }
        }

        /** The answer is the first N meeting the target: the reference says N meets it and N − 1 does not. */
        @ParameterizedTest
        @CsvSource({ "37, 1800, 240, 0.8, 20", "250, 1800, 300, 0.9, 30", "5, 900, 600, 0.7, 60", "600, 3600, 420, 0.85, 15",
                "1, 1800, 30, 0.5, 0", "42.5, 1800, 200, 0.95, 10" })
        void smallestStaffingMeetingTheTarget(double arrivals, long interval, long aht, double target, long answerSeconds) {
            ErlangC.Requirement r = ErlangC.requiredAgents(arrivals, Duration.ofSeconds(interval), Duration.ofSeconds(aht), 1,
                    target, Duration.ofSeconds(answerSeconds), 0);
            double a = arrivals * aht / interval;
            int n = r.agents();
            assertThat(n).isGreaterThan((int) Math.floor(a));
            assertThat(referenceServiceLevel(n, a, aht, answerSeconds)).isGreaterThanOrEqualTo(target)
                    .isCloseTo(r.performance().serviceLevel(), within(1e-9));
            if (n - 1 > a) {
                assertThat(referenceServiceLevel(n - 1, a, aht, answerSeconds)).isLessThan(target);
            }
            assertThat(r.performance().averageSpeedOfAnswerSeconds())
                    .isCloseTo(referenceC(n, a) * aht / (n - a), within(1e-9));
            assertThat(r.performance().occupancy()).isCloseTo(a / n, within(1e-12)).isLessThan(1);
        }
    }

    @Nested
    class Properties {

        @Test
        void moreArrivalsNeverNeedFewerAgents() {
            int previous = 0;
            for (int arrivals = 0; arrivals <= 600; arrivals += 3) {
                int n = ErlangC.requiredAgents(arrivals, HALF_HOUR, AHT_180, 1, 0.8, TWENTY_SECONDS, 0).agents();
                assertThat(n).as("%d arrivals", arrivals).isGreaterThanOrEqualTo(previous);
                previous = n;
            }
            assertThat(previous).isGreaterThan(60);
        }

        @Test
        void aHigherTargetNeverNeedsFewerAgents() {
            int previous = 0;
            for (int percent = 5; percent <= 99; percent++) {
                int n = ErlangC.requiredAgents(100, HALF_HOUR, AHT_180, 1, percent / 100.0, TWENTY_SECONDS, 0).agents();
                assertThat(n).as("%d %%", percent).isGreaterThanOrEqualTo(previous);
                previous = n;
            }
        }

        @Test
        void aShorterAnswerTimeNeverNeedsFewerAgents() {
            int previous = Integer.MAX_VALUE;
            for (int seconds = 0; seconds <= 300; seconds += 5) {
                int n = ErlangC.requiredAgents(100, HALF_HOUR, AHT_180, 1, 0.8, Duration.ofSeconds(seconds), 0).agents();
                assertThat(n).as("%d s", seconds).isLessThanOrEqualTo(previous);
                previous = n;
            }
        }

        @Test
        void moreAgentsNeverServeWorse() {
            double previousLevel = 0;
            double previousAsa = Double.MAX_VALUE;
            for (int agents = 11; agents <= 40; agents++) {
                ErlangC.Performance p = ErlangC.performance(agents, 100, HALF_HOUR, AHT_180, 1, TWENTY_SECONDS);
                assertThat(p.serviceLevel()).isGreaterThanOrEqualTo(previousLevel).isBetween(0.0, 1.0);
                assertThat(p.averageSpeedOfAnswerSeconds()).isLessThanOrEqualTo(previousAsa).isGreaterThanOrEqualTo(0);
                previousLevel = p.serviceLevel();
                previousAsa = p.averageSpeedOfAnswerSeconds();
            }
        }

        /** With a zero answer time the service level is the share that does not wait: 1 − C. */
        @Test
        void zeroAnswerTimeMeansNotWaitingAtAll() {
            ErlangC.Performance p = ErlangC.performance(14, 100, HALF_HOUR, AHT_180, 1, Duration.ZERO);
            assertThat(p.serviceLevel()).isCloseTo(1 - 0.174132, within(1e-6));
        }
    }

    @Nested
    class ConcurrencyAndShrinkage {

        /**
         * Each concurrent slot is a server: A = 10 needs 14 servers (above). Concurrency 2: 7 agents = 14 slots.
         * Concurrency 3: 4 agents = 12 slots give 64.0 % (short), 5 agents = 15 slots give 94.1 %. Concurrency 4:
         * 3 agents = 12 slots short, 4 agents = 16 slots give 97.1 %.
         */
        @ParameterizedTest
        @CsvSource({ "1, 14, 14, 0.888350", "2, 7, 14, 0.888350", "3, 5, 15, 0.941453", "4, 4, 16, 0.970560" })
        void eachConcurrentSlotIsAServer(int concurrency, int agents, int servers, double serviceLevel) {
            ErlangC.Requirement r = ErlangC.requiredAgents(100, HALF_HOUR, AHT_180, concurrency, 0.8, TWENTY_SECONDS, 0);
            assertThat(r.agents()).isEqualTo(agents);
            assertThat(r.performance().servers()).isEqualTo(servers);
            assertThat(r.performance().serviceLevel()).isCloseTo(serviceLevel, within(1e-6));
            assertThat(r.performance().occupancy()).isCloseTo(10.0 / servers, within(1e-12));
        }

        @Test
        void moreConcurrencyNeverNeedsMoreAgents() {
            int previous = Integer.MAX_VALUE;
            for (int k = 1; k <= 10; k++) {
                int n = ErlangC.requiredAgents(240, HALF_HOUR, Duration.ofSeconds(400), k, 0.8, Duration.ofSeconds(60), 0).agents();
                assertThat(n).as("concurrency %d", k).isLessThanOrEqualTo(previous);
                previous = n;
            }
        }

        /** ⌈14 / 0.7⌉ = 20 exactly (floating point would give 20.000000000000004 → 21); ⌈14 / 0.75⌉ = ⌈18.67⌉ = 19. */
        @ParameterizedTest
        @CsvSource({ "0, 14", "0.3, 20", "0.25, 19", "0.1, 16", "0.5, 28", "0.35, 22" })
        void shrinkageAddsScheduledAgents(double shrinkage, int scheduled) {
            ErlangC.Requirement r = ErlangC.requiredAgents(100, HALF_HOUR, AHT_180, 1, 0.8, TWENTY_SECONDS, shrinkage);
            assertThat(r.agents()).isEqualTo(14);
            assertThat(r.scheduledAgents()).isEqualTo(scheduled);
            assertThat(r.performance().serviceLevel()).isCloseTo(0.888350, within(1e-6));
        }

        @Test
        void moreShrinkageNeverSchedulesFewer() {
            int previous = 0;
            for (int percent = 0; percent <= 95; percent++) {
                int scheduled = ErlangC.scheduled(14, percent / 100.0);
                assertThat(scheduled).isGreaterThanOrEqualTo(previous).isGreaterThanOrEqualTo(14);
                assertThat(scheduled * (1 - percent / 100.0)).isGreaterThanOrEqualTo(14 - 1e-9);
                previous = scheduled;
            }
        }
    }

    @Nested
    class EdgesAndGuards {

        @Test
        void noArrivalsNeedNoAgents() {
            ErlangC.Requirement r = ErlangC.requiredAgents(0, HALF_HOUR, AHT_180, 3, 0.8, TWENTY_SECONDS, 0.3);
            assertThat(r.agents()).isZero();
            assertThat(r.scheduledAgents()).isZero();
            assertThat(r.performance().serviceLevel()).isEqualTo(1.0);
            assertThat(r.performance().averageSpeedOfAnswerSeconds()).isZero();
            assertThat(r.performance().occupancy()).isZero();
        }

        @Test
        void aTrickleStillNeedsOneAgent() {
            ErlangC.Requirement r = ErlangC.requiredAgents(0.01, HALF_HOUR, AHT_180, 1, 0.99, TWENTY_SECONDS, 0);
            assertThat(r.agents()).isEqualTo(1);
            // M/M/1 with ρ = 0.001: C = 0.001, SL = 1 − 0.001·e^{−0.999·20/180}.
            assertThat(r.performance().probabilityOfWaiting()).isCloseTo(0.001, within(1e-12));
        }

        @Test
        void waitingIsCertainWhenServersCannotKeepUp() {
            assertThat(ErlangC.probabilityOfWaiting(10, 10)).isEqualTo(1.0);
            assertThat(ErlangC.probabilityOfWaiting(5, 10)).isEqualTo(1.0);
            assertThat(ErlangC.probabilityOfWaiting(5, 0)).isEqualTo(0.0);
            assertThatThrownBy(() -> ErlangC.performance(10, 100, HALF_HOUR, AHT_180, 1, TWENTY_SECONDS))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot keep up");
        }

        @Test
        void invalidInputsAreRefusedWithAClearMessage() {
            assertRefused(() -> ErlangC.requiredAgents(-1, HALF_HOUR, AHT_180, 1, 0.8, TWENTY_SECONDS, 0), "arrivals");
            assertRefused(() -> ErlangC.requiredAgents(Double.NaN, HALF_HOUR, AHT_180, 1, 0.8, TWENTY_SECONDS, 0), "arrivals");
            assertRefused(() -> ErlangC.requiredAgents(Double.POSITIVE_INFINITY, HALF_HOUR, AHT_180, 1, 0.8, TWENTY_SECONDS, 0),
                    "arrivals");
            assertRefused(() -> ErlangC.requiredAgents(10, Duration.ZERO, AHT_180, 1, 0.8, TWENTY_SECONDS, 0), "interval length");
            assertRefused(() -> ErlangC.requiredAgents(10, null, AHT_180, 1, 0.8, TWENTY_SECONDS, 0), "interval length");
            assertRefused(() -> ErlangC.requiredAgents(10, HALF_HOUR, Duration.ZERO, 1, 0.8, TWENTY_SECONDS, 0), "average handle time");
            assertRefused(() -> ErlangC.requiredAgents(10, HALF_HOUR, Duration.ofSeconds(-5), 1, 0.8, TWENTY_SECONDS, 0),
                    "average handle time");
            assertRefused(() -> ErlangC.requiredAgents(10, HALF_HOUR, AHT_180, 0, 0.8, TWENTY_SECONDS, 0), "concurrency");
            assertRefused(() -> ErlangC.requiredAgents(10, HALF_HOUR, AHT_180, 1, 0, TWENTY_SECONDS, 0), "target service level");
            assertRefused(() -> ErlangC.requiredAgents(10, HALF_HOUR, AHT_180, 1, 1, TWENTY_SECONDS, 0), "target service level");
            assertRefused(() -> ErlangC.requiredAgents(10, HALF_HOUR, AHT_180, 1, Double.NaN, TWENTY_SECONDS, 0),
                    "target service level");
            assertRefused(() -> ErlangC.requiredAgents(10, HALF_HOUR, AHT_180, 1, 0.8, Duration.ofSeconds(-1), 0), "target answer time");
            assertRefused(() -> ErlangC.requiredAgents(10, HALF_HOUR, AHT_180, 1, 0.8, TWENTY_SECONDS, -0.1), "shrinkage");
            assertRefused(() -> ErlangC.requiredAgents(10, HALF_HOUR, AHT_180, 1, 0.8, TWENTY_SECONDS, 1), "shrinkage");
            assertRefused(() -> ErlangC.probabilityOfWaiting(0, 1), "servers");
            assertRefused(() -> ErlangC.probabilityOfWaiting(3, -1), "traffic");
            assertRefused(() -> ErlangC.performance(-1, 10, HALF_HOUR, AHT_180, 1, TWENTY_SECONDS), "agents");
            // Inputs are checked even when there are no arrivals.
            assertRefused(() -> ErlangC.requiredAgents(0, HALF_HOUR, AHT_180, 0, 0.8, TWENTY_SECONDS, 0), "concurrency");
        }

        @Test
        void absurdLoadsAreRefusedNotLoopedOn() {
            // 10^9 arrivals per half hour at 180 s: 10^8 Erlangs.
            assertRefused(() -> ErlangC.requiredAgents(1e9, HALF_HOUR, AHT_180, 1, 0.8, TWENTY_SECONDS, 0), "Erlangs");
            assertRefused(() -> ErlangC.performance(2_000_000, 10, HALF_HOUR, AHT_180, 1, TWENTY_SECONDS), "at most");
        }

        @Test
        void aVeryHighTargetTerminates() {
            ErlangC.Requirement r = ErlangC.requiredAgents(100, HALF_HOUR, AHT_180, 1, 0.999999, TWENTY_SECONDS, 0);
            assertThat(r.performance().serviceLevel()).isGreaterThanOrEqualTo(0.999999);
            assertThat(r.agents()).isBetween(17, 40);
        }

        private static void assertRefused(Runnable call, String mentions) {
            assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(mentions);
        }
    }
}
