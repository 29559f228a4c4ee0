package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A message for ingest-service to deliver to a platform. Topic {@code outpost.outbound}, key:
 * the case id (or the recipient for messages outside a case). ingest-service delivers each
 * {@link #messageId()} at most once.
 *
 * @param messageId           idempotency key of the delivery
 * @param kind                what the message is
 * @param caseId              the case it belongs to, if any
 * @param channel             where to send it
 * @param accountId           our channel account to send from, when not the channel's default
 * @param recipientPlatformId the customer's platform user id (absent for a {@code public-post})
 * @param inReplyToExternalId the platform post to answer (public replies)
 * @param text                the text to send, signature included
 * @param requestedAt         when it was requested
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutboundRequested(
        UUID messageId,
        Kind kind,
        UUID caseId,
        Channel channel,
        String accountId,
        String recipientPlatformId,
        String inReplyToExternalId,
        String text,
        Instant requestedAt) {

    public enum Kind {
        PUBLIC_REPLY, PRIVATE_MESSAGE, SURVEY_INVITATION, CONSENT_REQUEST,
        /** A post of the brand's own, to everyone (an incident's proactive or closing post): no recipient. */
        PUBLIC_POST;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static Kind fromWire(String value) {
            for (Kind k : values()) {
                if (k.wireName().equals(value)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown outbound kind '" + value + "'");
        }
    }
}
