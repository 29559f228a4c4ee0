package io.outpost.crmlink.api;

import io.outpost.crmlink.domain.CandidateIndex;
import io.outpost.crmlink.domain.IdentityMatcher;
import io.outpost.crmlink.domain.MatchCandidate;
import io.outpost.crmlink.domain.MatchLevel;
import io.outpost.crmlink.domain.NormalizedPerson;
import io.outpost.crmlink.domain.PersonAttributes;
import io.outpost.crmlink.store.CustomerStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Which CRM customers may be this person. Admin only: agents never see candidates, only confirmed,
 * consented links (DESIGN.md).
 */
@Path("/api/v1/match-candidates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MatchCandidatesResource {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 50;

    private final CustomerStore customers;

    public MatchCandidatesResource(CustomerStore customers) {
        this.customers = customers;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Match candidates for a person", description = "Role: admin. The body is what is known "
            + "about the person (any subset of the customer attributes). Returns the customers at or above the suggestion "
            + "threshold, best first, each with score, level (SUGGEST or CONFIRMABLE_WITH_CONSENT) and the evidence per "
            + "attribute. See the module README, \"Matching\".")
    @APIResponse(responseCode = "200", description = "The candidates, possibly none")
    @APIResponse(responseCode = "400", description = "Bad attributes or limit, or nothing known (problem details)")
    public Uni<MatchCandidatesView> match(PersonAttributes body,
            @Parameter(description = "At most this many candidates, 1-" + MAX_LIMIT + ", default " + DEFAULT_LIMIT)
            @QueryParam("limit") String limit) {
        int size = limit(limit);
        NormalizedPerson person = NormalizedPerson.of(PersonInput.check(body));
        return suggestions(customers, person, size).map(MatchCandidatesView::new);
    }

    /** The customers at or above the suggestion threshold for the person, best first, at most {@code limit}. */
    static Uni<List<MatchCandidate>> suggestions(CustomerStore customers, NormalizedPerson person, int limit) {
        if (person.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return customers.candidates(person, CandidateIndex.DEFAULT_MAX_BLOCK_SIZE)
                .map(found -> IdentityMatcher.rank(person, found, limit).stream()
                        .filter(c -> c.level() != MatchLevel.NONE).toList());
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
