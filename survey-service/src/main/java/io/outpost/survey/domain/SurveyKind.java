package io.outpost.survey.domain;

/** The question asked, and the scale of its score. */
public enum SurveyKind {
    /** Net Promoter Score: 0-10. */
    NPS(0, 10),
    /** Customer satisfaction: 1-5. */
    CSAT(1, 5);

    private final int min;
    private final int max;

    SurveyKind(int min, int max) {
        this.min = min;
        this.max = max;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** The score, or an {@link IllegalArgumentException} naming the scale when it is off it. */
    public int check(int score) {
        if (score < min || score > max) {
            throw new IllegalArgumentException(
                    name() + " score must be between " + min + " and " + max + ", got " + score);
        }
        return score;
    }
}
