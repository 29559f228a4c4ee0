package io.outpost.console.web;

import static io.outpost.console.web.ServiceNames.CASES;
import static io.outpost.console.web.ServiceNames.CRM;

import io.outpost.console.api.CaseApi;
import io.outpost.console.api.CrmLinkApi;
import io.outpost.console.api.Views;
import io.outpost.console.domain.CharCount;
import io.outpost.console.domain.Countdown;
import io.outpost.console.domain.SlaUrgency;
import io.outpost.console.live.Presence;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** A case (agents, supervisors): timeline, customer panel, reply, note, resolve, reopen. */
@Path("/cases/{id}")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ "agent", "supervisor" })
public class CaseResource {

    static final int MAX_TEXT = 10_000;

    @Inject
    Me me;
    @Inject
    Csrf csrf;
    @RestClient
    CaseApi cases;
    @RestClient
    CrmLinkApi crm;
    @Inject
    Presence presence;

    @Inject
    @Location("case.html")
    Template page;
    @Inject
    @Location("timeline.html")
    Template timeline;
    @Inject
    @Location("count.html")
    Template count;
    @Inject
    @Location("message.html")
    Template message;
    @Inject
    @Location("collision.html")
    Template collision;
    @Inject
    @Location("draft.html")
    Template draft;
    @Inject
    @Location("viewers.html")
    Template viewers;

    /** One timeline entry as the page prints it. */
    @TemplateData
    public record Entry(String kind, String at, String who, String text, String visibility, String delivery,
            String deliveryState, boolean ours) {
    }

    /** How many of the customer's other cases the side panel lists. */
    static final int PREVIOUS_CASES = 5;

    @GET
    public Response show(@PathParam("id") String id) {
        if (!validId(id)) {
            return Response.status(404).entity(page.data("me", me).data("csrf", csrf.token()).data("id", id)
                    .data("error", "There is no case " + id + ": a case id looks like 1b4e28ba-2fa1-11d2-883f-0016d3cca427.")
                    .data("c", null).render()).build();
        }
        Outcome<Views.CaseDetail> c = Outcome.of(CASES, () -> cases.get(id));
        TemplateInstance view = page.data("me", me).data("csrf", csrf.token()).data("id", id)
                .data("error", c.ok() ? "" : (c.status() == 404 ? "This case does not exist or is not yours to see."
                        : c.status() == 403 ? "Your role does not allow you to see this case." : c.message()))
                .data("c", c.value());
        if (!c.ok()) {
            return Response.status(c.status() == 404 || c.status() == 403 ? c.status() : 200).entity(view.render()).build();
        }
        Views.CaseDetail detail = c.value();
        Instant due = Countdown.nextDue(detail.nextDueAt(), Rows.targets(detail.sla()));
        SlaUrgency urgency = SlaUrgency.of(due, Instant.now());
        Outcome<Views.Signature> signature = Outcome.of(CASES, () -> cases.signature());
        Outcome<Views.CannedPage> canned = Outcome.of(CASES, () -> cases.canned(detail.channel()));
        Map<String, Object> customer = crm(detail);
        String platformUserId = detail.customer() == null ? null : detail.customer().platformUserId();
        Outcome<Views.CasePage> history = platformUserId == null ? null
                : Outcome.of(CASES, () -> cases.customerCases(platformUserId, PREVIOUS_CASES + 1));
        List<Views.CaseSummary> previous = history == null || !history.ok() || history.value().items() == null ? List.of()
                : history.value().items().stream().filter(p -> !id.equals(String.valueOf(p.id()))).limit(PREVIOUS_CASES)
                        .toList();
        return Response.ok(view.data("timeline", timelineData(id))
                .data("previous", previous)
                .data("previousError", history == null || history.ok() ? "" : history.message())
                .data("customerLabel", detail.customer() == null ? "unknown" : detail.customer().label())
                .data("due", due == null ? "" : due.toString())
                .data("countdown", due == null ? "—" : Countdown.format(due, Instant.now()))
                .data("urgencyClass", urgency.cssClass()).data("urgencyWords", urgency.words())
                .data("signature", signature.ok() && signature.value() != null ? signature.value().signature() : "")
                .data("signatureError", signature.ok() ? "" : signature.message())
                .data("canned", canned.ok() && canned.value().items() != null ? canned.value().items() : List.of())
                .data("cannedError", canned.ok() ? "" : canned.message())
                .data("crm", customer)
                .data("resolved", "resolved".equals(detail.status()) || "closed".equals(detail.status()))
                .data("urgencyChangesAt", Rows.changesAt(due == null ? "" : due.toString(), urgency.cssClass()))
                .data("viewers", presence.viewers(id, me.username()))
                .render()).build();
    }

