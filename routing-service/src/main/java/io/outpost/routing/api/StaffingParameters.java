package io.outpost.routing.api;

import java.time.Duration;

/** What every staffed interval of a request shares, with the defaults applied. */
record StaffingParameters(Duration interval, Duration averageHandleTime, int concurrency, double targetServiceLevel,
        Duration targetAnswerTime, double shrinkage, String team) {

    static final String INTERVAL_MINUTES = "Length of the interval in minutes, 1-1440 (default 30)";
    static final String AHT = "Average handle time of one case in seconds: how long it occupies one of an agent's "
            + "concurrent slots (> 0, at most 86400)";
    static final String CONCURRENCY = "Cases an agent works at once, 1-100 (default 1); each slot counts as a server";
    static final String TARGET_SERVICE_LEVEL = "Share of cases to answer within the target answer time, strictly between 0 and 1";
    static final String TARGET_ANSWER = "The answer time of the target in seconds, 0-86400";
    static final String SHRINKAGE = "Share of scheduled time agents do not answer (breaks, training, absence), 0 to below 1 "
            + "(default 0)";
    static final String TEAM = "Compare with the online agents of this team only (default: all agents)";

    static StaffingParameters of(Integer intervalMinutes, Double ahtSeconds, Integer concurrency, Double targetServiceLevel,
            Double targetAnswerSeconds, Double shrinkage, String team) {
        return new StaffingParameters(Duration.ofMinutes(intervalMinutes == null ? 30 : intervalMinutes),
                seconds(ahtSeconds), concurrency == null ? 1 : concurrency, targetServiceLevel, seconds(targetAnswerSeconds),
                shrinkage == null ? 0 : shrinkage, team == null || team.isBlank() ? null : team.trim());
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
