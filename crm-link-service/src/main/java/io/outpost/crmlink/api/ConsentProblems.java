package io.outpost.crmlink.api;

import io.outpost.crmlink.domain.ConsentRefused;
import io.outpost.kit.api.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A decision or link the consent rules refuse, as problem+json: 400 bad input, 409 wrong state, 422 no consent. */
public class ConsentProblems {

    @ServerExceptionMapper
    public Response refused(ConsentRefused e, UriInfo uri) {
        return switch (e.kind()) {
            case INVALID -> ProblemMappers.problem(400, "Bad request", e.getMessage(), uri, List.of());
            case CONFLICT -> ProblemMappers.problem(409, "Conflict", e.getMessage(), uri, List.of());
            case NO_CONSENT -> ProblemMappers.problem(422, "No consent", e.getMessage(), uri, List.of());
        };
    }
}
