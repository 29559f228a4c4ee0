package io.outpost.routing.api;

import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.Roles;
import io.outpost.routing.domain.RulesDocument;
import io.outpost.routing.store.RoutingClock;
import io.outpost.routing.store.RulesStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The routing rules: bullseye rings, queues and their teams, offers, preferred agent. */
@Path("/api/v1/routing-rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoutingRulesResource {

    private final RulesStore rules;
    private final RoutingClock clock;
    private final SecurityIdentity identity;

    public RoutingRulesResource(RulesStore rules, RoutingClock clock, SecurityIdentity identity) {
        this.rules = rules;
        this.clock = clock;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "The routing rules in force", description = "Roles: supervisor, admin. The defaults until an admin stores rules.")
    @APIResponse(responseCode = "200", description = "The rules")
    public Uni<RulesDocument> get() {
        return Panache.withSession(rules::current).map(RulesDocument::of);
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace the routing rules", description = "Role: admin. Applies to every decision from the next one "
            + "on, on every replica; cases already waiting move through the new rings by their waiting time.")
    @APIResponse(responseCode = "200", description = "The stored rules")
    @APIResponse(responseCode = "400", description = "Invalid rules (problem details)")
    public Uni<RulesDocument> put(@Valid @NotNull RulesDocument body) {
        var wanted = body.toRules();
        List<String> problems = wanted.problems();
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", problems));
        }
        return rules.replace(wanted, identity.getPrincipal().getName(), clock.now()).map(RulesDocument::of);
    }
}
