package io.outpost.survey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.outpost.contracts.Channel;
import io.outpost.contracts.surveys.SurveyKind;
import io.outpost.survey.domain.SurveyReport.Dimension;
import io.outpost.survey.domain.SurveyReport.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class NpsReportTest {

    static final Offset<Double> EPS = within(1e-9);
    /** The rounding of hand-computed values written with 4 decimals. */
    static final Offset<Double> HAND = within(1e-4);

    static List<Integer> scores(Integer... s) {
        return Arrays.asList(s);
    }

    // --- NPS ---

    @Test
    void npsOfTenAnswersByHand() {
        // 10,10,9,9,9 promoters (5); 8,7 passives (2); 6,3,0 detractors (3); n = 10
        // p = 0.5, d = 0.3, NPS = 50 % - 30 % = 20 points
        // var = (p + d - (p - d)^2) / n = (0.8 - 0.04) / 10 = 0.076
        // sqrt(0.076) = 0.275681, * 1.96 = 0.540335 -> ± 54.0335 points
        // CI = [20 - 54.0335, 20 + 54.0335] = [-34.0335, 74.0335]
        Nps nps = Nps.of(scores(10, 10, 9, 9, 9, 8, 7, 6, 3, 0)).orElseThrow();
        assertThat(nps.n()).isEqualTo(10);
        assertThat(nps.promoters()).isEqualTo(5);
        assertThat(nps.passives()).isEqualTo(2);
        assertThat(nps.detractors()).isEqualTo(3);
        assertThat(nps.score()).isCloseTo(20.0, EPS);
        assertThat(nps.ciLow()).isCloseTo(-34.0335, HAND);
        assertThat(nps.ciHigh()).isCloseTo(74.0335, HAND);
    }

    @Test
    void theIntervalIsClippedToTheScale() {
        // 9,10,9 promoters, 6 detractor: p = 0.75, d = 0.25, NPS = 50
        // var = (1.0 - 0.25) / 4 = 0.1875, sqrt = 0.433013, * 1.96 = 0.848705
        // CI = [50 - 84.8705, 50 + 84.8705] = [-34.8705, 134.8705] -> upper clipped to 100
        Nps high = Nps.of(scores(9, 10, 9, 6)).orElseThrow();
        assertThat(high.score()).isCloseTo(50.0, EPS);
        assertThat(high.ciLow()).isCloseTo(-34.8705, HAND);
        assertThat(high.ciHigh()).isEqualTo(100.0);
        // five 0s and one 10: p = 1/6, d = 5/6, NPS = -66.6667
        // var = (1 - 4/9) / 6 = 5/54 = 0.092593, sqrt = 0.304290, * 1.96 = 0.596409
        // CI = [-126.3076, -7.0258] -> lower clipped to -100
        Nps low = Nps.of(scores(0, 0, 0, 0, 0, 10)).orElseThrow();
        assertThat(low.score()).isCloseTo(-66.6667, HAND);
        assertThat(low.ciLow()).isEqualTo(-100.0);
        assertThat(low.ciHigh()).isCloseTo(-7.0258, HAND);
    }

    @Test
    void noAnswersGiveNoNpsRatherThanNaN() {
        assertThat(Nps.of(List.of())).isEmpty();
        assertThat(Nps.of(0, 0, 0)).isEmpty();
    }

    @Test
    void allPromotersAndAllDetractorsAreTheEndsOfTheScale() {
        // p = 1, d = 0: var = (1 - 1) / n = 0 -> a zero-width interval (the Wald limit, documented)
        Nps all = Nps.of(scores(9, 10, 10)).orElseThrow();
        assertThat(all.score()).isEqualTo(100.0);
        assertThat(all.ciLow()).isEqualTo(100.0);
        assertThat(all.ciHigh()).isEqualTo(100.0);
        Nps none = Nps.of(scores(0, 6, 3)).orElseThrow();
        assertThat(none.score()).isEqualTo(-100.0);
        assertThat(none.ciLow()).isEqualTo(-100.0);
        assertThat(none.ciHigh()).isEqualTo(-100.0);
        Nps passives = Nps.of(scores(7, 8)).orElseThrow();
        assertThat(passives.score()).isZero();
        assertThat(passives.ciLow()).isZero();
        assertThat(passives.ciHigh()).isZero();
    }

    @Test
    void theIntervalNarrowsAsAnswersAccumulate() {
        // Same shares (50 % promoters, 30 % detractors) at n = 10, 100, 1000: the half-width is
        // 1.96 * 100 * sqrt(0.76 / n) = 54.0335, 17.0869, 5.4033 points.
        List<Integer> ten = scores(10, 10, 9, 9, 9, 8, 7, 6, 3, 0);
        double previous = Double.MAX_VALUE;
        double[] expectedHalf = {54.0335, 17.0869, 5.4033};
        int k = 0;
        for (int times : new int[] {1, 10, 100}) {
            List<Integer> answers = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                answers.addAll(ten);
            }
            Nps nps = Nps.of(answers).orElseThrow();
            assertThat(nps.score()).isCloseTo(20.0, EPS);
            double width = nps.ciHigh() - nps.ciLow();
            assertThat(width).isLessThan(previous);
            assertThat(width / 2).isCloseTo(expectedHalf[k++], HAND);
            previous = width;
        }
        // n = 100: CI = [20 - 17.0869, 20 + 17.0869] = [2.9131, 37.0869]
    }

    @Test
    void npsAnswersOffTheScaleAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> Nps.of(scores(10, 11))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NPS score must be between 0 and 10, got 11");
        assertThatThrownBy(() -> Nps.of(scores(-1))).hasMessage("NPS score must be between 0 and 10, got -1");
        assertThatThrownBy(() -> Nps.of(scores(5, null))).hasMessageContaining("got null");
        assertThatThrownBy(() -> Nps.of(-1, 0, 0)).hasMessageContaining("must not be negative");
    }

    // --- CSAT ---

    @Test
    void csatWithItsWilsonIntervalByHand() {
        // 5,5,5,4,4,4,4 satisfied (7); 3,2,1 not; n = 10, p = 0.7 -> CSAT 70 %
        // z^2 = 3.8416, z^2/n = 0.38416, denominator = 1.38416
        // centre = (0.7 + 3.8416/20) / 1.38416 = 0.89208 / 1.38416 = 0.644492
        // half = 1.96 / 1.38416 * sqrt(0.7*0.3/10 + 3.8416/400) = 1.416021 * sqrt(0.030604)
        //      = 1.416021 * 0.174940 = 0.247719
        // CI = [0.396773, 0.892211] -> [39.6773 %, 89.2211 %]
        Csat csat = Csat.of(scores(5, 5, 5, 4, 4, 4, 4, 3, 2, 1)).orElseThrow();
        assertThat(csat.n()).isEqualTo(10);
        assertThat(csat.satisfied()).isEqualTo(7);
        assertThat(csat.percent()).isCloseTo(70.0, EPS);
        assertThat(csat.ciLow()).isCloseTo(39.6773, HAND);
        assertThat(csat.ciHigh()).isCloseTo(89.2211, HAND);
    }

    @Test
    void wilsonKeepsAWidthAtTheEnds() {
        // 3 of 3: denominator = 1 + 3.8416/3 = 2.280533; centre = (1 + 0.640267) / 2.280533 = 0.719247
        // half = 1.96 / 2.280533 * sqrt(3.8416/36) = 0.859448 * 0.326667 = 0.280753 -> [43.8494 %, 100 %]
        Csat all = Csat.of(scores(5, 4, 5)).orElseThrow();
        assertThat(all.percent()).isEqualTo(100.0);
        assertThat(all.ciLow()).isCloseTo(43.8494, HAND);
        assertThat(all.ciHigh()).isCloseTo(100.0, EPS);
        // 0 of 4: denominator = 1.9604; centre = 0.4802 / 1.9604 = 0.244950 = half -> [0 %, 48.9900 %]
        Csat none = Csat.of(scores(1, 2, 3, 3)).orElseThrow();
        assertThat(none.percent()).isZero();
        assertThat(none.ciLow()).isCloseTo(0.0, EPS);
        assertThat(none.ciHigh()).isCloseTo(48.9900, HAND);
        assertThat(Csat.of(List.of())).isEmpty();
    }

    @Test
    void csatAnswersOffTheScaleAreRefused() {
        assertThatThrownBy(() -> Csat.of(scores(0))).hasMessage("CSAT score must be between 1 and 5, got 0");
        assertThatThrownBy(() -> Csat.of(scores(6))).hasMessage("CSAT score must be between 1 and 5, got 6");
        assertThatThrownBy(() -> Csat.of(4, 3)).hasMessageContaining("0 <= satisfied <= n");
    }

    @Test
    void aSurveyRecordWithAScoreOffItsScaleNamesTheCase() {
        UUID id = UUID.fromString("00000000-0000-4000-8000-00000000000a");
        assertThatThrownBy(() -> record(id, SurveyKind.CSAT, "ann", "t1", Channel.X, OpeningSentiment.NEGATIVE, "2026-11-02T10:00:00Z", 9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("survey of case " + id + ": CSAT score must be between 1 and 5, got 9");
        // 9 is a fine NPS answer
        assertThat(record(id, SurveyKind.NPS, "ann", "t1", Channel.X, OpeningSentiment.NEGATIVE, "2026-11-02T10:00:00Z", 9)
                .answered()).isTrue();
    }

    // --- weeks ---

    @Test
    void weeksAreIsoWeeksInUtcAcrossTheYearBoundary() {
        assertThat(SurveyReport.isoWeek(Instant.parse("2026-12-28T00:00:00Z"))).isEqualTo("2026-W53"); // Monday
        assertThat(SurveyReport.isoWeek(Instant.parse("2026-12-31T12:00:00Z"))).isEqualTo("2026-W53"); // Thursday
        assertThat(SurveyReport.isoWeek(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo("2026-W53"); // new year, old week
        assertThat(SurveyReport.isoWeek(Instant.parse("2027-01-03T23:59:59Z"))).isEqualTo("2026-W53"); // Sunday, UTC
        assertThat(SurveyReport.isoWeek(Instant.parse("2027-01-04T00:00:00Z"))).isEqualTo("2027-W01"); // Monday
        assertThat(SurveyReport.isoWeek(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo("2026-W01");
    }

    // --- grouping ---

    static SurveyRecord record(UUID id, SurveyKind kind, String agent, String team, Channel channel,
            OpeningSentiment sentiment, String sentAt, Integer score) {
        return new SurveyRecord(id, kind, agent, team, channel, sentiment, Instant.parse(sentAt), score);
    }

    static int n;

    static SurveyRecord nps(String agent, String team, Channel channel, OpeningSentiment sentiment, String sentAt,
            Integer score) {
        return record(new UUID(0, ++n), SurveyKind.NPS, agent, team, channel, sentiment, sentAt, score);
    }

    static SurveyRecord csat(String agent, String team, Channel channel, OpeningSentiment sentiment, String sentAt,
            Integer score) {
        return record(new UUID(1, ++n), SurveyKind.CSAT, agent, team, channel, sentiment, sentAt, score);
    }

    static final OpeningSentiment NEG = OpeningSentiment.NEGATIVE;
    static final OpeningSentiment NEU = OpeningSentiment.NEUTRAL;
    static final OpeningSentiment POS = OpeningSentiment.POSITIVE;

    static List<SurveyRecord> sample() {
        return List.of(
                // ann, team a, X, week 2026-W53
                nps("ann", "a", Channel.X, NEG, "2026-12-31T09:00:00Z", 10),
                nps("ann", "a", Channel.X, NEG, "2026-12-31T10:00:00Z", 6),
                nps("ann", "a", Channel.X, NEG, "2027-01-02T10:00:00Z", null),
                csat("ann", "a", Channel.X, NEU, "2027-01-03T23:00:00Z", 5),
                // bob, team a, facebook, week 2027-W01
                nps("bob", "a", Channel.FACEBOOK, POS, "2027-01-04T08:00:00Z", 9),
                nps("bob", "a", Channel.FACEBOOK, NEU, "2027-01-05T08:00:00Z", 8),
                csat("bob", "a", Channel.FACEBOOK, NEG, "2027-01-05T09:00:00Z", 2),
                csat("bob", "a", Channel.FACEBOOK, NEG, "2027-01-06T09:00:00Z", null),
                // nobody assigned
                nps(null, null, Channel.FORUM, NEG, "2027-01-06T10:00:00Z", null));
    }

    static Row row(List<Row> rows, Dimension d, String group) {
        return rows.stream().filter(r -> r.dimension() == d && r.group().equals(group)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + d + "/" + group + " in " + rows));
    }

    @Test
    void everyDimensionIsGroupedAndRowsAreOrdered() {
        List<Row> rows = SurveyReport.build(sample());
        assertThat(rows).extracting(r -> r.dimension() + "/" + r.group()).containsExactly(
                "ALL/all",
                "AGENT/(none)", "AGENT/ann", "AGENT/bob",
                "TEAM/(none)", "TEAM/a",
                "CHANNEL/facebook", "CHANNEL/forum", "CHANNEL/x",
                "WEEK/2026-W53", "WEEK/2027-W01",
                "OPENING_SENTIMENT/negative", "OPENING_SENTIMENT/neutral", "OPENING_SENTIMENT/positive");
    }

    @Test
    void overallResponseRateNpsAndCsat() {
        Row all = row(SurveyReport.build(sample()), Dimension.ALL, "all");
        // 9 sent, 6 answered -> 66.6667 %
        assertThat(all.sent()).isEqualTo(9);
        assertThat(all.answered()).isEqualTo(6);
        assertThat(all.responseRatePercent()).hasValueSatisfying(v -> assertThat(v).isCloseTo(66.6667, HAND));
        // NPS answers 10, 6, 9, 8: 2 promoters, 1 passive, 1 detractor -> 50 % - 25 % = 25
        Nps nps = all.nps().orElseThrow();
        assertThat(List.of(nps.n(), nps.promoters(), nps.passives(), nps.detractors())).containsExactly(4, 2, 1, 1);
        assertThat(nps.score()).isCloseTo(25.0, EPS);
        // CSAT answers 5, 2: 1 of 2 -> 50 %
        assertThat(all.csat().orElseThrow().percent()).isCloseTo(50.0, EPS);
    }

    @Test
    void byAgentTeamChannelAndWeek() {
        List<Row> rows = SurveyReport.build(sample());
        Row ann = row(rows, Dimension.AGENT, "ann");
        // ann: 4 sent, 3 answered; NPS 10, 6 -> 50 - 50 = 0; CSAT 5 -> 100 %
        assertThat(List.of(ann.sent(), ann.answered())).containsExactly(4, 3);
        assertThat(ann.responseRatePercent()).hasValue(75.0);
        assertThat(ann.nps().orElseThrow().score()).isCloseTo(0.0, EPS);
        assertThat(ann.csat().orElseThrow().percent()).isEqualTo(100.0);
        // nobody: one unanswered NPS -> rate 0 %, no NPS, no CSAT (not NaN)
        Row none = row(rows, Dimension.AGENT, SurveyReport.NONE);
        assertThat(none.responseRatePercent()).hasValue(0.0);
        assertThat(none.nps()).isEmpty();
        assertThat(none.csat()).isEmpty();
        assertThat(row(rows, Dimension.TEAM, "a").sent()).isEqualTo(8);
        // facebook: NPS 9, 8 -> 50 - 0 = 50; CSAT 2 -> 0 %
        Row facebook = row(rows, Dimension.CHANNEL, "facebook");
        assertThat(facebook.nps().orElseThrow().score()).isCloseTo(50.0, EPS);
        assertThat(facebook.csat().orElseThrow().percent()).isZero();
        // 2026-W53 holds 31 Dec, 2 Jan and Sunday 3 Jan 23:00 UTC; 2027-W01 starts Monday 4 Jan
        assertThat(row(rows, Dimension.WEEK, "2026-W53").sent()).isEqualTo(4);
        assertThat(row(rows, Dimension.WEEK, "2027-W01").sent()).isEqualTo(5);
    }

    @Test
    void npsIsSplitByOpeningSentiment() {
        List<Row> rows = SurveyReport.build(sample());
        // negative: NPS 10, 6 answered (two unanswered) -> 50 - 50 = 0
        Row negative = row(rows, Dimension.OPENING_SENTIMENT, "negative");
        assertThat(negative.nps().orElseThrow().n()).isEqualTo(2);
        assertThat(negative.nps().orElseThrow().score()).isCloseTo(0.0, EPS);
        // neutral: NPS 8 -> passive only -> 0; positive: NPS 9 -> 100
        assertThat(row(rows, Dimension.OPENING_SENTIMENT, "neutral").nps().orElseThrow().score()).isCloseTo(0.0, EPS);
        assertThat(row(rows, Dimension.OPENING_SENTIMENT, "positive").nps().orElseThrow().score()).isEqualTo(100.0);
    }

    @Test
    void aReportWithoutSurveysHasAnEmptyOverallRowAndNoGroups() {
        List<Row> rows = SurveyReport.build(Collections.emptyList());
        assertThat(rows).hasSize(1);
        Row all = rows.get(0);
        assertThat(all.sent()).isZero();
        assertThat(all.responseRatePercent()).isEmpty();
        assertThat(all.nps()).isEmpty();
        assertThat(all.csat()).isEmpty();
        assertThat(ReportCsv.write(rows)).isEqualTo(ReportCsv.HEADER + "\r\nall,all,0,0,,,,,,,,,,,,,,\r\n");
    }

    // --- CSV ---

    @Test
    void csvFieldsAreQuotedPerRfc4180() {
        assertThat(ReportCsv.field("plain")).isEqualTo("plain");
        assertThat(ReportCsv.field("")).isEqualTo("");
        assertThat(ReportCsv.field("Doe, Jane")).isEqualTo("\"Doe, Jane\"");
        assertThat(ReportCsv.field("the \"A\" team")).isEqualTo("\"the \"\"A\"\" team\"");
        assertThat(ReportCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(ReportCsv.field("cr\rlf")).isEqualTo("\"cr\rlf\"");
    }

    @Test
    void aReportAsCsv() {
        List<SurveyRecord> surveys = List.of(
                nps("Doe, Jane", "the \"A\" team", Channel.X, NEG, "2026-12-31T09:00:00Z", 10),
                nps("Doe, Jane", "the \"A\" team", Channel.X, NEG, "2026-12-31T10:00:00Z", 6),
                csat("=HYPERLINK(\"x\")", "two\nlines", Channel.X, NEG, "2026-12-31T11:00:00Z", null));
        String csv = ReportCsv.write(SurveyReport.build(surveys));
        // NPS 10, 6: p = d = 0.5, NPS 0, var = (1 - 0) / 2 = 0.5, half = 1.96 * 0.707107 = 1.385929
        // -> CI [-138.6, 138.6] clipped to [-100, 100]
        assertThat(csv.split("\r\n", -1)).containsExactly(
                ReportCsv.HEADER,
                "all,all,3,2,66.7,2,1,0,1,0.0,-100.0,100.0,,,,,,",
                "agent,\"'=HYPERLINK(\"\"x\"\")\",1,0,0.0,,,,,,,,,,,,,",
                "agent,\"Doe, Jane\",2,2,100.0,2,1,0,1,0.0,-100.0,100.0,,,,,,",
                "team,\"the \"\"A\"\" team\",2,2,100.0,2,1,0,1,0.0,-100.0,100.0,,,,,,",
                "team,\"two\nlines\",1,0,0.0,,,,,,,,,,,,,",
                "channel,x,3,2,66.7,2,1,0,1,0.0,-100.0,100.0,,,,,,",
                "week,2026-W53,3,2,66.7,2,1,0,1,0.0,-100.0,100.0,,,,,,",
                "opening_sentiment,negative,3,2,66.7,2,1,0,1,0.0,-100.0,100.0,,,,,,",
                "");
    }

    @Test
    void csatColumnsAndNegativeZeroInCsv() {
        List<SurveyRecord> surveys = List.of(
                csat("ann", "a", Channel.EMAIL, POS, "2026-11-02T10:00:00Z", 5),
                csat("ann", "a", Channel.EMAIL, POS, "2026-11-02T11:00:00Z", 5),
                csat("ann", "a", Channel.EMAIL, POS, "2026-11-02T12:00:00Z", 4));
        String first = ReportCsv.write(SurveyReport.build(surveys)).split("\r\n")[1];
        // 3 of 3 satisfied: Wilson [43.8494, 100] -> 43.8, 100.0
        assertThat(first).isEqualTo("all,all,3,3,100.0,,,,,,,,3,100.0,43.8,100.0,,");
        assertThat(ReportCsv.number(Optional.of(-0.04))).isEqualTo("0.0");
    }
}
