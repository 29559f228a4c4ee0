package io.outpost.crmlink.api;

import io.outpost.crmlink.domain.CandidateIndex;
import io.outpost.crmlink.domain.MatchAudit;
import io.outpost.crmlink.domain.MatchOutcome;
import io.outpost.crmlink.domain.NormalizedPerson;
import io.outpost.crmlink.domain.PersonAttributes;
import io.outpost.crmlink.store.AuditLog;
import io.outpost.crmlink.store.CustomerStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Which CRM customers may be this person. Admin only: agents never see candidates, only confirmed,
 * consented links (DESIGN.md). Every evaluation is a match decision and leaves one audit entry
 * ({@code match.evaluated}: who, when, which attributes were asked, which candidates were shown
 * with score and level) committed before the answer goes out.
 */
@Path("/api/v1/match-candidates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MatchCandidatesResource {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 50;

    private final CustomerStore customers;
    private final AuditLog audit;
    private final SecurityIdentity caller;

    public MatchCandidatesResource(CustomerStore customers, AuditLog audit, SecurityIdentity caller) {
        this.customers = customers;
        this.audit = audit;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Match candidates for a person", description = "Role: admin. The body is what is known "
            + "about the person (any subset of the customer attributes). Returns the customers at or above the suggestion "
            + "threshold, best first, each with score, level (SUGGEST or CONFIRMABLE_WITH_CONSENT) and the evidence per "
            + "attribute. See the module README, \"Matching\". Each evaluation is written to the audit log "
            + "(match.evaluated: attribute names, candidate ids, scores and levels, never the values); evaluationId is "
            + "that entry's id and subject.")
    @APIResponse(responseCode = "200", description = "The candidates, possibly none")
    @APIResponse(responseCode = "400", description = "Bad attributes or limit, or nothing known (problem details)")
    public Uni<MatchCandidatesView> match(PersonAttributes body,
            @Parameter(description = "At most this many candidates, 1-" + MAX_LIMIT + ", default " + DEFAULT_LIMIT)
            @QueryParam("limit") String limit,
            @Parameter(description = "Why the match is run, for the audit log (at most 1000 characters)")
            @QueryParam("reason") String reason) {
        int size = limit(limit);
        String why = ConsentsResource.text("reason", reason, ConsentsResource.MAX_TEXT);
        PersonAttributes checked = PersonInput.check(body);
        NormalizedPerson person = NormalizedPerson.of(checked);
        String actor = caller.getPrincipal().getName();
        UUID evaluationId = UUID.randomUUID();
        return evaluate(customers, person, size).chain(outcome -> audit.appendAlone(evaluationId, now(), actor,
                        MatchAudit.EVALUATED, evaluationId.toString(), why,
                        MatchAudit.evaluation(null, checked.presentAttributes(), List.of(), size, outcome))
                .replaceWith(new MatchCandidatesView(evaluationId, outcome.suggestions())));
    }

    /** Scores the customers sharing a blocking key with the person: the candidates to show and the counts to audit. */
    static Uni<MatchOutcome> evaluate(CustomerStore customers, NormalizedPerson person, int limit) {
        if (person.isEmpty()) {
            return Uni.createFrom().item(MatchOutcome.NOTHING_KNOWN);
        }
        return customers.candidates(person, CandidateIndex.DEFAULT_MAX_BLOCK_SIZE)
                .map(found -> MatchOutcome.of(person, found, limit));
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("limit must be a number from 1 to " + MAX_LIMIT);
    }
}
