package io.outpost.contracts.surveys;

import java.util.Locale;

/**
 * The question a survey asks, and the scale of its score: the {@code kind} of {@code survey.sent} and
 * {@code survey.answered}, and the scale {@link DmAnswer} reads a DM against.
 */
public enum SurveyKind {
    /** Net Promoter Score: 0-10. */
    NPS(0, 10),
    /** Customer satisfaction: 1-5. */
    CSAT(1, 5),
    /** Customer effort score: 1 (very difficult) to 7 (very easy). */
    CES(1, 7);

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

    /** The name on the wire and in the database: {@code nps}, {@code csat}, {@code ces}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SurveyKind fromWire(String value) {
        for (SurveyKind k : values()) {
            if (k.wireName().equals(value == null ? null : value.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown survey kind '" + value + "' (nps, csat or ces)");
    }

    /** Whether the score is on this kind's scale. */
    public boolean onScale(int score) {
        return score >= min && score <= max;
    }

    /** The score, or an {@link IllegalArgumentException} naming the scale when it is off it. */
    public int check(int score) {
        if (!onScale(score)) {
            throw new IllegalArgumentException(
                    name() + " score must be between " + min + " and " + max + ", got " + score);
        }
        return score;
    }
}
