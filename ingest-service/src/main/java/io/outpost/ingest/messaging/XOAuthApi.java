package io.outpost.ingest.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * X's OAuth 2.0 token endpoint, for refreshing a user access token
 * (https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code, "Refresh tokens", and
 * .../user-access-token, "Working with confidential clients"): {@code POST
 * /2/oauth2/token}, form body {@code grant_type=refresh_token&refresh_token=…&client_id=…}; a confidential
 * client also authenticates with HTTP Basic (client id and secret). Built by {@link PlatformClients}
 * against {@code outpost.outbound.x.base-url}; every status comes back as a {@link Response}.
 */
@Path("/2/oauth2/token")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.APPLICATION_JSON)
public interface XOAuthApi {

    /** A public client: no client authentication beyond {@code client_id}. */
    @POST
    Uni<Response> refresh(@FormParam("grant_type") String grantType, @FormParam("refresh_token") String refreshToken,
            @FormParam("client_id") String clientId);

    /** A confidential client: {@code Authorization: Basic base64(client_id:client_secret)}. */
    @POST
    Uni<Response> refreshConfidential(@HeaderParam("Authorization") String basic, @FormParam("grant_type") String grantType,
            @FormParam("refresh_token") String refreshToken, @FormParam("client_id") String clientId);
}
