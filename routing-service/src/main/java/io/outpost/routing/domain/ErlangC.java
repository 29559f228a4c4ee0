package io.outpost.routing.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Staffing by Erlang C (M/M/s: Poisson arrivals, exponential handle times, first come first served,
 * nobody abandons), with concurrency and shrinkage. Plain Java, no framework.
 *
 * <ul>
 * <li>Traffic {@code A = arrivals × AHT / interval length} (Erlangs).</li>
 * <li>Concurrency: an agent working {@code k} cases at once counts as {@code k} servers, each
 * serving one case in the average handle time; {@code s = N × k}. (Each concurrent slot is a
 * server: it assumes the handle time is measured per case while the agent is multitasking, and
 * that slots do not slow each other down.)</li>
 * <li>Probability of waiting {@code C(s, A)} from Erlang B's recursion {@code B(0) = 1,
 * B(n) = A·B(n−1) / (n + A·B(n−1))}, then {@code C = s·B / (s − A·(1 − B))}: no factorials or
 * powers, every step stays in [0, 1].</li>
 * <li>Service level {@code P(wait ≤ t) = 1 − C·e^{−(s − A)·t / AHT}}; average speed of answer
 * {@code ASA = C·AHT / (s − A)}; occupancy {@code A / s}.</li>
 * <li>Shrinkage (breaks, training, absence): agents to schedule {@code = ⌈N / (1 − shrinkage)⌉}.</li>
 * </ul>
 */
public final class ErlangC {

    /** The most servers (agents × concurrency) a calculation may need; beyond it the input is refused. */
    public static final int MAX_SERVERS = 1_000_000;

    private ErlangC() {
    }

    /**
     * What a number of agents achieves on an interval.
     *
     * @param agents                    agents answering (before shrinkage)
     * @param servers                   agents × concurrency
     * @param trafficErlangs            offered load A
     * @param probabilityOfWaiting      Erlang C: the share of cases that wait at all
     * @param serviceLevel              the share answered within the target answer time
     * @param averageSpeedOfAnswerSeconds the mean wait over all cases (ASA)
     * @param occupancy                 A / servers: how busy each slot is
     */
    public record Performance(int agents, int servers, double trafficErlangs, double probabilityOfWaiting,
            double serviceLevel, double averageSpeedOfAnswerSeconds, double occupancy) {
    }

    /**
     * The smallest staffing that meets a service level target.
     *
     * @param agents          agents who must be answering (N)
     * @param scheduledAgents agents to schedule so that N answer after shrinkage: ⌈N / (1 − shrinkage)⌉
     * @param performance     service level, ASA and occupancy with N agents
     */
    public record Requirement(int agents, int scheduledAgents, Performance performance) {
    }

    /** Offered load in Erlangs: arrivals × AHT / interval length. */
    public static double traffic(double arrivalsPerInterval, Duration intervalLength, Duration averageHandleTime) {
        requireFinite(arrivalsPerInterval, "arrivals per interval");
        if (arrivalsPerInterval < 0) {
            throw new IllegalArgumentException("arrivals per interval must be at least 0, was " + arrivalsPerInterval);
        }
        double interval = positiveSeconds(intervalLength, "interval length");
        double aht = positiveSeconds(averageHandleTime, "average handle time");
        return arrivalsPerInterval * aht / interval;
    }

    /**
     * Erlang C: the probability that a case waits, with {@code servers} servers and {@code traffic}
     * Erlangs; 1 when the servers cannot keep up ({@code servers ≤ traffic}), 0 without traffic.
     */
    public static double probabilityOfWaiting(int servers, double traffic) {
        requireTraffic(traffic);
        if (servers < 1) {
            throw new IllegalArgumentException("servers must be at least 1, was " + servers);
        }
        if (traffic == 0) {
            return 0;
        }
        if (servers <= traffic) {
            return 1;
        }
        return erlangCFromB(servers, traffic, erlangB(servers, traffic));
    }

    /** Erlang B's blocking probability by the recursion B(n) = A·B(n−1) / (n + A·B(n−1)), B(0) = 1. */
    public static double erlangB(int servers, double traffic) {
        requireTraffic(traffic);
        if (servers < 0) {
            throw new IllegalArgumentException("servers must be at least 0, was " + servers);
        }
        double b = 1;
        for (int n = 1; n <= servers; n++) {
            b = traffic * b / (n + traffic * b);
        }
        return b;
    }

    /**
     * What {@code agents} achieve on one interval.
     *
     * @throws IllegalArgumentException for invalid inputs, or when the agents cannot keep up with
     *                                  the traffic (agents × concurrency ≤ A: the queue grows without end)
     */
    public static Performance performance(int agents, double arrivalsPerInterval, Duration intervalLength,
            Duration averageHandleTime, int concurrency, Duration targetAnswerTime) {
        double traffic = traffic(arrivalsPerInterval, intervalLength, averageHandleTime);
        requireConcurrency(concurrency);
        double aht = positiveSeconds(averageHandleTime, "average handle time");
        double t = nonNegativeSeconds(targetAnswerTime, "target answer time");
        if (agents < 0) {
            throw new IllegalArgumentException("agents must be at least 0, was " + agents);
        }
        long servers = (long) agents * concurrency;
        if (servers > MAX_SERVERS) {
            throw new IllegalArgumentException("agents × concurrency must be at most " + MAX_SERVERS + ", was " + servers);
        }
        if (traffic == 0) {
            return idle(agents, (int) servers);
        }
        if (servers <= traffic) {
            throw new IllegalArgumentException(agents + " agents × " + concurrency + " cannot keep up with " + traffic
                    + " Erlangs: the queue would grow without end");
        }
        return performance(agents, (int) servers, traffic, erlangB((int) servers, traffic), aht, t);
    }

