package io.outpost.console.api;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * case-service's supervisor calls, with the signed-in person's own token (its role rules hold: every case
 * for supervisors and admins, the assignee and the canned responses theirs to change, the service level
 * theirs to read).
 */
@RegisterRestClient(configKey = "case-service")
@AccessToken
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface SupervisionCaseApi {

    @GET
    @Path("/cases")
    Views.CasePage cases(@QueryParam("status") String status, @QueryParam("channel") String channel,
            @QueryParam("priority") String priority, @QueryParam("intent") String intent,
            @QueryParam("language") String language, @QueryParam("assigneeId") String assigneeId,
            @QueryParam("unassigned") Boolean unassigned, @QueryParam("breached") Boolean breached,
            @QueryParam("cursor") String cursor, @QueryParam("limit") int limit);

    @PATCH
    @Path("/cases/{id}")
    Views.CaseDetail assign(@PathParam("id") String id, SupervisionViews.AssignRequest request);

    @GET
    @Path("/metrics/service-level")
    SupervisionViews.ServiceLevel serviceLevel(@QueryParam("groupBy") String groupBy);

    @GET
    @Path("/canned-responses")
    SupervisionViews.CannedPage canned(@QueryParam("cursor") String cursor, @QueryParam("limit") int limit);

    @GET
    @Path("/canned-responses/{id}")
    SupervisionViews.Canned cannedOne(@PathParam("id") String id);

    @POST
    @Path("/canned-responses")
    SupervisionViews.Canned createCanned(SupervisionViews.CannedRequest request);

    @PUT
    @Path("/canned-responses/{id}")
    SupervisionViews.Canned updateCanned(@PathParam("id") String id, SupervisionViews.CannedRequest request);

    @DELETE
    @Path("/canned-responses/{id}")
    void deleteCanned(@PathParam("id") String id);
}
