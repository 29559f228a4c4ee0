package io.outpost.crmlink.api;

import io.outpost.crmlink.domain.ConsentDecision;
import io.outpost.crmlink.domain.ConsentEvidence;
import io.outpost.crmlink.domain.ConsentPurpose;
import io.outpost.crmlink.store.ConsentStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The consents of a subject (a social identity), per purpose, with evidence. Admins and agents
 * record what the person decided; the actor is the token's user.
 */
@Path("/api/v1/subjects/{identityId}/consents")
@Produces(MediaType.APPLICATION_JSON)
public class ConsentsResource {

    static final int MAX_ID = 200;
    static final int MAX_TEXT = 1000;
    static final int MAX_TEXT_VERSION = 100;

    private final ConsentStore consents;
    private final SecurityIdentity caller;

    public ConsentsResource(ConsentStore consents, SecurityIdentity caller) {
        this.consents = consents;
        this.caller = caller;
    }

    @PUT
    @Path("/{purpose}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.AGENT })
    @Operation(summary = "Record a consent decision", description = "Roles: admin, agent. Grant, deny or revoke "
            + "identity-link, personalization or surveys, with evidence. Revoking identity-link removes the confirmed "
            + "link at once (announced on outpost.identity). Every decision is written to the audit log.")
    @APIResponse(responseCode = "200", description = "The consent after the decision")
    @APIResponse(responseCode = "400", description = "Bad id, purpose, decision or evidence (problem details)")
    @APIResponse(responseCode = "404", description = "No such social identity (problem details)")
    @APIResponse(responseCode = "409", description = "Not legal from the current state, e.g. revoking what was never granted")
    public Uni<ConsentView> decide(@PathParam("identityId") String identityId, @PathParam("purpose") String purpose,
            ConsentInput body) {
        UUID subject = RequestValues.uuid("identityId", identityId);
        ConsentPurpose p = parse(() -> ConsentPurpose.fromWire(purpose));
        if (body == null) {
            throw ApiException.badRequest("a body is required: {\"decision\": ..., \"evidence\": {...}}");
        }
        if (body.decision() == null) {
            throw ApiException.badRequest("decision is required: grant, deny or revoke");
        }
        ConsentDecision decision = parse(() -> ConsentDecision.fromWire(body.decision()));
        ConsentEvidence evidence = evidence(body.evidence());
        String reason = text("reason", body.reason(), MAX_TEXT);
        Instant expiresAt = body.expiresAt() == null ? null : body.expiresAt().truncatedTo(ChronoUnit.MICROS);
        return consents.decide(subject, p, decision, evidence, expiresAt, reason)
                .map(read -> ConsentView.of(read.consent(), read.now()));
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.AGENT })
    @Operation(summary = "The subject's consents", description = "Roles: admin, agent. One per purpose decided, with "
            + "the status as of now (a grant past its expiry reads as expired) and the latest evidence.")
    @APIResponse(responseCode = "200", description = "The consents")
    @APIResponse(responseCode = "400", description = "The id is not a UUID (problem details)")
    @APIResponse(responseCode = "404", description = "No such social identity (problem details)")
    public Uni<List<ConsentView>> list(@PathParam("identityId") String identityId) {
        UUID subject = RequestValues.uuid("identityId", identityId);
        return consents.consents(subject).map(reads -> reads.stream().map(r -> ConsentView.of(r.consent(), r.now())).toList());
    }

    private ConsentEvidence evidence(ConsentInput.EvidenceInput in) {
        if (in == null) {
            throw ApiException.badRequest("evidence is required: how the decision was captured");
        }
        if (in.source() == null) {
            throw ApiException.badRequest("evidence.source is required: channel-message or admin-action");
        }
        ConsentEvidence.Source source = parse(() -> ConsentEvidence.Source.fromWire(in.source()));
        if (!source.statedByStaff()) {
            // Only the page itself records consent-page evidence: staff cannot claim a page answer.
            throw ApiException.badRequest("evidence.source must be channel-message or admin-action; got '" + in.source() + "'");
        }
        String messageId = text("evidence.messageId", in.messageId(), MAX_ID);
        String note = text("evidence.note", in.note(), MAX_TEXT);
        String textVersion = text("evidence.textVersion", in.textVersion(), MAX_TEXT_VERSION);
        if (source == ConsentEvidence.Source.CHANNEL_MESSAGE && messageId == null) {
            throw ApiException.badRequest("evidence.messageId is required for channel-message: the message carrying the decision");
        }
        if (source == ConsentEvidence.Source.ADMIN_ACTION && note == null) {
            throw ApiException.badRequest("evidence.note is required for admin-action: what was done and on what basis");
        }
        Instant captured = (in.capturedAt() != null ? in.capturedAt() : Instant.now()).truncatedTo(ChronoUnit.MICROS);
        return new ConsentEvidence(source, messageId, note, textVersion, caller.getPrincipal().getName(), captured);
    }

    /** A trimmed optional text: null when absent or blank, 400 when longer than {@code max}. */
    static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw ApiException.badRequest(field + " must be at most " + max + " characters");
        }
        return v;
    }

    static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
