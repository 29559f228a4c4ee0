package io.outpost.cases.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.cases.domain.ServiceLevel;
import io.outpost.cases.store.ServiceLevelStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Service-level figures for supervisors, admins and reporting integrations (agents: 403; these are
 * team figures). Definitions in {@link ServiceLevel} and the README.
 */
@Path("/api/v1/metrics/service-level")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceLevelResource {

    /** The longest period one request may cover (the facts of every case in it are read). */
    static final Duration MAX_PERIOD = Duration.ofDays(93);

    private final ServiceLevelStore store;

    public ServiceLevelResource(ServiceLevelStore store) {
        this.store = store;
    }

    @Schema(description = "A time, p50 and p90, in seconds; absent when no case counts")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Percentiles(Long p50Seconds, Long p90Seconds) {
    }

    @Schema(description = "The figures of one group (or of all cases)")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Group(
            @Schema(description = "The channel, agent id ('unassigned'), team ('no team') or UTC day") String group,
            @Schema(description = "Cases opened in the period") int cases,
            @Schema(description = "Opening post to first agent response, answered cases") Percentiles firstResponse,
            @Schema(description = "Decided cases that missed no target, percent") Double slaAttainmentPercent,
            @Schema(description = "Opening post to resolution, finished cases") Percentiles resolution,
            @Schema(description = "Finished cases with exactly one agent response and never reopened, percent") Double firstContactResolutionPercent,
            @Schema(description = "Cases that got an agent response, percent") Double responseRatePercent,
            @Schema(description = "Cases not finished now (whenever opened)") long backlog) {
    }

    @Schema(description = "Service-level figures of the cases opened in [from, to)")
    public record Report(Instant from, Instant to, String groupBy, List<Group> groups, Group total) {
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN, Roles.INTEGRATION })
    @Operation(summary = "Service-level figures", description = "Roles: supervisor, admin, integration (reporting). "
            + "Cases opened (platform time) in [from, to), at most 93 days, default the last 7 days; hidden and "
            + "merged cases are left out. groupBy channel (default), agent, team or day (UTC). Backlog: cases not "
            + "finished now, by the same grouping.")
    @APIResponse(responseCode = "200", description = "The figures")
    @APIResponse(responseCode = "400", description = "A bad from, to or groupBy (problem details)")
    @APIResponse(responseCode = "403", description = "Agents (problem details)")
    public Uni<Report> report(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy) {
        Instant end = to == null || to.isBlank() ? Instant.now() : instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(Duration.ofDays(7)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("from must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
            throw ApiException.badRequest("the period from..to may be at most 93 days");
        }
        ServiceLevelStore.GroupBy grouping = grouping(groupBy);
        return store.facts(start, end, grouping).chain(facts -> store.backlog(grouping).map(backlog -> {
            List<ServiceLevel.Figures> figures = ServiceLevel.byGroup(facts);
            TreeSet<String> names = new TreeSet<>(backlog.keySet());
            figures.forEach(f -> names.add(f.group()));
            List<Group> groups = new ArrayList<>();
            for (String name : names) {
                ServiceLevel.Figures f = figures.stream().filter(x -> x.group().equals(name)).findFirst()
                        .orElse(ServiceLevel.figures(name, List.of()));
                groups.add(group(f, backlog.getOrDefault(name, 0L)));
            }
            long backlogTotal = backlog.values().stream().mapToLong(Long::longValue).sum();
            return new Report(start, end, grouping.name().toLowerCase(Locale.ROOT), groups,
                    group(ServiceLevel.figures("all", facts), backlogTotal));
        }));
    }

    private static Group group(ServiceLevel.Figures f, long backlog) {
        return new Group(f.group(), f.cases(), percentiles(f.firstResponseP50Seconds(), f.firstResponseP90Seconds()),
                f.slaAttainmentPercent(), percentiles(f.resolutionP50Seconds(), f.resolutionP90Seconds()),
                f.firstContactResolutionPercent(), f.responseRatePercent(), backlog);
    }

    private static Percentiles percentiles(Long p50, Long p90) {
        return p50 == null ? null : new Percentiles(p50, p90);
    }

    private static ServiceLevelStore.GroupBy grouping(String value) {
        if (value == null || value.isBlank()) {
            return ServiceLevelStore.GroupBy.CHANNEL;
        }
        return switch (value.strip()) {
            case "channel" -> ServiceLevelStore.GroupBy.CHANNEL;
            case "agent" -> ServiceLevelStore.GroupBy.AGENT;
            case "team" -> ServiceLevelStore.GroupBy.TEAM;
            case "day" -> ServiceLevelStore.GroupBy.DAY;
            default -> throw ApiException.badRequest("groupBy must be channel, agent, team or day, got '"
                    + RequestValues.clip(value) + "'");
        };
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z, got '"
                    + RequestValues.clip(value) + "'");
        }
    }
}
