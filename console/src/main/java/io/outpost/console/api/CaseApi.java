package io.outpost.console.api;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * case-service, called with the signed-in person's own access token: every role rule of the API
 * (an agent sees only their own and unassigned cases) holds in the console as well.
 */
@RegisterRestClient(configKey = "case-service")
@AccessToken
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface CaseApi {

    @GET
    @Path("/cases")
    Views.CasePage cases(@QueryParam("status") String status, @QueryParam("channel") String channel,
            @QueryParam("priority") String priority, @QueryParam("intent") String intent,
            @QueryParam("language") String language, @QueryParam("limit") int limit);

    /** The customer's cases (their platform user id), newest first, as far as the caller may see them. */
    @GET
    @Path("/cases")
    Views.CasePage customerCases(@QueryParam("customer") String platformUserId, @QueryParam("limit") int limit);

    @GET
    @Path("/cases/{id}")
    Views.CaseDetail get(@PathParam("id") String id);

    @GET
    @Path("/cases/{id}/timeline")
    Views.Timeline timeline(@PathParam("id") String id);

    /** case-service: 200 with the case, 409 (problem) when another agent has it. */
    @POST
    @Path("/cases/{id}/claim")
    Views.CaseDetail claim(@PathParam("id") String id);

    @PATCH
    @Path("/cases/{id}")
    Views.CaseDetail patch(@PathParam("id") String id, Views.PatchRequest request);

    @POST
    @Path("/cases/{id}/replies")
    Views.Reply reply(@PathParam("id") String id, Views.ReplyRequest request);

    @POST
    @Path("/cases/{id}/replies/check")
    Views.ReplyCheck check(@PathParam("id") String id, Views.ReplyRequest request);

    @POST
    @Path("/cases/{id}/notes")
    void note(@PathParam("id") String id, Views.NoteRequest request);

    @GET
    @Path("/missed")
    Views.MissedPage missed(@QueryParam("limit") int limit);

    @GET
    @Path("/me/signature")
    Views.Signature signature();

    @GET
    @Path("/canned-responses")
    Views.CannedPage canned(@QueryParam("channel") String channel);

    @GET
    @Path("/cases/{id}/canned-responses/{cannedId}/rendered")
    Views.Rendered rendered(@PathParam("id") String id, @PathParam("cannedId") String cannedId,
            @QueryParam("visibility") String visibility);
}
