package io.outpost.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Reading the fields of a webhook payload: a required field that is missing or of the wrong type
 * makes the delivery malformed (named by its JSON path); limits are those of the post.ingested
 * contract, so a normalized post always fits it.
 */
final class WebhookFields {

    static final int MAX_ID = 256;
    static final int MAX_HANDLE = 256;
    static final int MAX_DISPLAY_NAME = 512;
    static final int MAX_TEXT = 65_536;
    /** Seconds or milliseconds since the epoch? Below this it is seconds (this many ms is 1973). */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private WebhookFields() {
    }

    static JsonNode object(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new MalformedWebhookException(path + "." + field + " must be an object");
        }
        return node;
    }

    /** The array at {@code field}, or an empty array when absent; malformed when it is something else. */
    static JsonNode arrayOrEmpty(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            throw new MalformedWebhookException(path + "." + field + " must be an array");
        }
        return node;
    }

    /** A non-blank id given as a string (or, as platforms sometimes do, a number). */
    static String id(JsonNode parent, String field, String path) {
        String value = optionalId(parent, field, path);
        if (value == null) {
            throw new MalformedWebhookException(path + "." + field + " is required");
        }
        return value;
    }

    static String optionalId(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw new MalformedWebhookException(path + "." + field + " must be a string");
        }
        String value = node.asText().strip();
        if (value.isEmpty()) {
            return null;
        }
        return limited(value, MAX_ID, path + "." + field);
    }

    static String optionalText(JsonNode parent, String field, int max, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new MalformedWebhookException(path + "." + field + " must be a string");
        }
        return limited(node.asText(), max, path + "." + field);
    }

    static boolean flag(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new MalformedWebhookException(path + "." + field + " must be true or false");
        }
        return node.asBoolean();
    }

    /** Epoch seconds as a number or numeric string; null when absent. */
    static Instant epochSeconds(JsonNode parent, String field, String path) {
        Long value = epochNumber(parent, field, path);
        return value == null ? null : Instant.ofEpochSecond(value);
    }

    /** Epoch milliseconds as a number or numeric string; null when absent. */
    static Instant epochMillis(JsonNode parent, String field, String path) {
        Long value = epochNumber(parent, field, path);
        return value == null ? null : Instant.ofEpochMilli(value);
    }

    /** A field documented sometimes in seconds, sometimes in milliseconds (Meta's {@code entry.time}). */
    static Instant epochSecondsOrMillis(JsonNode parent, String field, String path) {
        Long value = epochNumber(parent, field, path);
        if (value == null) {
            return null;
        }
        return value < MILLIS_THRESHOLD ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    }

    private static Long epochNumber(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            long value = node.isIntegralNumber() && node.canConvertToLong() ? node.asLong()
                    : node.isTextual() ? Long.parseLong(node.asText().strip()) : -1;
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new MalformedWebhookException(path + "." + field + " must be a non-negative whole number");
        }
    }

    static String limited(String value, int max, String path) {
        if (value.length() > max) {
            throw new MalformedWebhookException(path + " is longer than " + max + " characters");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw new MalformedWebhookException(path + " contains a NUL character (U+0000), which cannot be stored");
        }
        return value;
    }

    /** One thread per pair of participants, whoever writes: the two ids in a fixed order. */
    static String pairThread(String a, String b, String path) {
        return limited(a.compareTo(b) <= 0 ? a + "-" + b : b + "-" + a, MAX_ID, path + " (the thread of its two participants)");
    }
}
