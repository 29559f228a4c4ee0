package io.outpost.crmlink.api;

import io.outpost.crmlink.config.ErasureConfig;
import io.outpost.crmlink.store.ErasureStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Erasure of a person (admin): here at once, in every other service through outpost.identity. */
@Path("/api/v1/subjects/{id}/erasure")
@Produces(MediaType.APPLICATION_JSON)
public class ErasureResource {

    /** A social identity id (UUID) or a CRM customer id (the customers API's id rule). */
    static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /** An optional body: why (kept in the erasure record and the audit entry; say no personal data). */
    public record ErasureInput(String reason) {
    }

    private final ErasureStore erasures;
    private final ErasureConfig config;
    private final SecurityIdentity caller;

    public ErasureResource(ErasureStore erasures, ErasureConfig config, SecurityIdentity caller) {
        this.erasures = erasures;
        this.config = config;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Erase a person", description = "Roles: admin. The id is a social identity id or, if no "
            + "identity has it, a CRM customer id. Removes the person here (customer, confirmed-linked identities, "
            + "consents, links, requests), redacts their audit entries, and publishes erasure-requested on "
            + "outpost.identity; GET the Location for the services' confirmations.")
    @APIResponse(responseCode = "202", description = "Erased here; asked of every other service")
    @APIResponse(responseCode = "400", description = "Bad id or body (problem details)")
    @APIResponse(responseCode = "404", description = "No identity or customer with this id (problem details)")
    public Uni<Response> erase(@PathParam("id") String id, ErasureInput body) {
        if (id == null || !SUBJECT.matcher(id).matches()) {
            throw ApiException.badRequest("id must be a social identity id or a customer id (1-100 of A-Z a-z 0-9 . _ : -)");
        }
        String reason = ConsentsResource.text("reason", body == null ? null : body.reason(), ConsentsResource.MAX_TEXT);
        return erasures.erase(id, reason, caller.getPrincipal().getName())
                .chain(row -> erasures.status(row.id))
                .map(status -> Response.accepted(ErasureView.of(status, config.expectedServices(),
                        config.confirmationDeadline(), erasures.now()))
                        .location(URI.create(ErasuresResource.PATH + "/" + status.request().id)).build());
    }
}
