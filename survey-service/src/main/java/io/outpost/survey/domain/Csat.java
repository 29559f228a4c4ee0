package io.outpost.survey.domain;

import io.outpost.contracts.surveys.SurveyKind;
import java.util.Collection;
import java.util.Optional;

/**
 * Customer satisfaction of a set of 1-5 answers: the % of satisfied answers (4 or 5), with a 95 %
 * Wilson score interval, which unlike the Wald interval stays inside [0, 100] and keeps a width
 * when every answer is the same or n is small:
 *
 * <pre>
 * centre = (p̂ + z²/2n) / (1 + z²/n)
 * half   = z / (1 + z²/n) · sqrt(p̂(1 − p̂)/n + z²/4n²)
 * </pre>
 *
 * @param n         answers
 * @param satisfied answers 4-5
 * @param percent   satisfied / n, in %
 * @param ciLow     lower bound of the 95 % Wilson interval, in %
 * @param ciHigh    upper bound of the 95 % Wilson interval, in %
 */
public record Csat(int n, int satisfied, double percent, double ciLow, double ciHigh) {

    /** The CSAT of these answers; empty when there are none. */
    public static Optional<Csat> of(Collection<Integer> answers) {
        int satisfied = 0;
        for (Integer answer : answers) {
            if (answer == null) {
                throw new IllegalArgumentException("a CSAT answer must be a number between 1 and 5, got null");
            }
            if (SurveyKind.CSAT.check(answer) >= 4) {
                satisfied++;
            }
        }
        return of(satisfied, answers.size());
    }

    /** The CSAT of {@code satisfied} out of {@code n}; empty when n is zero. */
    public static Optional<Csat> of(int satisfied, int n) {
        if (n < 0 || satisfied < 0 || satisfied > n) {
            throw new IllegalArgumentException("CSAT needs 0 <= satisfied <= n, got " + satisfied + " of " + n);
        }
        if (n == 0) {
            return Optional.empty();
        }
        double[] ci = wilson(satisfied, n, Nps.Z95);
        return Optional.of(new Csat(n, satisfied, 100.0 * satisfied / n, 100 * ci[0], 100 * ci[1]));
    }

    /** The Wilson score interval of {@code successes} out of {@code n} (n > 0), as shares. */
    static double[] wilson(int successes, int n, double z) {
        double p = (double) successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0.0, centre - half), Math.min(1.0, centre + half)};
    }
}
