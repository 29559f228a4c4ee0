package io.outpost.ingest.api;

import io.outpost.ingest.config.MetaWebhookConfig;
import io.outpost.ingest.domain.WebhookPlatform;
import io.outpost.ingest.domain.WebhookSignatures;
import io.outpost.kit.api.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;

/**
 * Meta's webhooks (Facebook pages, Messenger, Instagram). No bearer token: Meta authenticates each
 * delivery with {@code X-Hub-Signature-256}, which is checked on the raw bytes before anything is
 * parsed.
 */
@Path("/webhooks/meta")
@PermitAll
@SecurityRequirementsSet
public class MetaWebhookResource {

    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    /** Meta's challenges are short numbers; anything much longer is not Meta. */
    static final int MAX_CHALLENGE = 256;

    private final MetaWebhookConfig config;
    private final WebhookIntake intake;

    public MetaWebhookResource(MetaWebhookConfig config, WebhookIntake intake) {
        this.config = config;
        this.intake = intake;
    }

    @GET
    @Operation(summary = "Meta's subscription handshake",
            description = "Echoes hub.challenge when hub.mode is subscribe and hub.verify_token is ours.")
    @APIResponse(responseCode = "200", description = "The challenge, as text/plain")
    @APIResponse(responseCode = "403", description = "Not a subscription with our verify token")
    @APIResponse(responseCode = "503", description = "outpost.meta.verify-token is not configured")
    public Response verify(@QueryParam("hub.mode") String mode, @QueryParam("hub.verify_token") String token,
            @QueryParam("hub.challenge") String challenge) {
        String expected = WebhookIntake.secretOrUnavailable(config.verifyToken(), "outpost.meta.verify-token");
        if (!"subscribe".equals(mode) || !WebhookSignatures.sameSecret(expected, token)) {
            throw new ApiException(403, "Forbidden", "hub.mode must be subscribe and hub.verify_token must be ours");
        }
        if (challenge == null || challenge.isEmpty() || challenge.length() > MAX_CHALLENGE) {
            throw ApiException.badRequest("hub.challenge must have 1 to " + MAX_CHALLENGE + " characters");
        }
        return Response.ok(challenge, MediaType.TEXT_PLAIN_TYPE).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A Meta webhook delivery",
            description = "Signed with X-Hub-Signature-256 (sha256= hex HMAC-SHA256 of the raw body with the app secret). "
                    + "Each post in it is ingested once; unknown objects and fields are skipped.")
    @APIResponse(responseCode = "200", description = "Received: counts of accepted, duplicate and skipped items")
    @APIResponse(responseCode = "400", description = "Signed, but not a Meta delivery: nothing was ingested")
    @APIResponse(responseCode = "401", description = "No signature: nothing was ingested")
    @APIResponse(responseCode = "403", description = "Wrong signature: nothing was ingested")
    @APIResponse(responseCode = "503", description = "outpost.meta.app-secret is not configured")
    public Uni<WebhookReceipt> receive(@HeaderParam(SIGNATURE_HEADER) String signature, byte[] body) {
        String secret = WebhookIntake.secretOrUnavailable(config.appSecret(), "outpost.meta.app-secret");
        WebhookIntake.requireSignature(signature, SIGNATURE_HEADER,
                WebhookSignatures.isValidMeta(secret, body, signature));
        return intake.ingest(WebhookPlatform.META, body);
    }
}
