package io.outpost.survey.api;

import io.outpost.kit.api.Roles;
import io.outpost.survey.domain.SurveyPolicy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The survey sending policy, as configured ({@code outpost.survey.*}). */
@Path("/api/v1/survey-policy")
@Produces(MediaType.APPLICATION_JSON)
public class SurveyPolicyResource {

    private final SurveyPolicy policy;

    public SurveyPolicyResource(SurveyPolicy policy) {
        this.policy = policy;
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "The survey sending policy in force", description = "Roles: supervisor, admin.")
    @APIResponse(responseCode = "200", description = "The policy")
    public PolicyView get() {
        return PolicyView.of(policy);
    }
}
