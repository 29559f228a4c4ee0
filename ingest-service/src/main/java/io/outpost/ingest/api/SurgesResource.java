package io.outpost.ingest.api;

import io.outpost.ingest.store.SurgeStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Surges: many customer posts of one intent in a short window, against its usual rate — a hint
 * that an incident may exist, for a supervisor to decide on a proactive post. A read model, not an
 * event: Outpost's contracts have no incident type yet, and a wrong alarm costs nothing here.
 */
@Path("/api/v1/surges")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
public class SurgesResource {

    /** One surge; {@code region} is null for posts whose region is unknown. */
    public record SurgeView(String intent, String region, long posts, double usualPerWindow, List<UUID> samplePostIds) {
    }

    /** The surges in the window ending at {@code at}; window and baseline as ISO-8601 durations. */
    public record SurgeReport(Instant at, Instant windowStart, String window, String baseline, List<SurgeView> surges) {
    }

    private final SurgeStore surges;

    public SurgesResource(SurgeStore surges) {
        this.surges = surges;
    }

    @GET
    @Operation(summary = "Current surges", description = "Roles: agent, supervisor, admin. Customer posts per intent "
            + "and region (the region of our channel account the post was delivered to, when it has one; null otherwise) "
            + "(platform time) in the window ending at `at`, against the usual count per window of that intent in that region.")
    @APIResponse(responseCode = "200", description = "The surges, largest first (possibly none)")
    @APIResponse(responseCode = "400", description = "`at` is not an ISO-8601 instant (problem details)")
    public Uni<SurgeReport> list(
            @Parameter(description = "End of the window, ISO-8601 (e.g. 2026-11-01T10:00:00Z); default now") @QueryParam("at") String at) {
        Instant end = parseAt(at);
        return surges.surgesAt(end).map(found -> new SurgeReport(end, end.minus(surges.rule().window()),
                surges.rule().window().toString(), surges.rule().baseline().toString(),
                found.stream().map(s -> new SurgeView(s.intent(), s.region(), s.posts(), s.usualPerWindow(), s.samplePostIds())).toList()));
    }

    private static Instant parseAt(String at) {
        if (at == null || at.isBlank()) {
            return Instant.now();
        }
        try {
            return Instant.parse(at.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("at must be an ISO-8601 instant such as 2026-11-01T10:00:00Z");
        }
    }
}
