package io.outpost.routing.api;

import io.outpost.kit.api.Roles;
import io.outpost.routing.store.QueueStore;
import io.outpost.routing.store.RoutingClock;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** What is waiting and who is there to take it. */
@Path("/api/v1/queues")
@Produces(MediaType.APPLICATION_JSON)
public class QueuesResource {

    private final QueueStore queues;
    private final RoutingClock clock;

    public QueuesResource(QueueStore queues, RoutingClock clock) {
        this.queues = queues;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Queues and agent states", description = "Roles: supervisor, admin. Waiting and offered cases and the "
            + "longest wait, by queue and by skill; agents by team and presence with their load.")
    @APIResponse(responseCode = "200", description = "The live figures")
    public Uni<QueuesView> get() {
        Instant now = clock.now();
        return queues.figures().map(f -> new QueuesView(now, figures(f.byQueue(), now), figures(f.bySkill(), now),
                f.agents().stream().map(a -> new QueuesView.AgentFigures(a.team(), a.presence(), a.agents(), a.load(), a.capacity()))
                        .toList()));
    }

    private static List<QueuesView.QueueFigures> figures(List<QueueStore.Waiting> rows, Instant now) {
        return rows.stream().map(w -> new QueuesView.QueueFigures(w.name(), w.waiting(), w.offered(), w.oldestEnqueuedAt(),
                w.oldestEnqueuedAt() == null ? 0 : Math.max(0, Duration.between(w.oldestEnqueuedAt(), now).toSeconds())))
                .toList();
    }
}
