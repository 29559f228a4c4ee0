package io.outpost.ingest.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The X API v2 calls we make, with a user-context bearer token ({@code Authorization: Bearer …},
 * OAuth 2.0 user token of the sending account). Built by {@link PlatformClients} against
 * {@code outpost.outbound.x.base-url}. Every status comes back as a {@link Response}.
 */
@Path("/2")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface XApi {

    /** {@code POST /2/tweets} {@code {"text": …, "reply": {"in_reply_to_tweet_id": …}}} → {@code {"data": {"id": …}}}. */
    @POST
    @Path("/tweets")
    Uni<Response> createPost(@HeaderParam("Authorization") String authorization, Map<String, Object> body);

    /**
     * {@code POST /2/dm_conversations/with/{participant_id}/messages} {@code {"text": …}} →
     * {@code {"data": {"dm_conversation_id": …, "dm_event_id": …}}}.
     */
    @POST
    @Path("/dm_conversations/with/{participantId}/messages")
    Uni<Response> sendDirectMessage(@HeaderParam("Authorization") String authorization,
            @PathParam("participantId") String participantId, Map<String, Object> body);
}
