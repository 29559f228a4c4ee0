package io.outpost.crmlink.api;

import io.outpost.crmlink.store.DeliveryOutcomeStore;
import io.outpost.kit.api.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Whether outbound messages reach each channel: before an admin asks customers for consent by
 * direct message, they can see that the channel delivers. Counts only, nothing personal.
 */
@Path("/api/v1/delivery-outcomes")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryOutcomesResource {

    /**
     * @param failureRate failed / (delivered + failed)
     * @param lastReportedAt the latest outcome's time
     */
    public record ChannelOutcomes(String channel, long delivered, long failed, double failureRate, Instant lastReportedAt) {
    }

    private final DeliveryOutcomeStore outcomes;

    public DeliveryOutcomesResource(DeliveryOutcomeStore outcomes) {
        this.outcomes = outcomes;
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Delivery outcomes per channel", description = "Roles: supervisor, admin. Every channel that reported at least one outcome.")
    @APIResponse(responseCode = "200", description = "One entry per channel")
    public Uni<List<ChannelOutcomes>> list() {
        return outcomes.all().map(rows -> rows.stream()
                .map(o -> new ChannelOutcomes(o.channel, o.delivered, o.failed,
                        (double) o.failed / Math.max(1, o.delivered + o.failed), o.lastReportedAt))
                .toList());
    }
}
