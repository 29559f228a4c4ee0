package io.outpost.cases.api;

import io.outpost.cases.config.CasesConfig;
import io.outpost.cases.store.CaseStore;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The missed-post view: customers still waiting past their response target, oldest first. */
@Path("/api/v1/missed")
@Produces(MediaType.APPLICATION_JSON)
public class MissedResource {

    private final CaseStore cases;
    private final CasesConfig config;
    private final io.quarkus.security.identity.SecurityIdentity caller;

    public MissedResource(CaseStore cases, CasesConfig config, io.quarkus.security.identity.SecurityIdentity caller) {
        this.cases = cases;
        this.config = config;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.INTEGRATION })
    @Operation(summary = "Missed posts", description = "Roles: agent, supervisor, admin, integration (agents: "
            + "their own cases and unassigned ones). Customer "
            + "posts waiting past their first- or next-response target, the longest wait first, until answered "
            + "(late is better than never). Hidden, resolved and closed cases are not listed.")
    @APIResponse(responseCode = "200", description = "One page of missed posts")
    @APIResponse(responseCode = "400", description = "A bad cursor or limit (problem details)")
    public Uni<CaseView.MissedPage> missed(
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Items per page, 1..200, default 50") @QueryParam("limit") String limit) {
        PageCursor after = PageCursor.decode(cursor);
        int pageSize = PageCursor.limit(limit, config.page().defaultLimit(), config.page().maxLimit());
        return cases.missed(Instant.now(), Callers.narrowedAgent(caller), after, pageSize).map(page -> new CaseView.MissedPage(
                page.items().stream().map(CaseView::missed).toList(),
                page.next() == null ? null : page.next().encode()));
    }
}
