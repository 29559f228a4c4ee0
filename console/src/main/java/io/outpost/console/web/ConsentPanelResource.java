package io.outpost.console.web;

import static io.outpost.console.web.ServiceNames.CASES;
import static io.outpost.console.web.ServiceNames.CRM;

import io.outpost.console.api.AdminViews;
import io.outpost.console.api.CaseApi;
import io.outpost.console.api.ConsentApi;
import io.outpost.console.api.Views;
import io.outpost.console.domain.ConsentStanding;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The case page's consent panel (agents): where the customer's identity-link consent stands and the
 * "ask for consent" button. crm-link sends the DM with the consent link and audits the request; the
 * console finds the customer's identity from the case (channel, platform user id) each time, so the
 * button asks the customer of a case the agent may see.
 */
@Path("/cases/{id}/consent")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed("agent")
public class ConsentPanelResource {

    static final String IDENTITY_LINK = "identity-link";

    @RestClient
    CaseApi cases;
    @RestClient
    ConsentApi consent;

    @Inject
    @Location("consent-panel.html")
    Template panel;

    @GET
    public TemplateInstance show(@PathParam("id") String id) {
        Target target = target(id);
        if (target.problem != null) {
            return error(id, target.problem);
        }
        Outcome<AdminViews.IdentityLookup> found = Outcome.of(CRM, () -> consent.lookup(target.channel, target.platformUserId));
        if (!found.ok()) {
            return error(id, lookupTrouble(found));
        }
        return standing(id, found.value(), "", "");
    }

    @POST
    @Path("request")
    public TemplateInstance request(@PathParam("id") String id) {
        Target target = target(id);
        if (target.problem != null) {
            return error(id, target.problem);
        }
        Outcome<AdminViews.IdentityLookup> found = Outcome.of(CRM, () -> consent.lookup(target.channel, target.platformUserId));
        if (!found.ok()) {
            return error(id, lookupTrouble(found));
        }
        AdminViews.IdentityLookup identity = found.value();
        if (!standingOf(identity).canAsk()) {
            // Granted already, or a request still waits: the panel shows which, nothing is sent.
            return standing(id, identity, "", "");
        }
        Outcome<AdminViews.ConsentRequest> sent = Outcome.of(CRM, () -> consent.request(new AdminViews.ConsentRequestBody(
                String.valueOf(identity.identityId()), List.of(IDENTITY_LINK), "asked from case " + id)));
        if (!sent.ok()) {
            String text = switch (sent.status()) {
                case 404 -> "Not sent: crm-link-service does not know this customer's identity"
                        + (sent.problem() == null ? "." : " (" + sent.problem() + ").");
                case 503 -> "Not sent: consent requests are not configured in crm-link-service"
                        + (sent.problem() == null ? "." : " (" + sent.problem() + ").");
                default -> sent.status() >= 400 && sent.status() < 500 && sent.problem() != null
                        ? "Not sent: " + sent.problem() : sent.message();
            };
            return standing(id, identity, text, "");
        }
        Instant at = sent.value().requestedAt() == null ? Instant.now() : sent.value().requestedAt();
        return panel.data("id", id).data("error", "").data("failure", "").data("state", "requested")
                .data("at", at.toString()).data("canAsk", false).data("linked", identity.consentedLink())
                .data("sent", "Consent requested: crm-link sends the customer a DM with the consent link.");
    }

    /** The case's customer: channel and platform user id, or why there is none. */
    record Target(String channel, String platformUserId, String problem) {
    }

    Target target(String id) {
        if (!CaseResource.validId(id)) {
            return new Target(null, null, "There is no case " + id + ".");
        }
        Outcome<Views.CaseDetail> c = Outcome.of(CASES, () -> cases.get(id));
        if (!c.ok()) {
            return new Target(null, null, c.message());
        }
        Views.Customer customer = c.value().customer();
        if (customer == null || customer.platformUserId() == null || c.value().channel() == null) {
            return new Target(null, null, "The case does not name the customer's platform id: consent cannot be asked here.");
        }
        return new Target(c.value().channel(), customer.platformUserId(), null);
    }

    static String lookupTrouble(Outcome<?> found) {
        if (found.status() == 404) {
            return "crm-link-service has no identity for this customer yet (it learns one from their posts): "
                    + "consent cannot be asked yet.";
        }
        return found.status() >= 400 && found.status() < 500 && found.problem() != null ? found.problem() : found.message();
    }

    static ConsentStanding standingOf(AdminViews.IdentityLookup identity) {
        AdminViews.PurposeState link = identity.consents() == null ? null : identity.consents().stream()
                .filter(p -> IDENTITY_LINK.equals(p.purpose())).findFirst().orElse(null);
        AdminViews.PendingRequest pending = identity.pendingRequest();
        Instant pendingAt = pending != null && pending.purposes() != null && pending.purposes().contains(IDENTITY_LINK)
                ? pending.requestedAt() : null;
        return ConsentStanding.of(link == null ? null : link.status(), link == null ? null : link.decidedAt(), pendingAt);
    }

    TemplateInstance standing(String id, AdminViews.IdentityLookup identity, String failure, String sent) {
        ConsentStanding s = standingOf(identity);
        return panel.data("id", id).data("error", "").data("failure", failure).data("state", s.state())
                .data("at", s.at() == null ? "" : s.at().toString()).data("canAsk", s.canAsk())
                .data("linked", identity.consentedLink()).data("sent", sent);
    }

    TemplateInstance error(String id, String text) {
        return panel.data("id", id).data("error", text).data("failure", "").data("state", "").data("at", "")
                .data("canAsk", false).data("linked", false).data("sent", "");
    }
}
