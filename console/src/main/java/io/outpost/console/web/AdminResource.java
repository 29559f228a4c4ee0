package io.outpost.console.web;

import static io.outpost.console.web.ServiceNames.CRM;

import io.outpost.console.api.AdminViews;
import io.outpost.console.api.CrmLinkAdminApi;
import io.outpost.console.domain.AdminInput;
import io.outpost.console.domain.InboxFilter;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The admin's pages: social identities with their links and consents, creating and removing links,
 * an identity's match candidates (admin-only, never on agent pages), the audit log and its
 * verification, erasure with a confirmation step. crm-link-service decides and audits every change
 * with the admin's own token; bad input is a message on the page, an API's 4xx its problem detail.
 */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed("admin")
public class AdminResource {

    static final int PAGE = 25;

    @Inject
    Me me;
    @Inject
    Csrf csrf;
    @RestClient
    CrmLinkAdminApi crm;

    @Inject
    @Location("admin-identities.html")
    Template identitiesPage;
    @Inject
    @Location("admin-identity.html")
    Template identityPage;
    @Inject
    @Location("admin-links.html")
    Template linksFragment;
    @Inject
    @Location("admin-candidates.html")
    Template candidatesFragment;
    @Inject
    @Location("admin-audit.html")
    Template auditPage;
    @Inject
    @Location("admin-verification.html")
    Template verificationFragment;
    @Inject
    @Location("admin-erasures.html")
    Template erasuresPage;
    @Inject
    @Location("admin-erasure-confirm.html")
    Template erasureConfirm;
    @Inject
    @Location("message.html")
    Template message;

    /** The admin's home: identities, filtered and paged as crm-link allows (channel, handle prefix, cursor). */
    @GET
    public TemplateInstance identities(@QueryParam("channel") String channel, @QueryParam("handle") String handle,
            @QueryParam("cursor") String cursor) {
        String bad = AdminInput.channel(channel);
        if (bad == null) {
            bad = AdminInput.handle(handle);
        }
        TemplateInstance view = identitiesPage.data("me", me).data("csrf", csrf.token()).data("channels", InboxFilter.CHANNELS)
                .data("channel", channel == null ? "" : channel).data("handle", handle == null ? "" : handle);
        if (bad != null) {
            return view.data("error", bad).data("items", List.of()).data("next", "");
        }
        Outcome<AdminViews.IdentityPage> page = Outcome.of(CRM, () -> crm.identities(blankToNull(channel),
                blankToNull(handle), PAGE, blankToNull(cursor)));
        return view.data("error", page.ok() ? "" : page.message())
                .data("items", page.ok() && page.value().items() != null ? page.value().items() : List.of())
                .data("next", page.ok() && page.value().nextCursor() != null ? page.value().nextCursor() : "");
    }

    @GET
    @Path("identities/{id}")
    public Response identity(@PathParam("id") String id) {
        TemplateInstance view = identityPage.data("me", me).data("csrf", csrf.token()).data("id", id);
        if (!AdminInput.uuid(id)) {
            return Response.status(404).entity(view.data("error", "There is no identity " + id
                    + ": an identity id looks like 1b4e28ba-2fa1-11d2-883f-0016d3cca427.").data("i", null).render()).build();
        }
        Outcome<AdminViews.Identity> identity = Outcome.of(CRM, () -> crm.identity(id));
        if (!identity.ok()) {
            return Response.status(identity.status() == 404 ? 404 : 200)
                    .entity(view.data("error", identity.message()).data("i", null).render()).build();
        }
        Outcome<List<AdminViews.Consent>> consents = Outcome.of(CRM, () -> crm.consents(id));
        return Response.ok(view.data("error", "").data("i", identity.value())
                .data("consents", consents.ok() && consents.value() != null ? consents.value() : List.of())
                .data("consentsError", consents.ok() ? "" : consents.message())
                .data("links", links(id)).render()).build();
    }

    @GET
    @Path("identities/{id}/links")
    public TemplateInstance linksOf(@PathParam("id") String id) {
        return linksFragment.data("links", links(id)).data("id", id);
    }

    /** Confirms (needs the person's identity-link consent: crm-link refuses with 422 otherwise) or suggests a link. */
    @POST
    @Path("identities/{id}/links")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response link(@PathParam("id") String id, @FormParam("customerId") String customerId,
            @FormParam("status") String status, @FormParam("note") String note) {
        String bad = !AdminInput.uuid(id) ? "There is no identity " + id + "." : AdminInput.customerId(customerId);
        if (bad == null) {
            bad = AdminInput.linkStatus(status);
        }
        if (bad == null) {
            bad = AdminInput.text("note", note, false);
        }
        if (bad != null) {
            return say("error", bad);
        }
        Outcome<AdminViews.Link> made = Outcome.of(CRM, () -> crm.link(new AdminViews.LinkRequest(id, customerId.strip(),
                status, blankToNull(note))));
        if (!made.ok()) {
            return say("error", made.message());
        }
        return refreshLinks(say("ok", "Link to " + made.value().customerId() + " " + made.value().status() + "."));
    }

