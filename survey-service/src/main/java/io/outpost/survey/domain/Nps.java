package io.outpost.survey.domain;

import io.outpost.contracts.surveys.SurveyKind;
import java.util.Collection;
import java.util.Optional;

/**
 * Net Promoter Score of a set of 0-10 answers, in points (-100 to 100): % promoters (9-10) minus
 * % detractors (0-6); passives (7-8) count in the total only.
 *
 * <p>Confidence interval (95 %, normal approximation): with p and d the shares of promoters and
 * detractors, the NPS estimator p − d has variance {@code (p + d − (p − d)²) / n} (the answers
 * are draws from a three-valued variable +1/0/−1), so the interval is
 * {@code NPS ± 1.96 · 100 · sqrt(var)}, clipped to [−100, 100]. Like every Wald interval it is too
 * narrow for small n and collapses to a point when every answer is the same (all promoters: [100,
 * 100]); read it together with {@link #n()}.
 *
 * @param n          answers
 * @param promoters  answers 9-10
 * @param passives   answers 7-8
 * @param detractors answers 0-6
 * @param score      the NPS, in points
 * @param ciLow      lower bound of the 95 % interval, in points
 * @param ciHigh     upper bound of the 95 % interval, in points
 */
public record Nps(int n, int promoters, int passives, int detractors, double score, double ciLow, double ciHigh) {

    /** The normal quantile of a two-sided 95 % interval. */
    public static final double Z95 = 1.96;

    /** The NPS of these answers; empty when there are none (no NPS rather than NaN). */
    public static Optional<Nps> of(Collection<Integer> answers) {
        int promoters = 0;
        int passives = 0;
        int detractors = 0;
        for (Integer answer : answers) {
            if (answer == null) {
                throw new IllegalArgumentException("an NPS answer must be a number between 0 and 10, got null");
            }
            int s = SurveyKind.NPS.check(answer);
            if (s >= 9) {
                promoters++;
            } else if (s >= 7) {
                passives++;
            } else {
                detractors++;
            }
        }
        return of(promoters, passives, detractors);
    }

    /** The NPS of these counts; empty when they add up to zero. */
    public static Optional<Nps> of(int promoters, int passives, int detractors) {
        if (promoters < 0 || passives < 0 || detractors < 0) {
            throw new IllegalArgumentException("NPS counts must not be negative, got " + promoters + "/" + passives
                    + "/" + detractors);
        }
        int n = promoters + passives + detractors;
        if (n == 0) {
            return Optional.empty();
        }
        double p = (double) promoters / n;
        double d = (double) detractors / n;
        double nps = p - d;
        double variance = Math.max(0.0, (p + d - nps * nps) / n);
        double half = Z95 * Math.sqrt(variance);
        return Optional.of(new Nps(n, promoters, passives, detractors, 100 * nps,
                Math.max(-100.0, 100 * (nps - half)), Math.min(100.0, 100 * (nps + half))));
    }
}
