package io.outpost.console.api;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * crm-link-service's consent request for agents, with the agent's own token: the look-up gives the
 * identity id and where consent stands, never the customer or match candidates.
 */
@RegisterRestClient(configKey = "crm-link-service")
@AccessToken
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface ConsentApi {

    @GET
    @Path("/identities/lookup")
    AdminViews.IdentityLookup lookup(@QueryParam("channel") String channel,
            @QueryParam("platformUserId") String platformUserId);

    /** crm-link sends the DM with the signed consent link and audits consent.requested. */
    @POST
    @Path("/consent-requests")
    @Consumes(MediaType.APPLICATION_JSON)
    AdminViews.ConsentRequest request(AdminViews.ConsentRequestBody body);
}
