package io.outpost.contracts;

import java.util.List;

/**
 * Kafka topic names. Each topic has a dead-letter twin ({@link #dlq(String)}) for records a
 * consumer cannot process; the flow continues past them.
 */
public final class Topics {

    public static final String POSTS = "outpost.posts";
    public static final String CASES = "outpost.cases";
    public static final String ASSIGNMENTS = "outpost.assignments";
    public static final String OUTBOUND = "outpost.outbound";
    public static final String DELIVERY = "outpost.delivery";
    public static final String IDENTITY = "outpost.identity";
    public static final String SURVEYS = "outpost.surveys";
    /**
     * ingest-service's own intake buffer, not an event stream: each record is one platform webhook
     * delivery exactly as it was signed (value: the raw body; key: the platform and the subscribed
     * account; headers {@code outpost-delivery-id}, {@code outpost-platform}, {@code outpost-received-at}),
     * written once its signature was checked and it was understood, and read back by ingest-service
     * alone. Listed here so that every environment creates it with its dead-letter twin.
     */
    public static final String WEBHOOKS = "outpost.webhooks";

    public static final List<String> ALL = List.of(POSTS, CASES, ASSIGNMENTS, OUTBOUND, DELIVERY, IDENTITY, SURVEYS, WEBHOOKS);

    /**
     * Console instances tell each other who has which case open or is replying to it
     * ({@code console.case-presence}): heartbeats with a short life, read from the latest offset by every
     * instance. No service reads it, so it is not in {@link #ALL} (the services' fault tests walk that list);
     * every environment creates it beside them, with short retention.
     */
    public static final String CONSOLE_PRESENCE = "outpost.console-presence";

    /** The topics console instances use among themselves (created with, but not in, {@link #ALL}). */
    public static final List<String> CONSOLE = List.of(CONSOLE_PRESENCE);

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + ".dlq";
    }
}
