package io.outpost.crmlink.api;

import io.outpost.crmlink.domain.ConsentPurpose;
import io.outpost.crmlink.store.ConsentRequestStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Staff ask a social identity for consent; the person answers on the consent page. */
@Path("/api/v1/consent-requests")
@Produces(MediaType.APPLICATION_JSON)
public class ConsentRequestsResource {

    static final int MAX_CUSTOMER_ID = 100;

    private final ConsentRequestStore requests;
    private final SecurityIdentity caller;

    public ConsentRequestsResource(ConsentRequestStore requests, SecurityIdentity caller) {
        this.requests = requests;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.AGENT })
    @Operation(summary = "Ask a social identity for consent", description = "Roles: admin, agent. Sends the identity a "
            + "DM (outpost.outbound, kind consent-request) with a signed, expiring link to the consent page, where the "
            + "person grants or declines each purpose and can withdraw later. Audited as consent.requested.")
    @APIResponse(responseCode = "201", description = "The request; the link itself is only in the DM")
    @APIResponse(responseCode = "400", description = "Bad identity id, customer id or purposes (problem details)")
    @APIResponse(responseCode = "404", description = "No such identity or customer (problem details)")
    @APIResponse(responseCode = "503", description = "Consent links are not configured (problem details)")
    public Uni<Response> create(ConsentRequestInput body) {
        if (body == null) {
            throw ApiException.badRequest("a body is required: {\"identityId\", \"purposes\": [...], \"customerId\"?}");
        }
        if (body.identityId() == null) {
            throw ApiException.badRequest("identityId is required");
        }
        UUID identity = RequestValues.uuid("identityId", body.identityId());
        String customer = ConsentsResource.text("customerId", body.customerId(), MAX_CUSTOMER_ID);
        if (body.purposes() == null || body.purposes().isEmpty()) {
            throw ApiException.badRequest("purposes is required: one or more of identity-link, personalization, surveys");
        }
        LinkedHashSet<ConsentPurpose> purposes = new LinkedHashSet<>();
        for (String p : body.purposes()) {
            if (!purposes.add(ConsentsResource.parse(() -> ConsentPurpose.fromWire(p)))) {
                throw ApiException.badRequest("purpose " + p + " is listed twice");
            }
        }
        if (customer != null && !purposes.contains(ConsentPurpose.IDENTITY_LINK)) {
            throw ApiException.badRequest("customerId is only for a request that asks for identity-link");
        }
        String reason = ConsentsResource.text("reason", body.reason(), ConsentsResource.MAX_TEXT);
        return requests.create(identity, customer, List.copyOf(purposes), reason, caller.getPrincipal().getName())
                .map(r -> Response.created(URI.create("/api/v1/consent-requests/" + r.id))
                        .entity(ConsentRequestView.of(r, Instant.now())).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.AGENT })
    @Operation(summary = "A consent request", description = "Roles: admin, agent. Status pending, answered or expired; "
            + "the decisions themselves are the subject's consents.")
    @APIResponse(responseCode = "200", description = "The request")
    @APIResponse(responseCode = "400", description = "The id is not a UUID (problem details)")
    @APIResponse(responseCode = "404", description = "No such request (problem details)")
    public Uni<ConsentRequestView> get(@PathParam("id") String id) {
        UUID requestId = RequestValues.uuid("id", id);
        return requests.find(requestId).map(r -> ConsentRequestView.of(r, Instant.now()));
    }
}