    @POST
    @Path("links/{linkId}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response unlink(@PathParam("linkId") String linkId, @FormParam("reason") String reason) {
        String bad = !AdminInput.uuid(linkId) ? "There is no link " + linkId + "." : AdminInput.text("reason", reason, true);
        if (bad != null) {
            return say("error", bad);
        }
        Outcome<AdminViews.Link> removed = Outcome.of(CRM, () -> crm.unlink(linkId, reason.strip()));
        if (!removed.ok()) {
            return say("error", removed.message());
        }
        return refreshLinks(say("ok", "Link to " + removed.value().customerId() + " removed."));
    }

    /** Runs a match (crm-link audits it as match.evaluated); admin-only data, shown only here. */
    @GET
    @Path("identities/{id}/candidates")
    public TemplateInstance candidates(@PathParam("id") String id, @QueryParam("reason") String reason) {
        String bad = !AdminInput.uuid(id) ? "There is no identity " + id + "." : AdminInput.text("reason", reason, false);
        if (bad != null) {
            return candidatesFragment.data("error", bad).data("result", null);
        }
        Outcome<AdminViews.Candidates> found = Outcome.of(CRM, () -> crm.candidates(id, blankToNull(reason)));
        return candidatesFragment.data("error", found.ok() ? "" : found.message()).data("result", found.value());
    }

    @GET
    @Path("audit")
    public TemplateInstance audit(@QueryParam("subject") String subject, @QueryParam("action") String action,
            @QueryParam("cursor") String cursor) {
        TemplateInstance view = auditPage.data("me", me).data("csrf", csrf.token())
                .data("subject", subject == null ? "" : subject).data("action", action == null ? "" : action);
        String bad = subject != null && subject.length() > 200 ? "A subject is at most 200 characters."
                : action != null && action.length() > 100 ? "An action is at most 100 characters." : null;
        if (bad != null) {
            return view.data("error", bad).data("items", List.of()).data("next", "");
        }
        Outcome<AdminViews.AuditPage> page = Outcome.of(CRM, () -> crm.audit(blankToNull(subject), blankToNull(action),
                PAGE, blankToNull(cursor)));
        return view.data("error", page.ok() ? "" : page.message())
                .data("items", page.ok() && page.value().items() != null ? page.value().items() : List.of())
                .data("next", page.ok() && page.value().nextCursor() != null ? page.value().nextCursor() : "");
    }

    @GET
    @Path("audit/verification")
    public TemplateInstance verification() {
        Outcome<AdminViews.Verification> v = Outcome.of(CRM, () -> crm.verification());
        return verificationFragment.data("error", v.ok() ? "" : v.message()).data("v", v.value());
    }

    /** The erasure form (subject prefilled from an identity page) and, with {@code id}, an erasure's status. */
    @GET
    @Path("erasures")
    public TemplateInstance erasures(@QueryParam("subject") String subject, @QueryParam("id") String id) {
        TemplateInstance view = erasuresPage.data("me", me).data("csrf", csrf.token())
                .data("subject", subject == null ? "" : subject).data("id", id == null ? "" : id);
        if (id == null || id.isBlank()) {
            return view.data("error", "").data("erasure", null);
        }
        if (!AdminInput.uuid(id)) {
            return view.data("error", "An erasure id looks like 1b4e28ba-2fa1-11d2-883f-0016d3cca427.").data("erasure", null);
        }
        Outcome<AdminViews.Erasure> e = Outcome.of(CRM, () -> crm.erasure(id));
        return view.data("error", e.ok() ? "" : e.message()).data("erasure", e.value());
    }

    /**
     * Erasure cannot be undone: the first POST only shows what will happen and asks again; the
     * second, with {@code confirm=yes} and the subject typed the same, sends it.
     */
    @POST
    @Path("erasures")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response erase(@FormParam("subject") String subject, @FormParam("reason") String reason,
            @FormParam("confirm") String confirm) {
        String bad = AdminInput.subject(subject);
        if (bad == null) {
            bad = AdminInput.text("reason", reason, true);
        }
        if (bad != null) {
            return say("error", bad);
        }
        String who = subject.strip();
        if (!"yes".equals(confirm)) {
            return Response.ok(erasureConfirm.data("subject", who).data("reason", reason.strip()).render()).build();
        }
        Outcome<AdminViews.Erasure> done = Outcome.of(CRM, () -> crm.erase(who, new AdminViews.ErasureRequest(reason.strip())));
        if (!done.ok()) {
            return say("error", done.message());
        }
        return Response.ok().header("HX-Redirect", "/admin/erasures?id=" + done.value().id()).build();
    }

    List<AdminViews.Link> links(String id) {
        Outcome<List<AdminViews.Link>> l = Outcome.of(CRM, () -> crm.links(id));
        return l.ok() && l.value() != null ? l.value() : List.of();
    }

    Response say(String kind, String text) {
        return Response.ok(message.data("kind", kind).data("text", text).render()).build();
    }

    static Response refreshLinks(Response r) {
        return Response.fromResponse(r).header("HX-Trigger", "links-refresh").build();
    }

    static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }
}
