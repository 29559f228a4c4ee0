package io.outpost.crmlink.domain;

/** What a score allows; the thresholds are {@link MatchThresholds}. */
public enum MatchLevel {
    /** Below the suggestion threshold: not shown as a candidate. */
    NONE,
    /** Shown to an admin as a possible link. */
    SUGGEST,
    /** Strong enough that the link may be confirmed once the person grants identity-link consent. */
    CONFIRMABLE_WITH_CONSENT;

    public static MatchLevel of(double score) {
        if (score >= MatchThresholds.CONFIRMABLE_WITH_CONSENT) {
            return CONFIRMABLE_WITH_CONSENT;
        }
        return score >= MatchThresholds.SUGGEST ? SUGGEST : NONE;
    }
}
