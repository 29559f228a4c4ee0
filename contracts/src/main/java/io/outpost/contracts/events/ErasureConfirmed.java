package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * A service finished an {@link ErasureRequested}. Topic {@code outpost.identity}, key: the erasure
 * id; crm-link-service collects them into the request's status.
 *
 * @param erasureId       the request
 * @param service         the service that confirms (its application name)
 * @param recordsAffected how many of its records it removed or anonymised
 * @param confirmedAt     when it finished
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErasureConfirmed(
        UUID erasureId,
        String service,
        int recordsAffected,
        Instant confirmedAt) {
}
