package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A confirmed link from a social identity to a CRM customer no longer exists: every service
 * drops what it holds because of the link (for example the CRM data case-service copied).
 * Topic {@code outpost.identity}, key: the identity id. Ids only, no CRM personal data.
 *
 * @param linkId         the link
 * @param identityId     the social identity in crm-link-service
 * @param channel        the platform of the identity
 * @param platformUserId the platform's id of the account
 * @param customerId     the CRM's id of the customer
 * @param reason         why: the consent was revoked, it expired, or an admin removed the link
 * @param removedAt      when the link was removed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinkRemoved(
        UUID linkId,
        UUID identityId,
        Channel channel,
        String platformUserId,
        String customerId,
        Reason reason,
        Instant removedAt) {

    public enum Reason {
        CONSENT_REVOKED, CONSENT_EXPIRED, ADMIN_REMOVED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static Reason fromWire(String value) {
            return Reason.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }
}
