package io.outpost.crmlink.api;

import io.outpost.crmlink.domain.LinkStatus;
import io.outpost.crmlink.store.LinkStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Links from social identities to CRM customers. Admins manage them; agents and integration
 * clients see only confirmed links under a consent in force, never suggestions.
 */
@Path("/api/v1/links")
@Produces(MediaType.APPLICATION_JSON)
public class LinksResource {

    private final LinkStore links;
    private final SecurityIdentity caller;

    public LinksResource(LinkStore links, SecurityIdentity caller) {
        this.links = links;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Confirm (or suggest) a link", description = "Role: admin. Confirming needs the identity's "
            + "identity-link consent granted and unexpired; it turns a suggestion of the same pair into the link and is "
            + "announced on outpost.identity (link-confirmed). A suggestion needs no consent and is never shown to agents.")
    @APIResponse(responseCode = "201", description = "The link")
    @APIResponse(responseCode = "400", description = "Bad identity id, customer id, status or note (problem details)")
    @APIResponse(responseCode = "404", description = "No such identity or customer (problem details)")
    @APIResponse(responseCode = "409", description = "The identity is already linked (problem details)")
    @APIResponse(responseCode = "422", description = "No granted identity-link consent (problem details)")
    public Uni<Response> create(LinkInput body) {
        if (body == null) {
            throw ApiException.badRequest("a body is required: {\"identityId\": ..., \"customerId\": ...}");
        }
        UUID identityId = RequestValues.uuid("identityId", body.identityId());
        if (body.customerId() == null) {
            throw ApiException.badRequest("customerId is required");
        }
        String customerId = PersonInput.customerId(body.customerId());
        LinkStatus status = body.status() == null ? LinkStatus.CONFIRMED : ConsentsResource.parse(() -> LinkStatus.fromWire(body.status()));
        if (status == LinkStatus.REMOVED) {
            throw ApiException.badRequest("status must be suggested or confirmed; got 'removed'");
        }
        String note = ConsentsResource.text("note", body.note(), ConsentsResource.MAX_TEXT);
        return links.create(identityId, customerId, status, note, caller.getPrincipal().getName())
                .map(link -> Response.status(201).entity(LinkView.of(link)).build());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove a link", description = "Role: admin. The link stays readable as removed, with who "
            + "removed it and why; removing a confirmed link is announced on outpost.identity (link-removed, reason "
            + "admin-removed).")
    @APIResponse(responseCode = "200", description = "The removed link")
    @APIResponse(responseCode = "400", description = "Bad id or no reason (problem details)")
    @APIResponse(responseCode = "404", description = "No such link (problem details)")
    @APIResponse(responseCode = "409", description = "Already removed (problem details)")
    public Uni<LinkView> remove(@PathParam("id") String id, @QueryParam("reason") String reason) {
        UUID linkId = RequestValues.uuid("id", id);
        String why = ConsentsResource.text("reason", reason, ConsentsResource.MAX_TEXT);
        if (why == null) {
            throw ApiException.badRequest("reason is required: why the link is removed (for the audit log)");
        }
        return links.removeByAdmin(linkId, why, caller.getPrincipal().getName()).map(LinkView::of);
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.AGENT, Roles.INTEGRATION })
    @Operation(summary = "Links of an identity or a customer", description = "Roles: admin (every link: suggested, "
            + "confirmed, removed), agent and integration (confirmed links under a consent in force only). Newest first, "
            + "at most 200.")
    @APIResponse(responseCode = "200", description = "The links")
    @APIResponse(responseCode = "400", description = "Neither identityId nor customerId, or a bad one (problem details)")
    public Uni<List<LinkView>> list(@QueryParam("identityId") String identityId, @QueryParam("customerId") String customerId) {
        if ((identityId == null || identityId.isBlank()) && (customerId == null || customerId.isBlank())) {
            throw ApiException.badRequest("identityId or customerId is required");
        }
        UUID identity = RequestValues.optionalUuid("identityId", identityId);
        String customer = customerId == null || customerId.isBlank() ? null : PersonInput.customerId(customerId);
        boolean admin = caller.hasRole(Roles.ADMIN);
        return links.list(identity, customer, !admin).map(rows -> rows.stream().map(LinkView::of).toList());
    }
}
