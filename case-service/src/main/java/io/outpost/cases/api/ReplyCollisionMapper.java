package io.outpost.cases.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.cases.store.ReplyStore;
import io.outpost.kit.api.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A reply collision as {@code application/problem+json} with its own type and the facts a console asks the
 * agent about (RFC 9457 extension members): who answered the post, which reply, when.
 */
public class ReplyCollisionMapper {

    static final String TYPE = "https://outpost.io/problems/reply-collision";

    /** The problem body with the collision's members (registered: built in a mapper, not returned by a resource). */
    @io.quarkus.runtime.annotations.RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CollisionProblem(String type, String title, int status, String detail, String instance,
            String colleague, UUID replyId, Instant repliedAt) {
    }

    @ServerExceptionMapper
    public Response collided(ReplyStore.CollisionException e, UriInfo uri) {
        var c = e.collision();
        return Response.status(409).type(Problem.MEDIA_TYPE).entity(new CollisionProblem(TYPE, "Reply collision", 409,
                e.getMessage(), uri == null ? null : uri.getPath(), c.colleague(), c.replyId(), c.repliedAt())).build();
    }
}
