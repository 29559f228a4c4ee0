package io.outpost.ingest.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The Meta Graph API calls we make, with the page access token as a bearer token (kept out of the
 * URL, hence out of access logs) and {@code appsecret_proof} (hex HMAC-SHA256 of the token keyed
 * with the app secret) as a query parameter. Built by {@link PlatformClients} against
 * {@code outpost.outbound.meta.base-url}. Every status comes back as a {@link Response}.
 */
@Path("/{version}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface MetaApi {

    /** {@code POST /{version}/{comment-id}/comments} {@code {"message": …}} → {@code {"id": …}} (Facebook). */
    @POST
    @Path("/{objectId}/comments")
    Uni<Response> comment(@PathParam("version") String version, @PathParam("objectId") String objectId,
            @HeaderParam("Authorization") String authorization, @QueryParam("appsecret_proof") String appsecretProof,
            Map<String, Object> body);

    /** {@code POST /{version}/{ig-comment-id}/replies} {@code {"message": …}} → {@code {"id": …}} (Instagram). */
    @POST
    @Path("/{objectId}/replies")
    Uni<Response> instagramReply(@PathParam("version") String version, @PathParam("objectId") String objectId,
            @HeaderParam("Authorization") String authorization, @QueryParam("appsecret_proof") String appsecretProof,
            Map<String, Object> body);

    /** {@code POST /{version}/{page-id}/feed} {@code {"message": …}} → {@code {"id": …}}: a post on the page (Facebook). */
    @POST
    @Path("/{pageId}/feed")
    Uni<Response> pagePost(@PathParam("version") String version, @PathParam("pageId") String pageId,
            @HeaderParam("Authorization") String authorization, @QueryParam("appsecret_proof") String appsecretProof,
            Map<String, Object> body);

    /**
     * {@code POST /{version}/me/messages} {@code {"recipient": {"id": …}, "messaging_type": "RESPONSE",
     * "message": {"text": …}}} → {@code {"recipient_id": …, "message_id": …}} (Messenger, Instagram messaging).
     */
    @POST
    @Path("/me/messages")
    Uni<Response> sendMessage(@PathParam("version") String version,
            @HeaderParam("Authorization") String authorization, @QueryParam("appsecret_proof") String appsecretProof,
            Map<String, Object> body);
}
