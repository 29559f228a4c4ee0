package io.outpost.console.api;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** routing-service's calls for the supervisor pages, with the signed-in person's own token. */
@RegisterRestClient(configKey = "routing-service")
@AccessToken
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface SupervisionRoutingApi {

    /** One page of agents ordered by username (limit 1..200). */
    @GET
    @Path("/agents")
    SupervisionViews.AgentPage agents(@QueryParam("offset") int offset, @QueryParam("limit") int limit);

    @GET
    @Path("/agents/{id}")
    Views.Agent agent(@PathParam("id") String id);

    /** Supervisors and admins. */
    @GET
    @Path("/queues")
    SupervisionViews.Queues queues();
}
