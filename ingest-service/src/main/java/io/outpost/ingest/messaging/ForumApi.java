package io.outpost.ingest.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one call Outpost makes to a forum's integration: {@code POST <the account's endpointUrl>} with
 * the signed JSON body (README "Forum delivery contract"). Built by {@link PlatformClients} with the
 * endpoint as its base URL. The body is the exact bytes that were signed, hence {@code byte[]}: JSON
 * serialization here could change a byte and break the signature. Every status comes back as a
 * {@link Response}.
 */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface ForumApi {

    @POST
    Uni<Response> deliver(@HeaderParam("X-Outpost-Timestamp") String timestamp,
            @HeaderParam("X-Outpost-Signature") String signature,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            byte[] body);
}