    /**
     * Who else has the case open or is replying to it (never the viewer themself); re-fetched on case-<id>-viewers.
     * Only for a case case-service shows this person: who works on a case is not for everyone who knows its id.
     */
    @GET
    @Path("fragments/viewers")
    public TemplateInstance viewers(@PathParam("id") String id) {
        boolean maySee = validId(id) && Outcome.of(CASES, () -> cases.get(id)).ok();
        return viewers.data("viewers", maySee ? presence.viewers(id, me.username()) : List.of());
    }

    /**
     * The reply box says its person is typing ({@code replying}, at most every 3 s while they type) or stopped.
     * Nothing to show: 204. Typing ends by itself 10 s after the last report.
     */
    @POST
    @Path("typing")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response typing(@PathParam("id") String id, @FormParam("state") String state) {
        if (!validId(id) || !("replying".equals(state) || "stopped".equals(state))) {
            return Response.status(400).type("application/problem+json").entity(
                    "{\"title\":\"Bad typing report\",\"status\":400,\"detail\":\"state is replying or stopped, for a case id\"}")
                    .build();
        }
        if (!Outcome.of(CASES, () -> cases.get(id)).ok()) {
            // Only a person who may see the case shows on it as replying (collision control names who works on it).
            return Response.status(404).type("application/problem+json").entity(
                    "{\"title\":\"No such case\",\"status\":404,\"detail\":\"this case does not exist or is not yours to see\"}")
                    .build();
        }
        if ("replying".equals(state)) {
            presence.typing(id, me.username(), me.name());
        } else {
            presence.stopped(id, me.username());
        }
        return Response.noContent().build();
    }

    @GET
    @Path("fragments/timeline")
    public TemplateInstance timeline(@PathParam("id") String id) {
        return timeline.data("timeline", timelineData(id));
    }

    /**
     * Takes an unassigned case (here, not in the inbox's resource: /cases/{id}/... is this class's
     * path). case-service decides atomically; a 409 names who took it first.
     */
    @POST
    @Path("claim")
    public Response claim(@PathParam("id") String id) {
        Outcome<Views.CaseDetail> claimed = Outcome.of(CASES, () -> cases.claim(id));
        if (claimed.ok()) {
            return Response.ok().header("HX-Redirect", "/cases/" + id).build();
        }
        String text = claimed.status() == 409
                ? (claimed.problem() == null ? "Someone else took it first." : claimed.problem())
                : claimed.message();
        return Response.ok(message.data("kind", "error").data("text", text).render())
                .header("HX-Trigger", "inbox-refresh").build();
    }

    /** The live count and the link-only rule, as case-service measures the reply (nothing is sent). */
    @POST
    @Path("check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance check(@PathParam("id") String id, @FormParam("text") String text,
            @FormParam("visibility") String visibility) {
        if (text == null || text.isBlank()) {
            return count.data("text", "Type a reply.").data("state", "ok").data("refusal", "");
        }
        Outcome<Views.ReplyCheck> checked = Outcome.of(CASES, () -> cases.check(id,
                new Views.ReplyRequest(text, visibility(visibility))));
        if (!checked.ok()) {
            return count.data("text", checked.message()).data("state", "over").data("refusal", "");
        }
        CharCount cc = CharCount.of(checked.value().length(), checked.value().limit(), checked.value().lengthUnit());
        return count.data("text", cc.text()).data("state", cc.state())
                .data("refusal", checked.value().refusal() == null ? "" : checked.value().refusal());
    }

