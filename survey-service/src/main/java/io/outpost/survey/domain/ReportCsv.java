package io.outpost.survey.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A report as CSV (RFC 4180): comma-separated, CRLF line ends, a header line, and a field quoted
 * (its quotes doubled) when it holds a comma, a quote, CR or LF. Numbers have one decimal and a
 * dot; an absent value (no answers) is an empty field. A group name starting with {@code =},
 * {@code +}, {@code -}, {@code @}, tab or CR is prefixed with {@code '} so that a spreadsheet does
 * not run it as a formula (agent and team names are typed by people).
 */
public final class ReportCsv {

    public static final String HEADER = "dimension,group,sent,answered,response_rate_pct,"
            + "nps_answers,promoters,passives,detractors,nps,nps_ci_low,nps_ci_high,"
            + "csat_answers,csat_pct,csat_ci_low,csat_ci_high,ces_answers,ces_mean";

    private ReportCsv() {
    }

    public static String write(List<SurveyReport.Row> rows) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (SurveyReport.Row r : rows) {
            Optional<Nps> nps = r.nps();
            Optional<Csat> csat = r.csat();
            String[] fields = {
                r.dimension().name().toLowerCase(Locale.ROOT),
                field(defuse(r.group())),
                Integer.toString(r.sent()),
                Integer.toString(r.answered()),
                number(r.responseRatePercent()),
                nps.map(n -> Integer.toString(n.n())).orElse(""),
                nps.map(n -> Integer.toString(n.promoters())).orElse(""),
                nps.map(n -> Integer.toString(n.passives())).orElse(""),
                nps.map(n -> Integer.toString(n.detractors())).orElse(""),
                number(nps.map(Nps::score)),
                number(nps.map(Nps::ciLow)),
                number(nps.map(Nps::ciHigh)),
                csat.map(c -> Integer.toString(c.n())).orElse(""),
                number(csat.map(Csat::percent)),
                number(csat.map(Csat::ciLow)),
                number(csat.map(Csat::ciHigh)),
                r.ces().map(c -> Integer.toString(c.n())).orElse(""),
                number(r.ces().map(Ces::mean)),
            };
            out.append(String.join(",", fields)).append("\r\n");
        }
        return out.toString();
    }

    /** One RFC 4180 field: quoted, quotes doubled, when it holds a comma, quote, CR or LF. */
    public static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    static String defuse(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    static String number(Optional<Double> value) {
        if (value.isEmpty()) {
            return "";
        }
        String s = String.format(Locale.ROOT, "%.1f", value.get());
        return s.equals("-0.0") ? "0.0" : s;
    }
}
