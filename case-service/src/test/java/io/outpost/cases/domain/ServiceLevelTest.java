package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The service-level definitions on hand-checked data. */
class ServiceLevelTest {

    private static final Instant T = Instant.parse("2026-11-01T08:00:00Z");

    private static ServiceLevel.CaseFacts facts(String group, Long firstResponseAfter, Long finishedAfter,
            boolean missed, int responses, boolean reopened) {
        return new ServiceLevel.CaseFacts(group, T, firstResponseAfter == null ? null : T.plusSeconds(firstResponseAfter),
                finishedAfter == null ? null : T.plusSeconds(finishedAfter), missed, responses, reopened);
    }

    @Test
    void figuresOfOneGroupComputedByHand() {
        List<ServiceLevel.CaseFacts> cases = List.of(
                facts("x", 60L, 3600L, false, 1, false), // first-contact resolution
                facts("x", 120L, 7200L, true, 2, false), // missed a target, two responses
                facts("x", 600L, null, false, 1, false), // answered, still open
                facts("x", null, null, false, 0, false), // running within its targets: not decided
                facts("x", 300L, 1800L, false, 1, true), // reopened once: not first contact
                facts("y", null, null, false, 0, false));

        List<ServiceLevel.Figures> figures = ServiceLevel.byGroup(cases);
        assertThat(figures).extracting(ServiceLevel.Figures::group).containsExactly("x", "y");
        ServiceLevel.Figures x = figures.get(0);
        assertThat(x.cases()).isEqualTo(5);
        // First responses 60, 120, 300, 600: p50 at rank 1.5 = 120 + 0.5 * 180; p90 at rank 2.7 = 300 + 0.7 * 300.
        assertThat(x.firstResponseP50Seconds()).isEqualTo(210);
        assertThat(x.firstResponseP90Seconds()).isEqualTo(510);
        // Decided: four cases, one missed a target.
        assertThat(x.slaAttainmentPercent()).isEqualTo(75.0);
        // Resolutions 1800, 3600, 7200: p50 = 3600; p90 at rank 1.8 = 3600 + 0.8 * 3600.
        assertThat(x.resolutionP50Seconds()).isEqualTo(3600);
        assertThat(x.resolutionP90Seconds()).isEqualTo(6480);
        // Finished: three; one with a single response and never reopened.
        assertThat(x.firstContactResolutionPercent()).isEqualTo(33.3);
        // Answered: four of five.
        assertThat(x.responseRatePercent()).isEqualTo(80.0);

        ServiceLevel.Figures y = figures.get(1);
        assertThat(y.cases()).isEqualTo(1);
        assertThat(y.firstResponseP50Seconds()).isNull();
        assertThat(y.slaAttainmentPercent()).isNull();
        assertThat(y.firstContactResolutionPercent()).isNull();
        assertThat(y.responseRatePercent()).isZero();
    }

    @Test
    void percentilesInterpolateLikePercentileCont() {
        assertThat(ServiceLevel.percentile(List.of(), 0.5)).isNull();
        assertThat(ServiceLevel.percentile(List.of(42L), 0.9)).isEqualTo(42);
        assertThat(ServiceLevel.percentile(List.of(10L, 0L), 0.5)).isEqualTo(5);
        assertThat(ServiceLevel.percentile(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), 0.9)).isEqualTo(9); // 9.1
        assertThat(ServiceLevel.percentile(List.of(3L, 1L, 2L), 1.0)).isEqualTo(3);
        assertThat(ServiceLevel.percentile(List.of(3L, 1L, 2L), 0.0)).isEqualTo(1);
        assertThatThrownBy(() -> ServiceLevel.percentile(List.of(1L), 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResponseBeforeTheOpeningPostCountsAsImmediate() {
        ServiceLevel.Figures f = ServiceLevel.figures("x", List.of(facts("x", -30L, null, false, 1, false)));
        assertThat(f.firstResponseP50Seconds()).isZero();
        assertThat(ServiceLevel.percent(2, 3)).isEqualTo(66.7);
        assertThat(ServiceLevel.percent(0, 0)).isNull();
    }
}
