package io.outpost.crmlink.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.crmlink.config.IdentityListConfig;
import io.outpost.crmlink.domain.AuditChainVerifier;
import io.outpost.crmlink.store.AuditEntry;
import io.outpost.crmlink.store.AuditLog;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.PageCursor;
import io.outpost.kit.api.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The audit log of consent and link changes, match decisions and erasures, read-only: there is no endpoint that changes or
 * deletes an entry, and the database refuses it too.
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditLog audit;
    private final IdentityListConfig paging;
    private final ObjectMapper json;

    public AuditResource(AuditLog audit, IdentityListConfig paging, ObjectMapper json) {
        this.audit = audit;
        this.paging = paging;
        this.json = json;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Read the audit log", description = "Role: admin. Newest first, keyset pagination; filter by "
            + "subject (identity id), action and time range [from, to).")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Bad filter, limit or cursor (problem details)")
    public Uni<AuditView> list(
            @Parameter(description = "The subject: a social identity id (an erasure's or a person match's own id for "
                    + "erasure.requested and match.evaluated without an identity)") @QueryParam("subject") String subject,
            @Parameter(description = "consent.requested, consent.granted, consent.denied, consent.revoked, consent.expired, "
                    + "link.suggested, link.confirmed, link.removed, erasure.requested or match.evaluated")
            @QueryParam("action") String action,
            @Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("to") String to,
            @Parameter(description = "Page size, 1 to 200; default 50") @QueryParam("limit") String limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        String s = ConsentsResource.text("subject", subject, ConsentsResource.MAX_ID);
        String a = action == null || action.isBlank() ? null : action.strip();
        if (a != null && !AuditLog.ACTIONS.contains(a)) {
            throw ApiException.badRequest("action must be one of " + String.join(", ", AuditLog.ACTIONS) + "; got '"
                    + (a.length() > 60 ? a.substring(0, 60) : a) + "'");
        }
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        if (f != null && t != null && !f.isBefore(t)) {
            throw ApiException.badRequest("from must be before to");
        }
        int size = PageCursor.limit(limit, paging.defaultLimit(), paging.maxLimit());
        PageCursor after = PageCursor.decode(cursor);
        AuditLog.Query query = new AuditLog.Query(s, a, f, t, after == null ? null : after.at(),
                after == null ? null : after.id(), size + 1);
        return audit.page(query).map(rows -> {
            List<AuditEntry> page = rows.size() > size ? rows.subList(0, size) : rows;
            AuditEntry last = page.isEmpty() ? null : page.get(page.size() - 1);
            String next = rows.size() > size ? new PageCursor(last.at, last.id).encode() : null;
            return new AuditView(page.stream().map(this::view).toList(), next);
        });
    }

    @GET
    @Path("/verification")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Verify that the audit log was not changed", description = "Role: admin. Recomputes every "
            + "entry's seal and its link to the entry before (a SHA-256 hash chain), oldest first, and names the first "
            + "entry that does not match and what differs. 200 whether or not the log is intact: see ok. Keep the "
            + "answer's head.anchor outside the database and pass it as anchor later: that also detects a log "
            + "rewritten and sealed again up to that entry, or cut short at its end.")
    @APIResponse(responseCode = "200", description = "The outcome")
    @APIResponse(responseCode = "400", description = "Malformed anchor (problem details)")
    public Uni<AuditVerificationView> verify(
            @Parameter(description = "position:hash (64 hex digits) of an entry seen intact earlier, as head.anchor showed it")
            @QueryParam("anchor") String anchor) {
        AuditChainVerifier.Anchor expected = null;
        if (anchor != null && !anchor.isBlank()) {
            expected = AuditChainVerifier.Anchor.parse(anchor.strip());
            if (expected == null) {
                throw ApiException.badRequest("anchor must be position:hash as head.anchor shows it (a position of 1 or "
                        + "more, a colon and 64 hex digits)");
            }
        }
        return audit.verify(expected).map(AuditVerificationView::of);
    }

    private AuditView.Entry view(AuditEntry e) {
        JsonNode evidence;
        try {
            evidence = json.readTree(e.evidence);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored audit evidence is not JSON", ex);
        }
        return new AuditView.Entry(e.id, e.at, e.actor, e.action, e.subject, e.reason, evidence);
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + " must be an ISO-8601 instant such as 2026-11-22T08:00:00Z");
        }
    }
}
