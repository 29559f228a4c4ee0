package io.outpost.kit.health;

import io.outpost.kit.config.OutboxConfig;
import io.outpost.kit.messaging.OutboxBacklog;
import io.outpost.kit.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness DOWN while the outbox falls behind: its oldest unpublished event is older than
 * {@code outpost.outbox.ready-max-age}. What the service announces then reaches nobody, so it says
 * so, with the reason, the relay's step and its last warning, in the health body.
 */
@Readiness
@ApplicationScoped
public class OutboxReadiness implements HealthCheck {

    private final OutboxBacklog backlog;
    private final OutboxRelay relay;
    private final OutboxConfig config;

    public OutboxReadiness(OutboxBacklog backlog, OutboxRelay relay, OutboxConfig config) {
        this.backlog = backlog;
        this.relay = relay;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        OutboxBacklog.Reading reading = backlog.last();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox")
                .status(!backlog.behind())
                .withData("unpublished", reading.rows())
                .withData("oldest-seconds", Math.round(reading.oldestSeconds()))
                .withData("limit-seconds", config.readyMaxAge().toSeconds())
                .withData("probed-at", String.valueOf(reading.at()))
                .withData("relay", (relay.leading() ? "leading, " : "standby, ") + relay.step());
        if (backlog.behind()) {
            response.withData("reason", String.format("the oldest unpublished event is %d s old (limit %d s)",
                    Math.round(reading.oldestSeconds()), config.readyMaxAge().toSeconds()));
            List<String> warnings = relay.recentWarnings();
            if (!warnings.isEmpty()) {
                response.withData("relay-last-warning", warnings.get(warnings.size() - 1));
            }
        }
        return response.build();
    }
}
