package io.outpost.routing.api;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.outpost.kit.api.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A body value of the wrong type ({"skills": {"billing": "expert"}}) raises a
 * {@link MismatchedInputException}. Quarkus' built-in mapper for that type is more specific than
 * service-kit's {@code JsonProcessingException} mapper, so it would answer with its own body
 * instead of a problem. This hands the exception to service-kit's mapper. It belongs in
 * service-kit (every service needs it); it lives here until it moves there.
 */
public class RequestBodyProblems {

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return problems.unreadableJson(e, uri);
    }
}
