package io.outpost.routing.api;

import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.Roles;
import io.outpost.routing.store.TaskStore;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Where a case stands in routing: waiting, or with whom and why. */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {

    private final TaskStore tasks;

    public TasksResource(TaskStore tasks) {
        this.tasks = tasks;
    }

    @GET
    @Path("{caseId}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Routing state of a case", description = "Roles: supervisor, admin.")
    @APIResponse(responseCode = "200", description = "The case's routing task and its active assignment")
    @APIResponse(responseCode = "404", description = "routing-service has not received this case")
    public Uni<TaskView> get(@PathParam("caseId") UUID caseId) {
        return tasks.find(caseId).map(state -> {
            if (state == null) {
                throw ApiException.notFound("routing-service has not received case " + caseId);
            }
            return TaskView.of(state);
        });
    }
}
