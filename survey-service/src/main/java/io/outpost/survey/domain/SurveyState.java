package io.outpost.survey.domain;

import java.util.Locale;

/** Where a survey is in its life. Stored and shown by {@link #wireName()}. */
public enum SurveyState {
    /** Decided: will be sent at its send time. */
    SCHEDULED,
    /** Not sent, for a {@link SkipReason}. */
    SKIPPED,
    /** Scheduled or sent, then withdrawn for a {@link CancelReason}. */
    CANCELLED,
    /** Invitation requested; accepts one answer until it expires. */
    SENT,
    ANSWERED,
    /** Sent and not answered within the response window. */
    EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SurveyState fromWire(String value) {
        for (SurveyState s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown survey state '" + value + "'");
    }

    /** Counts for fatigue: a survey that was, or will be, in front of the person. */
    public boolean countsForFatigue() {
        return this == SCHEDULED || this == SENT || this == ANSWERED || this == EXPIRED;
    }
}
