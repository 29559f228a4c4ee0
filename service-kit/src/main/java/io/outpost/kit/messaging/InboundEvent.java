package io.outpost.kit.messaging;

import java.time.ZonedDateTime;

/**
 * An event read from Kafka: the CloudEvents attributes and the parsed payload.
 *
 * @param id          {@code ce_id}, the idempotency key
 * @param type        {@code ce_type}
 * @param source      {@code ce_source}
 * @param time        {@code ce_time}, when the producer recorded it (may be null)
 * @param key         the record key (the aggregate id)
 * @param payload     the payload
 * @param traceParent the W3C {@code traceparent} the record carried ({@link TraceContext}; the
 *                    consumer span's when the connector traces, else the {@code traceparent}
 *                    header), or null. {@link EventInbox} makes it current while a handler runs;
 *                    a handler given several events at once passes each one's own to the outbox.
 */
public record InboundEvent<T>(String id, String type, String source, ZonedDateTime time, String key, T payload,
        String traceParent) {

    /** An event without trace context. */
    public InboundEvent(String id, String type, String source, ZonedDateTime time, String key, T payload) {
        this(id, type, source, time, key, payload, null);
    }
}
