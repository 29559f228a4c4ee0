package io.outpost.survey.api;

import io.outpost.contracts.Channel;
import io.outpost.kit.api.PageCursor;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.outpost.survey.domain.SurveyCase;
import io.outpost.survey.store.SurveyCaseStore;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The cases a survey may follow: every case recorded from {@code case.opened}, with what the
 * policy needs to decide once the case resolves.
 */
@Path("/api/v1/survey-candidates")
@Produces(MediaType.APPLICATION_JSON)
public class SurveyCandidatesResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final SurveyCaseStore cases;

    public SurveyCandidatesResource(SurveyCaseStore cases) {
        this.cases = cases;
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Cases a survey may follow", description = "Roles: supervisor, admin. Most recently opened first, keyset pagination.")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Bad channel, limit or cursor (problem details)")
    public Uni<CandidateView.Page> list(
            @Parameter(description = "x, facebook, instagram, messenger, forum, email or chat") @QueryParam("channel") String channel,
            @Parameter(description = "1.." + MAX_LIMIT + ", default " + DEFAULT_LIMIT) @QueryParam("limit") String limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        Channel ch = RequestValues.optionalChannel("channel", channel);
        int size = PageCursor.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        PageCursor after = PageCursor.decode(cursor);
        return cases.page(ch, after == null ? null : new SurveyCaseStore.After(after.at(), after.id()), size + 1)
                .map(rows -> {
                    List<SurveyCase> page = rows.size() > size ? rows.subList(0, size) : rows;
                    SurveyCase last = page.isEmpty() ? null : page.get(page.size() - 1);
                    String next = rows.size() > size ? new PageCursor(last.openedAt, last.caseId).encode() : null;
                    return new CandidateView.Page(page.stream().map(CandidateView::of).toList(), next);
                });
    }
}
