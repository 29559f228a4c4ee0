package io.outpost.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The signature on every forum delivery, and the reference receiver's check of it (README
 * "Forum delivery contract"). The sender puts two headers on each POST:
 *
 * <pre>
 * X-Outpost-Timestamp: 1765094400                       (unix seconds when this attempt was signed)
 * X-Outpost-Signature: sha256=&lt;hex HMAC-SHA256(secret, "&lt;timestamp&gt;.&lt;raw body&gt;")&gt;
 * </pre>
 *
 * The timestamp is inside the signed text, so a captured request cannot be replayed later with a
 * fresh timestamp; the receiver refuses timestamps more than a tolerance (5 minutes) away from its
 * clock, in either direction. This is the scheme Stripe, Slack and (without the timestamp) GitHub
 * use, so integrators know it.
 *
 * <p>The HMAC itself is the one the platforms' webhook checks use ({@link WebhookSignatures}); an
 * integrator's receiver needs only the JDK's {@code Mac} (the ingest-service README shows a complete
 * verifier to copy).
 */
public final class ForumSignatures {

    public static final String TIMESTAMP_HEADER = "X-Outpost-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Outpost-Signature";
    /** How far a timestamp may be from the receiver's clock: long enough for clock drift and a slow network, short against replay. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String PREFIX = "sha256=";

    /** Why a delivery was refused, or {@link #VALID}. */
    public enum Verdict {
        VALID,
        /** A header is missing or not of the documented form. */
        MALFORMED,
        /** The timestamp is further than the tolerance from now: a replay, or a clock far off. */
        OUTSIDE_TOLERANCE,
        /** The signature is not the body's with this secret: tampered, or signed with another secret. */
        MISMATCH
    }

    private ForumSignatures() {
    }

    /** The {@code X-Outpost-Signature} value for a body signed at {@code timestamp} (unix seconds). */
    public static String sign(long timestamp, byte[] body, String secret) {
        return PREFIX + HexFormat.of().formatHex(WebhookSignatures.hmacSha256(secret, signedContent(timestamp, body)));
    }

    /**
     * The receiver's check, in this order: both headers well-formed, the timestamp within
     * {@code tolerance} of {@code now}, then the signature (compared in constant time).
     *
     * @param timestampHeader the {@code X-Outpost-Timestamp} value as received
     * @param body            the raw request body, byte for byte as received (not re-serialized JSON)
     * @param signatureHeader the {@code X-Outpost-Signature} value as received
     * @param secret          the account's signing secret, as given to Outpost
     */
    public static Verdict verify(String timestampHeader, byte[] body, String signatureHeader, String secret, Instant now,
            Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || body == null || secret == null
                || !timestampHeader.matches("[0-9]{1,12}") || !signatureHeader.startsWith(PREFIX)) {
            return Verdict.MALFORMED;
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(signatureHeader.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        long timestamp = Long.parseLong(timestampHeader);
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Verdict.OUTSIDE_TOLERANCE;
        }
        return MessageDigest.isEqual(claimed, WebhookSignatures.hmacSha256(secret, signedContent(timestamp, body))) ? Verdict.VALID : Verdict.MISMATCH;
    }

    /** {@code "<timestamp>.<body>"} as bytes: the body's bytes exactly, never decoded and encoded again. */
    private static byte[] signedContent(long timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }
}
