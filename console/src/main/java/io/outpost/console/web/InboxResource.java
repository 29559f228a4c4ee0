package io.outpost.console.web;

import static io.outpost.console.web.ServiceNames.CASES;
import static io.outpost.console.web.ServiceNames.ROUTING;

import io.outpost.console.api.CaseApi;
import io.outpost.console.api.RoutingApi;
import io.outpost.console.api.Views;
import io.outpost.console.domain.InboxFilter;
import io.outpost.console.domain.PresenceInput;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The inbox (agents, supervisors): my cases, unassigned cases to take, missed posts; presence and offers. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ "agent", "supervisor" })
public class InboxResource {

    static final int LIST_LIMIT = 100;

    @Inject
    Me me;
    @Inject
    Csrf csrf;
    @Inject
    Directory directory;
    @RestClient
    CaseApi cases;
    @RestClient
    RoutingApi routing;

    @Inject
    @Location("inbox.html")
    Template inbox;
    @Inject
    @Location("inbox-lists.html")
    Template lists;
    @Inject
    @Location("presence.html")
    Template presence;
    @Inject
    @Location("offers.html")
    Template offers;
    @Inject
    @Location("message.html")
    Template message;

    @GET
    public TemplateInstance page(@QueryParam("channel") String channel, @QueryParam("status") String status,
            @QueryParam("priority") String priority, @QueryParam("intent") String intent,
            @QueryParam("language") String language) {
        InboxFilter filter = InboxFilter.parse(channel, status, priority, intent, language);
        return inbox.data("me", me).data("csrf", csrf.token()).data("filter", filter)
                .data("channels", InboxFilter.CHANNELS).data("statuses", InboxFilter.STATUSES)
                .data("priorities", List.of("1", "2", "3", "4"))
                .data("query", query(filter))
                .data("lists", listData(filter)).data("presence", presenceData(null, null))
                .data("offers", offerData());
    }

    @GET
    @Path("fragments/inbox")
    public TemplateInstance lists(@QueryParam("channel") String channel, @QueryParam("status") String status,
            @QueryParam("priority") String priority, @QueryParam("intent") String intent,
            @QueryParam("language") String language) {
        return lists.data("lists", listData(InboxFilter.parse(channel, status, priority, intent, language)));
    }

    @GET
    @Path("fragments/offers")
    public TemplateInstance offers() {
        return offers.data("offers", offerData());
    }

    @GET
    @Path("fragments/presence")
    public TemplateInstance presence() {
        return presence.data("presence", presenceData(null, null));
    }

    @POST
    @Path("presence")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance setPresence(@FormParam("presence") String state, @FormParam("reason") String reason) {
        PresenceInput input = PresenceInput.parse(state, reason);
        if (!input.valid()) {
            return presence.data("presence", presenceData(null, input.error()));
        }
        Outcome<Views.Agent> agent = Outcome.of(ROUTING, () -> directory.agent());
        if (!agent.ok() || agent.value() == null) {
            return presence.data("presence", presenceData(null, agent.ok()
                    ? "routing-service has no agent for your login (" + me.username() + "): ask a supervisor to add you."
                    : agent.message()));
        }
        Outcome<Views.Agent> changed = Outcome.of(ROUTING, () -> routing.presence(String.valueOf(agent.value().id()),
                new Views.PresenceChange(input.presence(), input.reason())));
        return presence.data("presence", changed.ok() ? presenceData(changed.value(), null) : presenceData(null, changed.message()));
    }

    @POST
    @Path("offers/{id}/accept")
    public Response accept(@PathParam("id") String id) {
        Outcome<Views.Offer> accepted = Outcome.of(ROUTING, () -> routing.accept(id));
        if (accepted.ok()) {
            return Response.ok().header("HX-Redirect", "/cases/" + accepted.value().caseId()).build();
        }
        return Response.ok(message.data("kind", "error").data("text", accepted.message()).render()).build();
    }

    @POST
    @Path("offers/{id}/decline")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decline(@PathParam("id") String id, @FormParam("reason") String reason) {
        String r = reason == null || reason.isBlank() ? null : reason.strip();
        if (r != null && r.length() > 200) {
            return Response.ok(message.data("kind", "error").data("text", "The reason is at most 200 characters.").render()).build();
        }
        Outcome<Views.Offer> declined = Outcome.of(ROUTING, () -> routing.decline(id, r));
        if (!declined.ok()) {
            return Response.ok(message.data("kind", "error").data("text", declined.message()).render()).build();
        }
        return Response.ok(offers.data("offers", offerData()).render()).build();
    }