    @POST
    @Path("replies")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reply(@PathParam("id") String id, @FormParam("text") String text,
            @FormParam("visibility") String visibility, @FormParam("confirmCollision") String confirmCollision) {
        String error = textError(text, "reply");
        if (error != null) {
            return note("error", error);
        }
        Boolean confirmed = "true".equals(confirmCollision) ? Boolean.TRUE : null;
        Outcome<Views.Reply> sent = Outcome.of(CASES, () -> cases.reply(id,
                new Views.ReplyRequest(text, visibility(visibility), confirmed)));
        if (!sent.ok() && sent.status() == 409) {
            // Collision control: a colleague answered this post minutes ago; the agent confirms or leaves it.
            return Response.ok(collision.data("id", id).data("text", sent.problem() == null
                    ? "A colleague answered this post a few minutes ago." : sent.problem()).render()).build();
        }
        if (!sent.ok()) {
            return note("error", sent.status() == 422 && sent.problem() != null ? "Not sent: " + sent.problem() : sent.message());
        }
        presence.stopped(id, me.username());
        // The box empties (out of band: the result goes to #reply-result) and its count starts again.
        return changed(Response.ok(message.data("kind", "ok").data("text", "Reply sent (" + sent.value().visibility()
                + "); its delivery state shows in the timeline.").render()
                + "<div id=\"draft-box\" hx-swap-oob=\"innerHTML\">" + draft.data("id", id).data("text", "").data("error", "").render()
                + "</div>").build());
    }

    @POST
    @Path("notes")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addNote(@PathParam("id") String id, @FormParam("text") String text) {
        String error = textError(text, "note");
        if (error != null) {
            return note("error", error);
        }
        Outcome<Object> added = Outcome.of(CASES, () -> {
            cases.note(id, new Views.NoteRequest(text));
            return Boolean.TRUE;
        });
        return added.ok() ? changed(note("ok", "Internal note added.")) : note("error", added.message());
    }

    @POST
    @Path("resolve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resolve(@PathParam("id") String id, @FormParam("override") String override) {
        boolean force = "true".equals(override);
        Outcome<Views.CaseDetail> done = Outcome.of(CASES, () -> cases.patch(id,
                new Views.PatchRequest("resolved", force ? Boolean.TRUE : null)));
        if (done.ok()) {
            return Response.ok().header("HX-Refresh", "true").build();
        }
        if (done.status() == 422) {
            // The close-publicly rule: a case that began in public is closed in public.
            return note("error", "Not resolved: this conversation began in public, and a case that began in public is "
                    + "closed in public. Send a public reply first, or resolve anyway with \"Resolve without a public reply\" "
                    + "(the timeline records it)." + (done.problem() == null ? "" : " case-service: " + done.problem()));
        }
        return note("error", done.message());
    }

    @POST
    @Path("reopen")
    public Response reopen(@PathParam("id") String id) {
        Outcome<Views.CaseDetail> done = Outcome.of(CASES, () -> cases.patch(id, new Views.PatchRequest("open", null)));
        return done.ok() ? Response.ok().header("HX-Refresh", "true").build() : note("error", done.message());
    }

    /** A canned response filled in for this case, into the reply box. */
    @GET
    @Path("canned")
    public TemplateInstance canned(@PathParam("id") String id, @jakarta.ws.rs.QueryParam("cannedId") String cannedId,
            @jakarta.ws.rs.QueryParam("visibility") String visibility) {
        if (cannedId == null || cannedId.isBlank()) {
            return draft.data("id", id).data("text", "").data("error", "");
        }
        if (!validId(cannedId)) {
            return draft.data("id", id).data("text", "").data("error", "No such canned response.");
        }
        Outcome<Views.Rendered> r = Outcome.of(CASES, () -> cases.rendered(id, cannedId, visibility(visibility)));
        return r.ok() ? draft.data("id", id).data("text", r.value().text()).data("error",
                r.value().missing() == null || r.value().missing().isEmpty() ? ""
                        : "No value for " + String.join(", ", r.value().missing()) + ": left empty, edit before sending.")
                : draft.data("id", id).data("text", "").data("error", r.message());
    }

