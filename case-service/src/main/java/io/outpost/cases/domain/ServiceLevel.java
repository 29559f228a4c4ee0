package io.outpost.cases.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Service-level figures of a set of cases, per group (channel, agent, team or day). Plain Java, so
 * the definitions are tested on hand-checked data:
 *
 * <ul>
 * <li><b>First-response time</b>: from the platform time of the opening post to the first agent
 * response, over the cases that were answered; p50 and p90. A response is a reply once delivered
 * (at its delivery: when the customer could read it) or a post the brand typed on the platform;
 * a reply still sending or refused is none, and an echo of a reply is that reply's confirmation,
 * never a response of its own ({@link ResponseTurns}).</li>
 * <li><b>Response rate</b>: the share of cases that got a response.</li>
 * <li><b>SLA attainment</b>: the share of <i>decided</i> cases (answered, finished, or with a target
 * already missed) that missed no target: no breach recorded, first response and resolution not
 * later than their due times. Cases still running within their targets are not counted yet.</li>
 * <li><b>Resolution time</b>: from the opening post to the (latest) resolution, over the finished
 * cases; p50 and p90.</li>
 * <li><b>First-contact resolution</b>: the share of finished cases resolved with exactly one agent
 * response (as above: echoes and failed replies do not count) and never reopened.</li>
 * </ul>
 *
 * Percentiles interpolate linearly between the two nearest ranks, as PostgreSQL's
 * {@code percentile_cont} does, so a figure can be checked with SQL.
 */
public final class ServiceLevel {

    private ServiceLevel() {
    }

    /**
     * What the figures need of one case.
     *
     * @param group           the group the case counts in
     * @param openedAt        platform time of the opening post
     * @param firstResponseAt first agent response, null if none
     * @param finishedAt      when it was resolved (or closed without resolution), null while not finished
     * @param targetMissed    a target was missed (a breach recorded, or met late)
     * @param agentResponses  delivered replies plus posts the brand typed on the platform (no echoes)
     * @param reopened        it was resolved and opened again at least once
     */
    public record CaseFacts(String group, Instant openedAt, Instant firstResponseAt, Instant finishedAt,
            boolean targetMissed, int agentResponses, boolean reopened) {

        boolean decided() {
            return firstResponseAt != null || finishedAt != null || targetMissed;
        }
    }

    /** The figures of one group; a percentage or percentile is null when no case is counted in it. */
    public record Figures(String group, int cases, Long firstResponseP50Seconds, Long firstResponseP90Seconds,
            Double slaAttainmentPercent, Long resolutionP50Seconds, Long resolutionP90Seconds,
            Double firstContactResolutionPercent, Double responseRatePercent) {
    }

    /** Figures per group, groups in their natural (text) order. */
    public static List<Figures> byGroup(List<CaseFacts> cases) {
        Map<String, List<CaseFacts>> groups = new TreeMap<>();
        for (CaseFacts c : cases) {
            groups.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(c);
        }
        List<Figures> out = new ArrayList<>();
        groups.forEach((group, members) -> out.add(figures(group, members)));
        return out;
    }

    public static Figures figures(String group, List<CaseFacts> cases) {
        List<Long> firstResponses = new ArrayList<>();
        List<Long> resolutions = new ArrayList<>();
        int decided = 0;
        int attained = 0;
        int finished = 0;
        int firstContact = 0;
        int answered = 0;
        for (CaseFacts c : cases) {
            if (c.firstResponseAt() != null) {
                answered++;
                firstResponses.add(seconds(c.openedAt(), c.firstResponseAt()));
            }
            if (c.decided()) {
                decided++;
                if (!c.targetMissed()) {
                    attained++;
                }
            }
            if (c.finishedAt() != null) {
                finished++;
                resolutions.add(seconds(c.openedAt(), c.finishedAt()));
                if (c.agentResponses() == 1 && !c.reopened()) {
                    firstContact++;
                }
            }
        }
        return new Figures(group, cases.size(), percentile(firstResponses, 0.5), percentile(firstResponses, 0.9),
                percent(attained, decided), percentile(resolutions, 0.5), percentile(resolutions, 0.9),
                percent(firstContact, finished), percent(answered, cases.size()));
    }

    /**
     * The p-th percentile (0..1) with linear interpolation between closest ranks (percentile_cont),
     * rounded to whole seconds; null for no values.
     */
    public static Long percentile(List<Long> values, double p) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("percentile must be in [0, 1], got " + p);
        }
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        double rank = p * (sorted.size() - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        double value = sorted.get(below) + (rank - below) * (sorted.get(above) - sorted.get(below));
        return Math.round(value);
    }

    /** part / whole in percent, one decimal; null when whole is 0. */
    public static Double percent(int part, int whole) {
        return whole == 0 ? null : Math.round(1000.0 * part / whole) / 10.0;
    }

    private static long seconds(Instant from, Instant to) {
        // A response before the opening post's platform time (clock skew) counts as immediate.
        return Math.max(0, Duration.between(from, to).toSeconds());
    }
}
