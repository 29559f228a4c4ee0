package io.outpost.ingest.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.outpost.ingest.config.XWebhookConfig;
import io.outpost.ingest.domain.WebhookSignatures;
import io.outpost.ingest.domain.WebhookPlatform;
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
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;

/**
 * X's Account Activity API webhook. No bearer token: X proves it holds our consumer secret in the
 * CRC handshake and signs each delivery with {@code x-twitter-webhooks-signature}, which is checked
 * on the raw bytes before anything is parsed.
 */
@Path("/webhooks/x")
@PermitAll
@SecurityRequirementsSet
public class XWebhookResource {

    static final String SIGNATURE_HEADER = "x-twitter-webhooks-signature";
    static final int MAX_CRC_TOKEN = 1024;

    /** The CRC answer X expects. */
    public record CrcResponse(@JsonProperty("response_token") String responseToken) {
    }

    private final XWebhookConfig config;
    private final WebhookIntake intake;

    public XWebhookResource(XWebhookConfig config, WebhookIntake intake) {
        this.config = config;
        this.intake = intake;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "X's challenge-response check (CRC)",
            description = "Answers sha256= base64 HMAC-SHA256 of crc_token with the consumer secret.")
    @APIResponse(responseCode = "200", description = "The response token")
    @APIResponse(responseCode = "400", description = "No crc_token")
    @APIResponse(responseCode = "503", description = "outpost.x.consumer-secret is not configured")
    public CrcResponse crc(@QueryParam("crc_token") String crcToken) {
        String secret = WebhookIntake.secretOrUnavailable(config.consumerSecret(), "outpost.x.consumer-secret");
        if (crcToken == null || crcToken.isEmpty() || crcToken.length() > MAX_CRC_TOKEN) {
            throw ApiException.badRequest("crc_token must have 1 to " + MAX_CRC_TOKEN + " characters");
        }
        return new CrcResponse(WebhookSignatures.xSignature(secret, crcToken.getBytes(StandardCharsets.UTF_8)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "An X Account Activity delivery",
            description = "Signed with x-twitter-webhooks-signature (sha256= base64 HMAC-SHA256 of the raw body with the "
                    + "consumer secret). Tweets and direct messages are ingested once; other events are skipped.")
    @APIResponse(responseCode = "200", description = "Received: counts of accepted, duplicate and skipped items")
    @APIResponse(responseCode = "400", description = "Signed, but not an Account Activity delivery: nothing was ingested")
    @APIResponse(responseCode = "401", description = "No signature: nothing was ingested")
    @APIResponse(responseCode = "403", description = "Wrong signature: nothing was ingested")
    @APIResponse(responseCode = "503", description = "outpost.x.consumer-secret is not configured")
    public Uni<WebhookReceipt> receive(@HeaderParam(SIGNATURE_HEADER) String signature, byte[] body) {
        String secret = WebhookIntake.secretOrUnavailable(config.consumerSecret(), "outpost.x.consumer-secret");
        WebhookIntake.requireSignature(signature, SIGNATURE_HEADER, WebhookSignatures.isValidX(secret, body, signature));
        return intake.ingest(WebhookPlatform.X, body);
    }
}
