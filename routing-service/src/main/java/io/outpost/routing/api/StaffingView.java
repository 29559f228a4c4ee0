package io.outpost.routing.api;

import io.outpost.routing.domain.ErlangC;

/**
 * The staffing of one interval, compared with the agents online now.
 *
 * @param start                       the request's label of the interval (day plan only)
 * @param arrivals                    cases expected in the interval
 * @param trafficErlangs              offered load: arrivals × AHT / interval length
 * @param agentsNeeded                the fewest agents answering that meet the target (N)
 * @param agentsToSchedule            agents to schedule for N to answer after shrinkage: ⌈N / (1 − shrinkage)⌉
 * @param servers                     N × concurrency
 * @param probabilityOfWaiting        Erlang C: the share of cases that wait at all
 * @param serviceLevel                the expected share answered within the target answer time
 * @param averageSpeedOfAnswerSeconds the expected mean wait over all cases
 * @param occupancy                   traffic / servers
 * @param gap                         agentsNeeded − agents online now: above 0 short by that many, below 0 to spare
 */
public record StaffingView(String start, double arrivals, double trafficErlangs, int agentsNeeded, int agentsToSchedule,
        int servers, double probabilityOfWaiting, double serviceLevel, double averageSpeedOfAnswerSeconds, double occupancy,
        long gap) {

    static StaffingView of(String start, double arrivals, ErlangC.Requirement r, OnlineAgents online) {
        ErlangC.Performance p = r.performance();
        return new StaffingView(start, arrivals, p.trafficErlangs(), r.agents(), r.scheduledAgents(), p.servers(),
                p.probabilityOfWaiting(), p.serviceLevel(), p.averageSpeedOfAnswerSeconds(), p.occupancy(),
                r.agents() - online.online());
    }
}
