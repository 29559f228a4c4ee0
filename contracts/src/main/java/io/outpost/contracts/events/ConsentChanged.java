package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * A person's consent for one purpose changed. survey-service stops asking people whose
 * {@code surveys} consent is denied, revoked or expired. Topic {@code outpost.identity}, key: the
 * identity id. Ids only, no CRM personal data.
 *
 * @param consentId      the consent record in crm-link-service
 * @param identityId     the social identity the consent was given by
 * @param channel        the platform of the identity
 * @param platformUserId the platform's id of the account
 * @param purpose        identity-link, personalization or surveys
 * @param status         granted, denied, revoked or expired
 * @param expiresAt      when a granted consent lapses
 * @param changedAt      when it changed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentChanged(
        UUID consentId,
        UUID identityId,
        Channel channel,
        String platformUserId,
        String purpose,
        String status,
        Instant expiresAt,
        Instant changedAt) {
}
