package io.outpost.console.api;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * crm-link-service, with the signed-in person's token. Agents get confirmed links under a consent in
 * force only; the console never asks for match candidates.
 */
@RegisterRestClient(configKey = "crm-link-service")
@AccessToken
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface CrmLinkApi {

    @GET
    @Path("/links")
    List<Views.Link> links(@QueryParam("customerId") String customerId);
}
