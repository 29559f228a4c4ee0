package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * crm-link-service confirmed a link from a social identity to a CRM customer, under a granted
 * {@code identity-link} consent. Topic {@code outpost.identity}, key: the identity id. Ids only:
 * no CRM personal data travels here; a service that needs the customer asks the CRM.
 *
 * @param linkId         the link
 * @param identityId     the social identity in crm-link-service
 * @param channel        the platform of the identity
 * @param platformUserId the platform's id of the account
 * @param customerId     the CRM's id of the customer
 * @param confirmedAt    when the link was confirmed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinkConfirmed(
        UUID linkId,
        UUID identityId,
        Channel channel,
        String platformUserId,
        String customerId,
        Instant confirmedAt) {
}
