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

    public static final List<String> ALL = List.of(POSTS, CASES, ASSIGNMENTS, OUTBOUND, DELIVERY, IDENTITY, SURVEYS);

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + ".dlq";
    }
}
