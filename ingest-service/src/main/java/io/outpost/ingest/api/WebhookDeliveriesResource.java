package io.outpost.ingest.api;

import io.outpost.ingest.store.WebhookDeliveryStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * What a webhook delivery led to, by the {@code deliveryId} its answer carried: the webhook
 * answers once the delivery is queued, and this shows it once it was ingested (posts new to
 * Outpost, duplicates of posts seen before, skipped events, changes applied).
 */
@Path("/api/v1/webhook-deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.INTEGRATION })
public class WebhookDeliveriesResource {

    private final WebhookDeliveryStore deliveries;

    public WebhookDeliveriesResource(WebhookDeliveryStore deliveries) {
        this.deliveries = deliveries;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A webhook delivery's outcome", description = "Roles: admin, integration. Counts of what the "
            + "delivery led to once it was ingested (normally within moments of the webhook's answer): accepted (new "
            + "posts), duplicates (seen before), skipped (events not ingested), changed and unchanged (deletes and edits).")
    @APIResponse(responseCode = "200", description = "The delivery was ingested; what it led to")
    @APIResponse(responseCode = "404", description = "No ingested delivery with this id: unknown, still queued, or past the "
            + "raw-payload retention (problem details)")
    public Uni<WebhookDeliveryStore.Outcome> get(@PathParam("id") String id) {
        UUID deliveryId;
        try {
            deliveryId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no webhook delivery " + id + ": delivery ids are UUIDs");
        }
        return deliveries.find(deliveryId).map(found -> found.orElseThrow(() -> ApiException.notFound(
                "no ingested webhook delivery " + deliveryId + " (unknown, still queued, or past the retention)")));
    }
}
