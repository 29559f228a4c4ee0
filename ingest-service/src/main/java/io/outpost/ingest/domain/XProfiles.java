package io.outpost.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.contracts.events.PostIngested;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * The author's profile from X's user object: a tweet's {@code user} (v1.1: {@code created_at} in X's
 * time format) or an entry of a direct-message delivery's {@code users} map ({@code created_timestamp},
 * epoch milliseconds as a string). Unlike the post's own fields, nothing here can refuse a delivery:
 * a profile field that is missing, blank, of the wrong type, unparseable or over the contract's limit
 * is left out, and a profile with nothing left is no profile. It is the author's own unverified
 * words; a post must never be lost over its author's bio.
 */
public final class XProfiles {

    /** The contract's limits (io.outpost.post.ingested.v1.json, author.profile). */
    static final int MAX_LOCATION = 512;
    static final int MAX_DESCRIPTION = 2048;
    static final int MAX_URL = 2048;
    /** X was founded in 2006; the schema's date-time cannot hold years past 9999. Outside: not a creation time. */
    private static final Instant EARLIEST_ACCOUNT = Instant.parse("2006-01-01T00:00:00Z");
    private static final Instant LATEST_ACCOUNT = Instant.parse("9999-12-31T23:59:59Z");

    private XProfiles() {
    }

    /** The profile in X's user object, or null when it tells nothing usable. */
    public static PostIngested.Profile of(JsonNode user) {
        if (user == null || !user.isObject()) {
            return null;
        }
        String location = text(user.get("location"), MAX_LOCATION);
        String description = text(user.get("description"), MAX_DESCRIPTION);
        String url = url(user);
        Instant createdAt = accountCreatedAt(user);
        Integer followers = count(user.get("followers_count"));
        JsonNode verifiedNode = user.get("verified");
        Boolean verified = verifiedNode != null && verifiedNode.isBoolean() ? verifiedNode.booleanValue() : null;
        if (location == null && description == null && url == null && createdAt == null && followers == null
                && verified == null) {
            return null;
        }
        return new PostIngested.Profile(location, description, url, createdAt, followers, verified);
    }

    /**
     * The profile link: X wraps it in a t.co link ({@code url}) and gives the link the author typed in
     * {@code entities.url.urls[0].expanded_url}; the latter says more (crm-link compares it), so it wins
     * when present and usable.
     */
    private static String url(JsonNode user) {
        String expanded = text(user.path("entities").path("url").path("urls").path(0).get("expanded_url"), MAX_URL);
        return expanded != null ? expanded : text(user.get("url"), MAX_URL);
    }

    private static Instant accountCreatedAt(JsonNode user) {
        Instant at = null;
        JsonNode created = user.get("created_at");
        if (created != null && created.isTextual()) {
            try {
                at = ZonedDateTime.parse(created.asText().strip(), XWebhook.CREATED_AT).toInstant();
            } catch (DateTimeParseException e) {
                at = null;
            }
        }
        JsonNode millis = user.get("created_timestamp");
        if (at == null && millis != null && (millis.isTextual() || millis.isIntegralNumber())) {
            try {
                at = Instant.ofEpochMilli(Long.parseLong(millis.asText().strip()));
            } catch (NumberFormatException e) {
                at = null;
            }
        }
        return at == null || at.isBefore(EARLIEST_ACCOUNT) || at.isAfter(LATEST_ACCOUNT) ? null : at;
    }

    private static Integer count(JsonNode node) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
            return null;
        }
        return node.intValue();
    }

    /** A usable string: trimmed, not blank, within the limit and storable (no NUL, which PostgreSQL refuses). */
    private static String text(JsonNode node, int max) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String value = node.asText().strip();
        if (value.isEmpty() || value.length() > max || value.indexOf('\u0000') >= 0) {
            return null;
        }
        return value;
    }
}
