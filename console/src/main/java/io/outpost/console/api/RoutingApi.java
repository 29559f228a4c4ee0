package io.outpost.console.api;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** routing-service, with the signed-in person's token (an agent may set only their own presence). */
@RegisterRestClient(configKey = "routing-service")
@AccessToken
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface RoutingApi {

    /** The signed-in person's own agent record (404: they are not registered as an agent). */
    @GET
    @Path("/agents/me")
    Views.Agent me();

    @PUT
    @Path("/agents/{id}/presence")
    Views.Agent presence(@PathParam("id") String id, Views.PresenceChange change);

    /** An agent's own offers. */
    @GET
    @Path("/offers")
    List<Views.Offer> offers();

    @POST
    @Path("/offers/{id}/accept")
    Views.Offer accept(@PathParam("id") String id);

    @POST
    @Path("/offers/{id}/decline")
    Views.Offer decline(@PathParam("id") String id, @QueryParam("reason") String reason);
}
