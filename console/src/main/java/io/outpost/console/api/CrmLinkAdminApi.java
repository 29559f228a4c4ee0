package io.outpost.console.api;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * crm-link-service's admin API, with the signed-in admin's own token: crm-link decides (role admin)
 * and audits; the console only shows.
 */
@RegisterRestClient(configKey = "crm-link-service")
@AccessToken
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface CrmLinkAdminApi {

    @GET
    @Path("/identities")
    AdminViews.IdentityPage identities(@QueryParam("channel") String channel, @QueryParam("handle") String handle,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @GET
    @Path("/identities/{id}")
    AdminViews.Identity identity(@PathParam("id") String id);

    /** Audited by crm-link as match.evaluated. */
    @GET
    @Path("/identities/{id}/match-candidates")
    AdminViews.Candidates candidates(@PathParam("id") String id, @QueryParam("reason") String reason);

    @GET
    @Path("/links")
    List<AdminViews.Link> links(@QueryParam("identityId") String identityId);

    @GET
    @Path("/subjects/{id}/consents")
    List<AdminViews.Consent> consents(@PathParam("id") String identityId);

    @POST
    @Path("/links")
    @Consumes(MediaType.APPLICATION_JSON)
    AdminViews.Link link(AdminViews.LinkRequest body);

    @DELETE
    @Path("/links/{id}")
    AdminViews.Link unlink(@PathParam("id") String id, @QueryParam("reason") String reason);

    @GET
    @Path("/audit")
    AdminViews.AuditPage audit(@QueryParam("subject") String subject, @QueryParam("action") String action,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @GET
    @Path("/audit/verification")
    AdminViews.Verification verification();

    @POST
    @Path("/subjects/{id}/erasure")
    @Consumes(MediaType.APPLICATION_JSON)
    AdminViews.Erasure erase(@PathParam("id") String subject, AdminViews.ErasureRequest body);

    @GET
    @Path("/erasures/{id}")
    AdminViews.Erasure erasure(@PathParam("id") String id);
}