    Map<String, Object> timelineData(String id) {
        Outcome<Views.Timeline> t = Outcome.of(CASES, () -> cases.timeline(id));
        List<Entry> entries = new ArrayList<>();
        if (t.ok() && t.value().entries() != null) {
            for (Views.TimelineEntry e : t.value().entries()) {
                entries.add(entry(e));
            }
        }
        return Map.of("error", t.ok() ? "" : t.message(), "entries", entries);
    }

    static Entry entry(Views.TimelineEntry e) {
        String at = e.at() == null ? "" : e.at().toString();
        if (e.post() != null) {
            Views.Post p = e.post();
            String who = p.author() == null ? ("agent".equals(p.from()) ? "Our account" : "Customer") : p.author().label();
            String text = p.deletedAt() != null ? "(deleted by the customer)" : p.text();
            return new Entry("post", at, who, text, p.visibility(), null, null, "agent".equals(p.from()));
        }
        if (e.reply() != null) {
            Views.Reply r = e.reply();
            String state = r.status() == null ? "requested" : r.status();
            return new Entry("reply", at, r.author() == null ? "Us" : r.author(), r.text(), r.visibility(),
                    r.delivery() != null ? r.delivery() : state, state, true);
        }
        if (e.assignment() != null) {
            return new Entry("assignment", at, "", "Assigned to " + (e.assignment().name() != null ? e.assignment().name()
                    : e.assignment().username()), null, null, null, false);
        }
        Views.Activity a = e.activity();
        String who = a == null || a.actor() == null ? "Outpost" : a.actor();
        String text;
        if ("note".equals(e.type())) {
            text = a == null ? "" : a.detail();
            return new Entry("note", at, who, text, "internal", null, null, true);
        }
        if ("status".equals(e.type()) && a != null) {
            text = "Status " + a.fromStatus() + " \u2192 " + a.toStatus() + (a.detail() == null ? "" : " (" + a.detail() + ")");
        } else {
            text = e.type() + (a == null || a.detail() == null ? "" : ": " + a.detail());
        }
        return new Entry("activity", at, who, text, null, null, null, false);
    }

    /** The CRM customer, only through a confirmed link under a consent (crm-link gives agents nothing else). */
    Map<String, Object> crm(Views.CaseDetail c) {
        if (c.crmCustomerId() == null) {
            return Map.of("linked", false, "error", "", "customerId", "", "confirmedAt", "");
        }
        Outcome<List<Views.Link>> links = Outcome.of(CRM, () -> crm.links(c.crmCustomerId()));
        if (!links.ok()) {
            return Map.of("linked", false, "error", links.message(), "customerId", "", "confirmedAt", "");
        }
        return links.value().stream().filter(l -> "confirmed".equals(l.status())).findFirst()
                .<Map<String, Object>>map(l -> Map.of("linked", true, "error", "", "customerId", l.customerId(),
                        "confirmedAt", l.confirmedAt() == null ? "" : l.confirmedAt().toString()))
                .orElse(Map.of("linked", false, "error", "", "customerId", "", "confirmedAt", ""));
    }

    Response note(String kind, String text) {
        return Response.ok(message.data("kind", kind).data("text", text).render()).build();
    }

    /** Tells the page to fetch the timeline again (htmx HX-Trigger). */
    static Response changed(Response r) {
        return Response.fromResponse(r).header("HX-Trigger", "timeline-refresh").build();
    }

    static String textError(String text, String what) {
        if (text == null || text.isBlank()) {
            return "Write the " + what + " first: it is empty.";
        }
        if (text.length() > MAX_TEXT) {
            return "The " + what + " is at most " + MAX_TEXT + " characters.";
        }
        return null;
    }

    static String visibility(String v) {
        return "private".equals(v) ? "private" : "public";
    }

    static boolean validId(String id) {
        try {
            UUID.fromString(id);
            return id.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
