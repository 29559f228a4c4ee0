package io.outpost.routing.api;

import io.outpost.kit.api.Roles;
import io.outpost.routing.store.AgentStore;
import io.outpost.routing.store.OfferAnswers;
import io.outpost.routing.store.TaskStore;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import io.outpost.contracts.events.OfferEnded;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Offers: a case routing picked an agent for, waiting for that agent to accept or decline (when
 * the routing rules do not auto-accept). An agent sees and answers only their own offers.
 */
@Path("/api/v1/offers")
@Produces(MediaType.APPLICATION_JSON)
public class OffersResource {

    private final OfferAnswers answers;
    private final TaskStore tasks;
    private final AgentStore agents;
    private final SecurityIdentity identity;

    public OffersResource(OfferAnswers answers, TaskStore tasks, AgentStore agents, SecurityIdentity identity) {
        this.answers = answers;
        this.tasks = tasks;
        this.agents = agents;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Open offers", description = "Roles: agent (their own), supervisor and admin (everyone's). Oldest first.")
    @APIResponse(responseCode = "200", description = "Open offers")
    public Uni<List<OfferView>> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        if (identity.hasRole(Roles.SUPERVISOR) || identity.hasRole(Roles.ADMIN)) {
            return tasks.openOffers(null, limit).map(offers -> offers.stream().map(OfferView::of).toList());
        }
        return agents.findByUsername(identity.getPrincipal().getName()).chain(agent -> agent == null
                ? Uni.createFrom().item(List.<OfferView>of())
                : tasks.openOffers(agent.id, limit).map(offers -> offers.stream().map(OfferView::of).toList()));
    }

    @POST
    @Path("{offerId}/accept")
    @RolesAllowed(Roles.AGENT)
    @Operation(summary = "Accept an offer", description = "Role: agent, for their own offer. The case becomes theirs and "
            + "assignment.created is published. Accepting an accepted offer again changes nothing.")
    @APIResponse(responseCode = "200", description = "The accepted offer")
    @APIResponse(responseCode = "403", description = "Not your offer")
    @APIResponse(responseCode = "404", description = "No such offer")
    @APIResponse(responseCode = "409", description = "The offer was declined, lapsed or released")
    public Uni<OfferView> accept(@PathParam("offerId") UUID offerId) {
        return answers.accept(offerId, identity.getPrincipal().getName()).map(OfferView::of);
    }

    @POST
    @Path("{offerId}/decline")
    @RolesAllowed(Roles.AGENT)
    @Operation(summary = "Decline an offer", description = "Role: agent, for their own open offer. The case is offered to "
            + "the next agent, keeping its place in line; it is not offered to you again. Optional query parameter reason "
            + "(at most 200 characters; blank counts as none), published on offer.ended. A query parameter, not a body, "
            + "so that a decline without one stays a plain POST (no content type), as before.")
    @APIResponse(responseCode = "200", description = "The declined offer")
    @APIResponse(responseCode = "400", description = "The reason is too long")
    @APIResponse(responseCode = "403", description = "Not your offer")
    @APIResponse(responseCode = "404", description = "No such offer")
    @APIResponse(responseCode = "409", description = "The offer was accepted, lapsed or released")
    public Uni<OfferView> decline(@PathParam("offerId") UUID offerId,
            @QueryParam("reason") @Size(max = OfferEnded.MAX_REASON) String reason) {
        // Trimmed, blank as none: offer.ended's schema wants a reason of at least one character or none.
        String given = reason == null || reason.isBlank() ? null : reason.strip();
        return answers.decline(offerId, identity.getPrincipal().getName(), given).map(OfferView::of);
    }
}