    /**
     * The smallest number of agents N whose service level {@code P(wait ≤ targetAnswerTime)}
     * reaches {@code targetServiceLevel}, and the agents to schedule for it after shrinkage.
     * No arrivals need no agents.
     *
     * @param arrivalsPerInterval cases expected in the interval (≥ 0, may be fractional: a forecast)
     * @param intervalLength      the interval (&gt; 0), e.g. 30 minutes
     * @param averageHandleTime   the time a case occupies one slot of an agent (&gt; 0)
     * @param concurrency         cases an agent works at once (≥ 1)
     * @param targetServiceLevel  share to answer within the target answer time, 0 &lt; target &lt; 1
     * @param targetAnswerTime    the answer time of the target (≥ 0)
     * @param shrinkage           share of scheduled time agents are not answering, 0 ≤ shrinkage &lt; 1
     */
    public static Requirement requiredAgents(double arrivalsPerInterval, Duration intervalLength, Duration averageHandleTime,
            int concurrency, double targetServiceLevel, Duration targetAnswerTime, double shrinkage) {
        double traffic = traffic(arrivalsPerInterval, intervalLength, averageHandleTime);
        double aht = positiveSeconds(averageHandleTime, "average handle time");
        requireConcurrency(concurrency);
        requireFinite(targetServiceLevel, "target service level");
        if (!(targetServiceLevel > 0 && targetServiceLevel < 1)) {
            throw new IllegalArgumentException("target service level must be between 0 and 1 (exclusive), was "
                    + targetServiceLevel);
        }
        double t = nonNegativeSeconds(targetAnswerTime, "target answer time");
        requireFinite(shrinkage, "shrinkage");
        if (!(shrinkage >= 0 && shrinkage < 1)) {
            throw new IllegalArgumentException("shrinkage must be at least 0 and below 1, was " + shrinkage);
        }
        if (traffic == 0) {
            return new Requirement(0, 0, idle(0, 0));
        }
        if (traffic >= MAX_SERVERS) {
            throw new IllegalArgumentException("a load of " + traffic + " Erlangs needs more than " + MAX_SERVERS
                    + " servers (agents × concurrency)");
        }
        // Extend Erlang B's recursion one agent (concurrency servers) at a time: O(final servers) in all.
        double b = 1;
        int servers = 0;
        for (int agents = 1;; agents++) {
            long next = (long) agents * concurrency;
            if (next > MAX_SERVERS) {
                throw new IllegalArgumentException("a load of " + traffic + " Erlangs at concurrency " + concurrency
                        + " needs more than " + MAX_SERVERS + " servers (agents × concurrency) to reach the target");
            }
            while (servers < next) {
                servers++;
                b = traffic * b / (servers + traffic * b);
            }
            if (servers > traffic) {
                Performance p = performance(agents, servers, traffic, b, aht, t);
                if (p.serviceLevel() >= targetServiceLevel) {
                    return new Requirement(agents, scheduled(agents, shrinkage), p);
                }
            }
        }
    }

    /** Agents to schedule so that {@code agents} answer: ⌈agents / (1 − shrinkage)⌉, in exact decimal arithmetic. */
    public static int scheduled(int agents, double shrinkage) {
        requireFinite(shrinkage, "shrinkage");
        if (!(shrinkage >= 0 && shrinkage < 1)) {
            throw new IllegalArgumentException("shrinkage must be at least 0 and below 1, was " + shrinkage);
        }
        // BigDecimal.valueOf(0.3) is exactly 0.3, so 14 / 0.7 is 20, not 20.000000000000004 → 21.
        BigDecimal available = BigDecimal.ONE.subtract(BigDecimal.valueOf(shrinkage));
        BigDecimal scheduled = BigDecimal.valueOf(agents).divide(available, 0, RoundingMode.CEILING);
        if (scheduled.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(agents + " agents at shrinkage " + shrinkage + " are too many to schedule");
        }
        return scheduled.intValueExact();
    }

    private static Performance performance(int agents, int servers, double traffic, double erlangB, double aht, double t) {
        double c = erlangCFromB(servers, traffic, erlangB);
        double spare = servers - traffic;
        double serviceLevel = 1 - c * Math.exp(-spare * t / aht);
        double asa = c * aht / spare;
        return new Performance(agents, servers, traffic, c, Math.max(0, Math.min(1, serviceLevel)), asa, traffic / servers);
    }

    /** C = s·B / (s − A·(1 − B)), for s &gt; A. */
    private static double erlangCFromB(int servers, double traffic, double b) {
        double c = servers * b / (servers - traffic * (1 - b));
        return Math.min(1, c);
    }

    private static Performance idle(int agents, int servers) {
        return new Performance(agents, servers, 0, 0, 1, 0, 0);
    }

    private static void requireTraffic(double traffic) {
        requireFinite(traffic, "traffic");
        if (traffic < 0) {
            throw new IllegalArgumentException("traffic must be at least 0 Erlangs, was " + traffic);
        }
    }

    private static void requireConcurrency(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
    }

    private static void requireFinite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, was " + value);
        }
    }

    private static double positiveSeconds(Duration d, String name) {
        if (d == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return seconds(d);
    }

    private static double nonNegativeSeconds(Duration d, String name) {
        if (d == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must be at least 0, was " + d);
        }
        return seconds(d);
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
