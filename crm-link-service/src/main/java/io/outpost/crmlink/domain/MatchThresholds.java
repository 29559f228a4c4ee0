package io.outpost.crmlink.domain;

/**
 * Score thresholds of {@link MatchScorer} scores, chosen on the FEBRL data set 1 (module README,
 * "Matching"). They are constants on purpose: changing one changes the measured precision and
 * recall, which the measurement test asserts.
 */
public final class MatchThresholds {

    /**
     * At or above: shown to an admin as a candidate. One exact identifier reaches it, or both names
     * with birth date, locality or postcode; both names alone (9) do not.
     */
    public static final double SUGGEST = 10;
    /**
     * At or above: the link may be confirmed once the person grants identity-link consent. One
     * exact identifier alone (15) does not reach it.
     */
    public static final double CONFIRMABLE_WITH_CONSENT = 16;

    private MatchThresholds() {
    }
}
