package io.outpost.survey.domain;

/**
 * The sentiment bucket of a case's opening post. Social cases mostly open negative, so NPS is
 * compared within a bucket (like with like) rather than across them.
 */
public enum OpeningSentiment {
    NEGATIVE, NEUTRAL, POSITIVE,
    /** The opening post's sentiment was not measured (enrichment failed or predates it). */
    UNKNOWN;

    /**
     * The bucket of a compound sentiment in [-1, 1], with VADER's usual cut-offs: ≤ −0.05
     * negative, ≥ 0.05 positive, neutral between; {@link #UNKNOWN} when not measured.
     */
    public static OpeningSentiment of(Double compound) {
        if (compound == null || compound.isNaN()) {
            return UNKNOWN;
        }
        if (compound <= -0.05) {
            return NEGATIVE;
        }
        return compound >= 0.05 ? POSITIVE : NEUTRAL;
    }
}
