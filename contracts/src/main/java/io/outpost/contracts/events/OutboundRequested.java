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
 * @param lane                how urgently it competes for the sending account's rate limit: absent
 *                            (or {@link Lane#ORDINARY}) for a conversation's own messages, {@link Lane#BULK}
 *                            for one of many sends made at once (an incident's reply to every attached
 *                            case), which only uses what ordinary sends leave of the limit. An addition
 *                            within v1: absent in every earlier event.
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
        Instant requestedAt,
        Lane lane) {

    /** An ordinary-lane request (the lane absent), as every v1 event before the lane existed. */
    public OutboundRequested(UUID messageId, Kind kind, UUID caseId, Channel channel, String accountId,
            String recipientPlatformId, String inReplyToExternalId, String text, Instant requestedAt) {
        this(messageId, kind, caseId, channel, accountId, recipientPlatformId, inReplyToExternalId, text, requestedAt, null);
    }

    /** The same request in the bulk lane. */
    public OutboundRequested inBulkLane() {
        return new OutboundRequested(messageId, kind, caseId, channel, accountId, recipientPlatformId, inReplyToExternalId,
                text, requestedAt, Lane.BULK);
    }

    /** The lane to send in: {@link Lane#ORDINARY} when absent. */
    public Lane laneOrOrdinary() {
        return lane == null ? Lane.ORDINARY : lane;
    }

    /**
     * Which share of the sending account's rate limit a message may use. Ordinary sends go first;
     * bulk sends take only tokens no ordinary send needs, so an incident's thousand replies never
     * queue a conversation's next reply behind them.
     */
    public enum Lane {
        ORDINARY, BULK;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Lane fromWire(String value) {
            for (Lane l : values()) {
                if (l.wireName().equals(value)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("unknown outbound lane '" + value + "'");
        }
    }

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
