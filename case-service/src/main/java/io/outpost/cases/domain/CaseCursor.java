package io.outpost.cases.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A position in the case list (newest first, id as tie-break): the sort key of the last case of a
 * page. Keyset pagination stays correct while cases are added, unlike offsets. Encoded as opaque
 * base64url so that clients do not build cursors themselves and the format can change.
 */
public record CaseCursor(Instant openedAt, UUID id) {

    private static final String VERSION = "c1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    public CaseCursor {
        if (openedAt == null || id == null) {
            throw new IllegalArgumentException("a cursor needs openedAt and id");
        }
    }

    public String encode() {
        String plain = VERSION + ":" + openedAt.getEpochSecond() + ":" + openedAt.getNano() + ":" + id;
        return ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the text is not a cursor this version wrote */
    public static CaseCursor decode(String text) {
        if (text == null || text.isEmpty() || text.length() > 200) {
            throw new IllegalArgumentException("not a cursor");
        }
        try {
            String plain = new String(DECODER.decode(text), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", -1);
            if (parts.length != 4 || !VERSION.equals(parts[0])) {
                throw new IllegalArgumentException("not a cursor");
            }
            long seconds = Long.parseLong(parts[1]);
            int nanos = Integer.parseInt(parts[2]);
            if (nanos < 0 || nanos > 999_999_999) {
                throw new IllegalArgumentException("not a cursor");
            }
            UUID id = UUID.fromString(parts[3]);
            if (!id.toString().equals(parts[3])) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new CaseCursor(Instant.ofEpochSecond(seconds, nanos), id);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // NumberFormatException and base64 errors are IllegalArgumentExceptions too.
            throw new IllegalArgumentException("not a cursor", e);
        }
    }
}
