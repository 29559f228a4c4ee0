package io.outpost.survey.domain;

import io.outpost.contracts.surveys.SurveyKind;
import java.util.Collection;
import java.util.Optional;

/**
 * Customer effort score of a set of 1-7 answers (7 = very easy): their mean. No interval: effort
 * answers are few per group and far from normal, and the mean is read next to {@link #n()}.
 *
 * @param n    answers
 * @param mean the mean answer, 1.0-7.0
 */
public record Ces(int n, double mean) {

    /** The CES of these answers; empty when there are none. */
    public static Optional<Ces> of(Collection<Integer> answers) {
        if (answers.isEmpty()) {
            return Optional.empty();
        }
        long sum = 0;
        for (Integer answer : answers) {
            if (answer == null) {
                throw new IllegalArgumentException("a CES answer must be a number between 1 and 7, got null");
            }
            sum += SurveyKind.CES.check(answer);
        }
        return Optional.of(new Ces(answers.size(), (double) sum / answers.size()));
    }
}
