package io.outpost.crmlink.api;

import io.outpost.crmlink.config.ErasureConfig;
import io.outpost.crmlink.store.ErasureStore;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The status of an erasure: which services confirmed it. */
@Path(ErasuresResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class ErasuresResource {

    static final String PATH = "/api/v1/erasures";

    private final ErasureStore erasures;
    private final ErasureConfig config;

    public ErasuresResource(ErasureStore erasures, ErasureConfig config) {
        this.erasures = erasures;
        this.config = config;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "An erasure and its confirmations", description = "Roles: admin. Per expected service "
            + "(outpost.crm-link.erasure.expected-services): confirmed (with its time), pending, or overdue once "
            + "outpost.crm-link.erasure.confirmation-deadline has passed. Status complete once every expected service "
            + "confirmed, else overdue when any is overdue, else pending.")
    @APIResponse(responseCode = "200", description = "The erasure")
    @APIResponse(responseCode = "400", description = "The id is not a UUID (problem details)")
    @APIResponse(responseCode = "404", description = "No such erasure (problem details)")
    public Uni<ErasureView> status(@PathParam("id") String id) {
        UUID erasureId = RequestValues.uuid("id", id);
        return erasures.status(erasureId)
                .map(s -> ErasureView.of(s, config.expectedServices(), config.confirmationDeadline(), erasures.now()));
    }
}
