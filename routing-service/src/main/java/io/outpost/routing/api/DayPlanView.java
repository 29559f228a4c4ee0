package io.outpost.routing.api;

import java.util.List;

/**
 * The staffing of each interval of a plan, and the agents online now.
 *
 * @param peakAgentsNeeded     the most agents any interval needs answering
 * @param peakAgentsToSchedule the most agents any interval needs scheduled
 */
public record DayPlanView(List<StaffingView> intervals, int peakAgentsNeeded, int peakAgentsToSchedule, OnlineAgents online) {
}
