package io.outpost.routing.api;

import io.outpost.contracts.Channel;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.Roles;
import io.outpost.routing.domain.Agent;
import io.outpost.routing.domain.Presence;
import io.outpost.routing.domain.RoutingDecision;
import io.outpost.routing.store.AgentStore;
import io.outpost.routing.store.AgentPresence;
import io.outpost.routing.store.RoutingClock;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Agents: who can take which cases, and whether they are in. */
@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentsResource {

    private final AgentStore agents;
    private final AgentPresence presence;
    private final RoutingClock clock;
    private final SecurityIdentity identity;

    public AgentsResource(AgentStore agents, AgentPresence presence, RoutingClock clock, SecurityIdentity identity) {
        this.agents = agents;
        this.presence = presence;
        this.clock = clock;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Create an agent", description = "Roles: supervisor, admin. An agent created available takes waiting cases at once.")
    @APIResponse(responseCode = "201", description = "Created; Location names the agent")
    @APIResponse(responseCode = "400", description = "Invalid agent (problem details)")
    @APIResponse(responseCode = "409", description = "The username is taken")
    public Uni<Response> create(@Valid @NotNull NewAgent body, @Context UriInfo uri) {
        Agent agent = toAgent(body, clock.now());
        return presence.createAgent(agent).map(created -> Response
                .created(uri.getAbsolutePathBuilder().path(created.agent().id.toString()).build())
                .entity(AgentView.of(created))
                .build());
    }

    @GET
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "List agents", description = "Roles: agent, supervisor, admin. Ordered by username; filter by presence.")
    @APIResponse(responseCode = "200", description = "One page of agents")
    public Uni<AgentPage> list(@QueryParam("presence") String presence,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        Presence filter = presence == null || presence.isBlank() ? null : parsePresence(presence);
        return agents.page(filter, offset, limit)
                .map(page -> new AgentPage(page.items().stream().map(AgentView::of).toList(), page.total(), offset, limit));
    }

    @GET
    @Path("me")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "The caller as an agent", description = "Roles: agent, supervisor, admin. The agent whose username is "
            + "the token's preferred_username, with their current load: how a console finds the signed-in person's agent.")
    @APIResponse(responseCode = "200", description = "The caller's agent record with their current load")
    @APIResponse(responseCode = "404", description = "The caller is not registered as an agent")
    public Uni<AgentView> me() {
        String username = identity.getPrincipal().getName();
        return agents.findByUsername(username)
                .chain(agent -> agent == null ? Uni.createFrom().nullItem() : agents.find(agent.id))
                .map(found -> {
                    if (found == null) {
                        throw ApiException.notFound("you (" + username + ") are not registered as an agent; a supervisor adds "
                                + "agents with POST /api/v1/agents");
                    }
                    return AgentView.of(found);
                });
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Get an agent", description = "Roles: agent, supervisor, admin.")
    @APIResponse(responseCode = "200", description = "The agent with their current load")
    @APIResponse(responseCode = "404", description = "No such agent")
    public Uni<AgentView> get(@PathParam("id") UUID id) {
        return agents.find(id).map(found -> {
            if (found == null) {
                throw ApiException.notFound("no agent " + id);
            }
            return AgentView.of(found);
        });
    }

    @PUT
    @Path("{id}/presence")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Set an agent's presence", description = "Roles: supervisor and admin for any agent; an agent for "
            + "themselves only. An agent who becomes available takes waiting cases (priority, then oldest) up to capacity.")
    @APIResponse(responseCode = "200", description = "The agent with their load after taking waiting cases")
    @APIResponse(responseCode = "403", description = "An agent setting someone else's presence")
    @APIResponse(responseCode = "404", description = "No such agent")
    public Uni<AgentView> setPresence(@PathParam("id") UUID id, @Valid @NotNull PresenceChange body) {
        return presence.changePresence(id, parsePresence(body.presence()), body.normalizedReason(), this::authorizePresenceChange)
                .map(AgentView::of);
    }

    private void authorizePresenceChange(Agent agent) {
        if (identity.hasRole(Roles.SUPERVISOR) || identity.hasRole(Roles.ADMIN)) {
            return;
        }
        if (!agent.username.equals(identity.getPrincipal().getName())) {
            throw new ForbiddenException("an agent may set only their own presence");
        }
    }

    private static Agent toAgent(NewAgent body, Instant now) {
        Agent agent = new Agent();
        agent.id = UUID.randomUUID();
        agent.username = body.username().trim();
        agent.displayName = body.displayName().trim();
        agent.team = body.team() == null || body.team().isBlank() ? null : body.team().trim();
        Map<String, Integer> skills = new LinkedHashMap<>();
        if (body.skills() != null) {
            body.skills().forEach((skill, proficiency) -> skills.put(RoutingDecision.normalized(skill), proficiency));
        }
        agent.skills = skills;
        List<String> languages = new ArrayList<>();
        if (body.languages() != null) {
            body.languages().stream().map(RoutingDecision::normalized).distinct().forEach(languages::add);
        }
        agent.languages = languages;
        Map<String, Integer> channels = new LinkedHashMap<>();
        if (body.channels() != null) {
            body.channels().forEach((channel, capacity) -> channels.put(channelName(channel), capacity));
        }
        agent.channels = channels;
        agent.presence = body.presence() == null ? Presence.OFFLINE : parsePresence(body.presence());
        agent.presenceSince = now;
        agent.createdAt = now;
        agent.supervisor = Boolean.TRUE.equals(body.supervisor());
        return agent;
    }

    private static String channelName(String channel) {
        try {
            return Channel.fromWire(channel).wireName();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("channels: " + e.getMessage());
        }
    }

    private static Presence parsePresence(String presence) {
        try {
            return Presence.fromWire(presence);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("presence: " + e.getMessage());
        }
    }
}
