package io.outpost.routing.api;

/** The staffing of one interval and the agents online now. */
public record IntervalStaffingView(StaffingView staffing, OnlineAgents online) {
}
