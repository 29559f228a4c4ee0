package io.outpost.console.web;

import static io.outpost.console.web.ServiceNames.CASES;
import static io.outpost.console.web.ServiceNames.ROUTING;

import io.outpost.console.api.SupervisionCaseApi;
import io.outpost.console.api.SupervisionRoutingApi;
import io.outpost.console.api.SupervisionViews;
import io.outpost.console.api.Views;
import io.outpost.console.domain.CaseListFilter;
import io.outpost.console.domain.InboxFilter;
import io.outpost.console.domain.TeamBoard;
import io.outpost.console.live.Hub;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Everyone's cases (supervisors, admins: case-service lists every case for them), with the inbox's filters plus
 * assignee and breached, and reassigning a case to an agent from routing's list (case-service's PATCH with the
 * assignee: supervisors and admins only). Live through {@code /all-cases/live} ({@code team-changed}).
 */
@Path("/all-cases")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ "supervisor", "admin" })
public class AllCasesResource {

    static final int LIST_LIMIT = 100;

    @Inject
    Me me;
    @Inject
    Csrf csrf;
    @Inject
    Supervision supervision;
    @Inject
    Hub hub;
    @RestClient
    SupervisionCaseApi cases;
    @RestClient
    SupervisionRoutingApi routing;

    @Inject
    @Location("all-cases.html")
    Template page;
    @Inject
    @Location("all-cases-list.html")
    Template list;
    @Inject
    @Location("message.html")
    Template message;

    /** An agent in the assignee filter and the reassign choice. */
    @TemplateData
    public record AgentChoice(String id, String label) {
    }

    @GET
    public TemplateInstance show(@QueryParam("channel") String channel, @QueryParam("status") String status,
            @QueryParam("priority") String priority, @QueryParam("intent") String intent,
            @QueryParam("language") String language, @QueryParam("assignee") String assignee,
            @QueryParam("breached") String breached, @QueryParam("cursor") String cursor) {
        CaseListFilter filter = CaseListFilter.parse(channel, status, priority, intent, language, assignee, breached, cursor);
        Outcome<List<Views.Agent>> agents = supervision.agents();
        List<AgentChoice> choices = choices(agents);
        return page.data("me", me).data("csrf", csrf.token()).data("filter", filter)
                .data("channels", InboxFilter.CHANNELS).data("statuses", InboxFilter.STATUSES)
                .data("priorities", List.of("1", "2", "3", "4")).data("agents", choices)
                .data("agentsError", agents.ok() ? "" : agents.message())
                .data("lists", listData(filter, choices));
    }

    @GET
    @Path("fragment")
    public TemplateInstance fragment(@QueryParam("channel") String channel, @QueryParam("status") String status,
            @QueryParam("priority") String priority, @QueryParam("intent") String intent,
            @QueryParam("language") String language, @QueryParam("assignee") String assignee,
            @QueryParam("breached") String breached, @QueryParam("cursor") String cursor) {
        CaseListFilter filter = CaseListFilter.parse(channel, status, priority, intent, language, assignee, breached, cursor);
        return list.data("lists", listData(filter, choices(supervision.agents())));
    }

    @GET
    @Path("live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> live(@Context Sse sse) {
        return TeamResource.stream(hub, me.username(), sse);
    }

    /**
     * Gives the case to the chosen agent: their id, name, team and login from routing (the login so that
     * the agent sees the case in their inbox), sent to case-service with the supervisor's own token.
     */
    @POST
    @Path("{id}/assignee")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reassign(@PathParam("id") String id, @FormParam("agentId") String agentId) {
        if (!CaseResource.validId(id)) {
            return result("error", "There is no case " + InboxResource.abbreviate(String.valueOf(id), 40) + ".", false);
        }
        if (agentId == null || !CaseResource.validId(agentId.strip())) {
            return result("error", "Choose the agent who gets the case.", false);
        }
        Outcome<Views.Agent> agent = Outcome.of(ROUTING, () -> routing.agent(agentId.strip()));
        if (!agent.ok() || agent.value() == null) {
            return result("error", agent.status() == 404 ? "routing-service has no such agent any more; reload the page."
                    : agent.message(), false);
        }
        Views.Agent a = agent.value();
        String name = a.displayName() == null || a.displayName().isBlank() ? a.username() : a.displayName();
        Outcome<Views.CaseDetail> changed = Outcome.of(CASES, () -> cases.assign(id, new SupervisionViews.AssignRequest(
                new SupervisionViews.AssigneeRequest(String.valueOf(a.id()), name, a.team(), a.username()))));
        if (!changed.ok()) {
            return result("error", changed.message(), false);
        }
        return result("ok", "The case is now " + name + "'s.", true);
    }

    private Response result(String kind, String text, boolean refresh) {
        Response.ResponseBuilder r = Response.ok(message.data("kind", kind).data("text", text).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        if (refresh) {
            // The list fetches itself again (the case's assignee changed); the event will too, a moment later.
            r.header("HX-Trigger", "all-cases-refresh");
        }
        return r.build();
    }

    Map<String, Object> listData(CaseListFilter filter, List<AgentChoice> agents) {
        Instant now = Instant.now();
        // A bad filter value was dropped with a message (CaseListFilter): the rest still filters.
        Outcome<Views.CasePage> found = Outcome.of(CASES, () -> cases.cases(filter.inbox().status(), filter.inbox().channel(),
                filter.inbox().priority(), filter.inbox().intent(), filter.inbox().language(), filter.assigneeId(),
                filter.unassigned() ? Boolean.TRUE : null, filter.breached(), filter.cursor(), LIST_LIMIT));
        List<Rows.CaseRow> rows = new ArrayList<>();
        String next = null;
        if (found.ok() && found.value() != null) {
            if (found.value().items() != null) {
                found.value().items().forEach(c -> rows.add(Rows.row(c, now)));
            }
            next = found.value().nextCursor();
        }
        Map<String, Object> data = new HashMap<>();
        data.put("errors", filter.errors());
        data.put("casesError", found.ok() ? "" : found.message());
        data.put("rows", rows);
        data.put("agents", agents);
        data.put("query", filter.query());
        data.put("self", filter.query(filter.cursor()));
        data.put("next", next == null ? "" : filter.query(next));
        data.put("paged", filter.cursor() != null);
        data.put("openCases", me.agent() || me.supervisor());
        return data;
    }

    static List<AgentChoice> choices(Outcome<List<Views.Agent>> agents) {
        if (!agents.ok() || agents.value() == null) {
            return List.of();
        }
        List<TeamBoard.Member> members = agents.value().stream().map(a -> new TeamBoard.Member(String.valueOf(a.id()),
                a.username(), a.displayName(), a.team(), a.presence(), a.presenceReason(), a.channels(), a.load(), 0)).toList();
        List<AgentChoice> out = new ArrayList<>();
        members.stream().sorted(Comparator.comparing((TeamBoard.Member m) -> m.label().toLowerCase(Locale.ROOT)))
                .forEach(m -> out.add(new AgentChoice(m.id(), m.label() + " (" + m.username()
                        + (m.team() == null ? "" : ", " + m.team()) + ", " + (m.presence() == null ? "unknown" : m.presence()) + ")")));
        return out;
    }
}
