package io.outpost.crmlink.api;

import io.outpost.crmlink.domain.PersonAttributes;
import io.outpost.crmlink.store.CustomerStore;
import io.outpost.kit.api.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** CRM customers, the candidates of identity matching. Admin only, like all matching data. */
@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CustomersResource {

    private final CustomerStore customers;

    public CustomersResource(CustomerStore customers) {
        this.customers = customers;
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add or replace a CRM customer", description = "Role: admin. The id is the CRM's; the body is "
            + "what the CRM knows about the person (any subset of the attributes). Replaces the customer if it exists.")
    @APIResponse(responseCode = "200", description = "The customer as stored")
    @APIResponse(responseCode = "400", description = "Bad id or attributes, or nothing known (problem details)")
    public Uni<CustomerView> put(@PathParam("id") String id, PersonAttributes body) {
        String customerId = PersonInput.customerId(id);
        PersonAttributes attributes = PersonInput.check(body);
        return customers.upsert(customerId, attributes).map(at -> new CustomerView(customerId, attributes, at));
    }
}
