package io.outpost.survey.api;

import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.PageCursor;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.outpost.survey.domain.Survey;
import io.outpost.survey.domain.SurveyState;
import io.outpost.survey.store.SurveyStore;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Every decision of the sending policy and what became of each survey: the skips with their reasons included. */
@Path("/api/v1/surveys")
@Produces(MediaType.APPLICATION_JSON)
public class SurveysResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final SurveyStore surveys;

    public SurveysResource(SurveyStore surveys) {
        this.surveys = surveys;
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Survey decisions and outcomes", description = "Roles: supervisor, admin. Most recently decided first, keyset pagination.")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Bad caseId, state, limit or cursor (problem details)")
    public Uni<SurveyView.Page> list(
            @Parameter(description = "Only the survey of this case") @QueryParam("caseId") String caseId,
            @Parameter(description = "scheduled, skipped, cancelled, sent, answered or expired") @QueryParam("state") String state,
            @Parameter(description = "1.." + MAX_LIMIT + ", default " + DEFAULT_LIMIT) @QueryParam("limit") String limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        UUID caseFilter = RequestValues.optionalUuid("caseId", caseId);
        SurveyState stateFilter = state(state);
        int size = PageCursor.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        PageCursor after = PageCursor.decode(cursor);
        return surveys.page(caseFilter, stateFilter, after == null ? null : new SurveyStore.After(after.at(), after.id()),
                size + 1)
                .map(rows -> {
                    List<Survey> page = rows.size() > size ? rows.subList(0, size) : rows;
                    Survey last = page.isEmpty() ? null : page.get(page.size() - 1);
                    String next = rows.size() > size ? new PageCursor(last.decidedAt, last.id).encode() : null;
                    return new SurveyView.Page(page.stream().map(SurveyView::of).toList(), next);
                });
    }

    private static SurveyState state(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return SurveyState.fromWire(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("state '" + RequestValues.clip(value)
                    + "' is not one of scheduled, skipped, cancelled, sent, answered, expired");
        }
    }
}
