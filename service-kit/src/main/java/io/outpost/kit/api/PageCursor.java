package io.outpost.kit.api;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque keyset cursor for list endpoints: the sort key (an instant and an id as tie-break)
 * of the last item of a page. Keyset rather than offset, so a page is found by an index seek and
 * items added meanwhile neither repeat nor vanish between pages. Base64url of a versioned text,
 * so clients do not build cursors themselves and the format can change.
 */
public record PageCursor(Instant at, UUID id) {

    private static final String VERSION = "c1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    public PageCursor {
        if (at == null || id == null) {
            throw new IllegalArgumentException("a cursor needs an instant and an id");
        }
    }

    public String encode() {
        String plain = VERSION + ":" + at.getEpochSecond() + ":" + at.getNano() + ":" + id;
        return ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent back; null when none was sent; a 400 when it is not one we issued. */
    public static PageCursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            if (cursor.length() > 200) {
                throw new IllegalArgumentException("too long");
            }
            String[] parts = new String(DECODER.decode(cursor), StandardCharsets.UTF_8).split(":", -1);
            if (parts.length != 4 || !VERSION.equals(parts[0])) {
                throw new IllegalArgumentException("not a cursor");
            }
            int nanos = Integer.parseInt(parts[2]);
            UUID id = UUID.fromString(parts[3]);
            if (nanos < 0 || nanos > 999_999_999 || !id.toString().equals(parts[3])) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new PageCursor(Instant.ofEpochSecond(Long.parseLong(parts[1]), nanos), id);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw ApiException.badRequest("cursor is not valid: pass back the nextCursor of a previous page");
        }
    }

    /** Parses a {@code limit} query parameter: 400 unless it is a whole number in [1, max]. */
    public static int limit(String value, int defaultLimit, int max) {
        if (value == null || value.isBlank()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted range
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + max + ", got '" + value + "'");
    }
}
