package io.outpost.survey.api;

import io.outpost.survey.domain.Ces;
import io.outpost.survey.domain.Csat;
import io.outpost.survey.domain.Nps;
import io.outpost.survey.domain.SurveyReport;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * NPS, CSAT, CES and response rate of the surveys sent in [from, to), overall and by agent, team,
 * channel, ISO week and opening sentiment.
 *
 * @param from first day (UTC), inclusive
 * @param to   last day (UTC), exclusive
 * @param rows the {@code all} row first, then each dimension's groups by key
 */
@Schema(description = "Survey report")
public record ReportView(LocalDate from, LocalDate to, List<Row> rows) {

    /**
     * One group. Absent figures are null: no NPS without NPS answers, no response rate without sent surveys.
     *
     * @param dimension           all, agent (agent id), team, channel, week (ISO, UTC), opening_sentiment
     * @param group               the group's key; {@code (none)} for surveys without agent or team
     * @param sent                surveys sent
     * @param answered            surveys answered
     * @param responseRatePercent answered / sent, in %
     * @param nps                 % promoters (9-10) − % detractors (0-6), with a 95 % normal-approximation interval
     * @param csat                % of 4-5 answers, with a 95 % Wilson interval
     * @param ces                 mean effort score (1-7)
     */
    public record Row(@Schema(example = "agent") String dimension, String group, int sent, int answered,
            Double responseRatePercent, Nps nps, Csat csat, Ces ces) {

        static Row of(SurveyReport.Row r) {
            return new Row(r.dimension().name().toLowerCase(Locale.ROOT), r.group(), r.sent(), r.answered(),
                    r.responseRatePercent().orElse(null), r.nps().orElse(null), r.csat().orElse(null),
                    r.ces().orElse(null));
        }
    }
}
