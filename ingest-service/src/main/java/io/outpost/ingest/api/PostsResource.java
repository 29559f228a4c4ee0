package io.outpost.ingest.api;

import io.outpost.ingest.domain.IncomingPost;
import io.outpost.ingest.store.PostStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The generic post intake for sources without a webhook of their own. */
@Path("/api/v1/posts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PostsResource {

    /** Platforms' clocks drift; a post further in the future than this is a caller's mistake. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final PostStore posts;

    public PostsResource(PostStore posts) {
        this.posts = posts;
    }

    @POST
    @RolesAllowed(Roles.INTEGRATION)
    @Operation(summary = "Ingest a post", description = "Role: integration. Publishes post.ingested once per (channel, externalId).")
    @APIResponse(responseCode = "202", description = "Accepted and queued for publishing")
    @APIResponse(responseCode = "200", description = "Seen before: acknowledged, not published again")
    @APIResponse(responseCode = "400", description = "Invalid post (problem details)")
    public Uni<Response> ingest(@Valid @NotNull NewPost post) {
        if (post.createdAt().isAfter(Instant.now().plus(MAX_CLOCK_SKEW))) {
            throw ApiException.badRequest("createdAt " + post.createdAt() + " is in the future");
        }
        if (post.inReplyToExternalId() != null && post.inReplyToExternalId().equals(post.externalId())) {
            throw ApiException.badRequest("a post cannot answer itself (inReplyToExternalId equals externalId)");
        }
        if (post.accountId() != null && post.accountId().isBlank()) {
            throw ApiException.badRequest("accountId must not be blank: leave it out for the channel's default account");
        }
        IncomingPost incoming = new IncomingPost(post.channel(), post.externalId().trim(),
                post.author().platformUserId().trim(), post.author().handle(), post.author().displayName(), post.text(),
                post.createdAt(), post.inReplyToExternalId(), post.threadId(), post.visibility(), false, null,
                post.accountId() == null ? null : post.accountId().strip());
        String withNul = incoming.fieldWithNul();
        if (withNul != null) {
            throw ApiException.badRequest(withNul + " contains a NUL character (U+0000), which cannot be stored");
        }
        return posts.accept(incoming).map(accepted -> Response
                .status(accepted.duplicate() ? Response.Status.OK : Response.Status.ACCEPTED)
                .entity(new PostAccepted(accepted.post().id, accepted.post().conversationKey, accepted.duplicate()))
                .build());
    }
}