    Map<String, Object> listData(InboxFilter filter) {
        Instant now = Instant.now();
        Outcome<Views.CasePage> page = Outcome.of(CASES, () -> cases.cases(filter.status(), filter.channel(),
                filter.priority(), filter.intent(), filter.language(), LIST_LIMIT));
        List<Rows.CaseRow> mine = new ArrayList<>();
        List<Rows.CaseRow> unassigned = new ArrayList<>();
        if (page.ok() && page.value().items() != null) {
            String username = me.username();
            for (Views.CaseSummary c : page.value().items()) {
                if (c.assignee() == null) {
                    unassigned.add(Rows.row(c, now));
                } else if (username.equals(c.assignee().username())) {
                    mine.add(Rows.row(c, now));
                }
            }
        }
        // Most urgent first: the row whose deadline is nearest.
        Comparator<Rows.CaseRow> urgent = Comparator.comparing(r -> r.dueAt().isEmpty() ? "~" : r.dueAt());
        mine.sort(urgent);
        unassigned.sort(urgent);
        Outcome<Views.MissedPage> missed = Outcome.of(CASES, () -> cases.missed(LIST_LIMIT));
        List<Rows.MissedRow> missedRows = missed.ok() && missed.value().items() != null
                ? missed.value().items().stream()
                        .sorted(Comparator.comparing(Views.Missed::waitingSince, Comparator.nullsLast(Comparator.naturalOrder())))
                        .map(m -> Rows.missed(m, now)).toList()
                : List.of();
        return Map.of("casesError", page.ok() ? "" : page.message(), "mine", mine, "unassigned", unassigned,
                "missedError", missed.ok() ? "" : missed.message(), "missed", missedRows,
                "errors", filter.errors(), "query", query(filter));
    }

    Map<String, Object> presenceData(Views.Agent known, String error) {
        Views.Agent agent = known;
        String problem = error;
        if (agent == null) {
            Outcome<Views.Agent> found = Outcome.of(ROUTING, () -> directory.agent());
            agent = found.value();
            if (problem == null && !found.ok()) {
                problem = found.message();
            }
            if (problem == null && found.ok() && agent == null) {
                problem = "routing-service has no agent for your login (" + me.username() + "): ask a supervisor to add you.";
            }
        }
        List<Rows.Capacity> capacity = new ArrayList<>();
        if (agent != null && agent.channels() != null) {
            for (String channel : new TreeSet<>(agent.channels().keySet())) {
                int used = agent.load() == null ? 0 : agent.load().getOrDefault(channel, 0);
                capacity.add(new Rows.Capacity(channel, used, agent.channels().get(channel)));
            }
        }
        return Map.of("error", problem == null ? "" : problem, "state", agent == null || agent.presence() == null ? "" : agent.presence(),
                "reason", agent == null || agent.presenceReason() == null ? "" : agent.presenceReason(),
                "capacity", capacity, "known", agent != null, "states", PresenceInput.STATES, "csrf", csrf.token());
    }

    Map<String, Object> offerData() {
        if (!me.agent()) {
            return Map.of("error", "", "items", List.of());
        }
        Instant now = Instant.now();
        Outcome<List<Views.Offer>> found = Outcome.of(ROUTING, () -> routing.offers());
        List<Rows.OfferRow> rows = new ArrayList<>();
        if (found.ok() && found.value() != null) {
            for (Views.Offer o : found.value()) {
                if (!"offered".equals(o.state()) || (o.expiresAt() != null && o.expiresAt().isBefore(now))) {
                    continue;
                }
                Outcome<Views.CaseDetail> c = Outcome.of(CASES, () -> cases.get(String.valueOf(o.caseId())));
                String summary = c.ok() ? summary(c.value()) : "Case " + o.caseId() + " (" + c.message() + ")";
                rows.add(new Rows.OfferRow(String.valueOf(o.offerId()), String.valueOf(o.caseId()), o.channel(), summary,
                        o.expiresAt() == null ? "" : o.expiresAt().toString(),
                        o.expiresAt() == null ? "" : io.outpost.console.domain.Countdown.format(o.expiresAt(), now)));
            }
        }
        return Map.of("error", found.ok() ? "" : found.message(), "items", rows);
    }

    static String summary(Views.CaseDetail c) {
        String who = c.customer() == null ? "a customer" : c.customer().label();
        String first = c.posts() == null || c.posts().isEmpty() || c.posts().get(0).text() == null ? ""
                : ": \u201c" + abbreviate(c.posts().get(0).text(), 140) + "\u201d";
        return who + " on " + c.channel() + ", priority " + c.priority()
                + (c.intent() == null ? "" : ", " + c.intent()) + first;
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    static String query(InboxFilter f) {
        StringBuilder q = new StringBuilder();
        append(q, "channel", f.channel());
        append(q, "status", f.status());
        append(q, "priority", f.priority());
        append(q, "intent", f.intent());
        append(q, "language", f.language());
        return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append(q.length() == 0 ? "?" : "&").append(name).append('=')
                    .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
