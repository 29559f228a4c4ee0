package io.outpost.kit.messaging;

import java.time.ZonedDateTime;

/**
 * An event read from Kafka: the CloudEvents attributes and the parsed payload.
 *
 * @param id      {@code ce_id}, the idempotency key
 * @param type    {@code ce_type}
 * @param source  {@code ce_source}
 * @param time    {@code ce_time}, when the producer recorded it (may be null)
 * @param key     the record key (the aggregate id)
 * @param payload the payload
 */
public record InboundEvent<T>(String id, String type, String source, ZonedDateTime time, String key, T payload) {
}
