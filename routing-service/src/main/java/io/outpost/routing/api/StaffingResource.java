package io.outpost.routing.api;

import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.Roles;
import io.outpost.routing.domain.ErlangC;
import io.outpost.routing.store.AgentStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * How many agents an interval needs (Erlang C with concurrency and shrinkage, see
 * {@link ErlangC}), compared with the agents online now.
 */
@Path("/api/v1/staffing")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StaffingResource {

    private final AgentStore agents;

    public StaffingResource(AgentStore agents) {
        this.agents = agents;
    }

    @POST
    @Path("interval")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Staff one interval", description = "Roles: supervisor, admin. The fewest agents meeting the "
            + "service level target, the agents to schedule after shrinkage, the expected service level, average speed of "
            + "answer and occupancy, and the gap to the agents online now.")
    @APIResponse(responseCode = "200", description = "The staffing of the interval")
    @APIResponse(responseCode = "400", description = "Invalid input (problem details)")
    public Uni<IntervalStaffingView> interval(@Valid @NotNull IntervalStaffingRequest body) {
        StaffingParameters parameters = body.parameters();
        // Check the input before reading the database, so a bad request costs nothing.
        ErlangC.Requirement requirement = require(parameters, body.arrivals(), "");
        return online(parameters).map(online -> new IntervalStaffingView(
                StaffingView.of(null, body.arrivals(), requirement, online), online));
    }

    @POST
    @Path("day-plan")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Staff a plan of intervals", description = "Roles: supervisor, admin. Each interval (at most "
            + DayPlanRequest.MAX_INTERVALS + ", e.g. 48 half hours for a day) staffed as by the interval endpoint, with "
            + "shared handle time, concurrency and targets; each compared with the agents online now.")
    @APIResponse(responseCode = "200", description = "The staffing of each interval, in the order given")
    @APIResponse(responseCode = "400", description = "Invalid input (problem details)")
    public Uni<DayPlanView> dayPlan(@Valid @NotNull DayPlanRequest body) {
        StaffingParameters parameters = body.parameters();
        // Up to 672 intervals of up to a million servers each: computed on a worker thread, not the event loop.
        return online(parameters).emitOn(Infrastructure.getDefaultWorkerPool()).map(online -> {
            Map<Double, ErlangC.Requirement> byArrivals = new HashMap<>();
            List<StaffingView> intervals = new ArrayList<>(body.intervals().size());
            int peakNeeded = 0;
            int peakScheduled = 0;
            for (int i = 0; i < body.intervals().size(); i++) {
                DayPlanRequest.Interval interval = body.intervals().get(i);
                String where = "intervals[" + i + "]: ";
                ErlangC.Requirement r = byArrivals.computeIfAbsent(interval.arrivals(),
                        arrivals -> require(parameters, arrivals, where));
                intervals.add(StaffingView.of(interval.start(), interval.arrivals(), r, online));
                peakNeeded = Math.max(peakNeeded, r.agents());
                peakScheduled = Math.max(peakScheduled, r.scheduledAgents());
            }
            return new DayPlanView(intervals, peakNeeded, peakScheduled, online);
        });
    }

    private Uni<OnlineAgents> online(StaffingParameters parameters) {
        return agents.countByPresence(parameters.team()).map(counts -> OnlineAgents.of(parameters.team(), counts));
    }

    private static ErlangC.Requirement require(StaffingParameters p, double arrivals, String where) {
        try {
            return ErlangC.requiredAgents(arrivals, p.interval(), p.averageHandleTime(), p.concurrency(),
                    p.targetServiceLevel(), p.targetAnswerTime(), p.shrinkage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(where + e.getMessage());
        }
    }
}
