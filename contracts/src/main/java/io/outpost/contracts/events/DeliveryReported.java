package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * The outcome of delivering an {@link OutboundRequested}. Topic {@code outpost.delivery}, key:
 * the same key as the request.
 *
 * @param messageId         the request's message id
 * @param caseId            the case, if any
 * @param channel           the platform
 * @param status            delivered or failed
 * @param platformMessageId the platform's id for the sent message (delivered only)
 * @param failureReason     why it failed (failed only)
 * @param reportedAt        when the outcome was known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryReported(
        UUID messageId,
        UUID caseId,
        Channel channel,
        Status status,
        String platformMessageId,
        String failureReason,
        Instant reportedAt) {

    public enum Status {
        DELIVERED, FAILED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Status fromWire(String value) {
            return Status.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
