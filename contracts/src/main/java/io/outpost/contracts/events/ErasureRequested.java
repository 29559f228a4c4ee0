package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An administrator asked to erase a person. Every service removes or anonymises what it holds
 * about these identities (and the CRM customer) and answers with {@link ErasureConfirmed}. Topic
 * {@code outpost.identity}, key: the erasure id.
 *
 * @param erasureId   the request; confirmations refer to it
 * @param customerId  the CRM customer, when the person is one
 * @param identities  the person's social identities
 * @param requestedAt when it was requested
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErasureRequested(
        UUID erasureId,
        String customerId,
        List<Subject> identities,
        Instant requestedAt) {

    /** One social identity of the person. */
    public record Subject(Channel channel, String platformUserId) {
    }
}
