package io.outpost.survey.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * NPS, CSAT and response rate of sent surveys, overall and by agent, team, channel, ISO week and
 * opening sentiment. Each group holds the surveys sent in it, answered or not, so its response
 * rate and its scores describe the same surveys.
 */
public final class SurveyReport {

    /** The group key of surveys without an agent or team. */
    public static final String NONE = "(none)";

    /** How surveys are grouped, in the order rows are listed. */
    public enum Dimension {
        /** One row, every survey. */
        ALL,
        AGENT,
        TEAM,
        /** Channel wire name ({@code x}, {@code facebook}, ...). */
        CHANNEL,
        /** ISO-8601 week of the sending instant in UTC, {@code 2026-W53}. */
        WEEK,
        /** {@code negative}, {@code neutral}, {@code positive}, {@code unknown}. */
        OPENING_SENTIMENT
    }

    /**
     * One group.
     *
     * @param dimension what the surveys are grouped by
     * @param group     the group's key
     * @param sent      surveys sent (NPS, CSAT and CES)
     * @param answered  surveys answered
     * @param nps       NPS of the answered NPS surveys; empty when there are none
     * @param csat      CSAT of the answered CSAT surveys; empty when there are none
     * @param ces       CES of the answered CES surveys; empty when there are none
     */
    public record Row(Dimension dimension, String group, int sent, int answered, Optional<Nps> nps,
            Optional<Csat> csat, Optional<Ces> ces) {

        /** answered / sent, in %; empty when nothing was sent. */
        public Optional<Double> responseRatePercent() {
            return sent == 0 ? Optional.empty() : Optional.of(100.0 * answered / sent);
        }
    }

    private SurveyReport() {
    }

    /** The rows: the ALL row first (present even without surveys), then each dimension's groups by key. */
    public static List<Row> build(Collection<SurveyRecord> surveys) {
        Objects.requireNonNull(surveys, "surveys");
        List<Row> rows = new ArrayList<>();
        rows.add(row(Dimension.ALL, "all", List.copyOf(surveys)));
        group(rows, surveys, Dimension.AGENT, s -> s.agent() == null ? NONE : s.agent());
        group(rows, surveys, Dimension.TEAM, s -> s.team() == null ? NONE : s.team());
        group(rows, surveys, Dimension.CHANNEL, s -> s.channel().wireName());
        group(rows, surveys, Dimension.WEEK, s -> isoWeek(s.sentAt()));
        group(rows, surveys, Dimension.OPENING_SENTIMENT, s -> s.openingSentiment().name().toLowerCase(Locale.ROOT));
        return rows;
    }

    /** The ISO-8601 week of {@code instant} in UTC, as {@code 2027-W01}. */
    public static String isoWeek(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%04d-W%02d", utc.get(IsoFields.WEEK_BASED_YEAR),
                utc.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static void group(List<Row> rows, Collection<SurveyRecord> surveys, Dimension dimension,
            Function<SurveyRecord, String> key) {
        Map<String, List<SurveyRecord>> groups = new TreeMap<>();
        for (SurveyRecord s : surveys) {
            groups.computeIfAbsent(key.apply(s), k -> new ArrayList<>()).add(s);
        }
        groups.forEach((k, members) -> rows.add(row(dimension, k, members)));
    }

    private static Row row(Dimension dimension, String group, List<SurveyRecord> members) {
        List<Integer> npsAnswers = new ArrayList<>();
        List<Integer> csatAnswers = new ArrayList<>();
        List<Integer> cesAnswers = new ArrayList<>();
        int answered = 0;
        for (SurveyRecord s : members) {
            if (!s.answered()) {
                continue;
            }
            answered++;
            switch (s.kind()) {
                case NPS -> npsAnswers.add(s.score());
                case CSAT -> csatAnswers.add(s.score());
                case CES -> cesAnswers.add(s.score());
            }
        }
        return new Row(dimension, group, members.size(), answered, Nps.of(npsAnswers), Csat.of(csatAnswers),
                Ces.of(cesAnswers));
    }
}
