package io.outpost.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platforms' webhook signatures: HMAC-SHA256 of the raw request body with a shared secret,
 * hex-encoded by Meta ({@code X-Hub-Signature-256}), base64-encoded by X
 * ({@code x-twitter-webhooks-signature}), both prefixed {@code sha256=}. Comparisons are constant
 * time, so a forger learns nothing from how long a rejection takes.
 */
public final class WebhookSignatures {

    static final String PREFIX = "sha256=";
    private static final String HMAC_SHA256 = "HmacSHA256";

    private WebhookSignatures() {
    }

    public static byte[] hmacSha256(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC_SHA256));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            // Every Java runtime has HmacSHA256: this is a broken runtime, not bad input.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Meta's header value for a body: {@code sha256=} and the lower-case hex HMAC. */
    public static String metaSignature(String appSecret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmacSha256(appSecret, body));
    }

    /** X's header value for a body, and its CRC {@code response_token} for a {@code crc_token}. */
    public static String xSignature(String consumerSecret, byte[] body) {
        return PREFIX + Base64.getEncoder().encodeToString(hmacSha256(consumerSecret, body));
    }

    /** Whether {@code header} is Meta's signature of {@code body}; false for a missing or malformed header. */
    public static boolean isValidMeta(String appSecret, byte[] body, String header) {
        byte[] claimed = decode(header, true);
        return claimed != null && MessageDigest.isEqual(claimed, hmacSha256(appSecret, body));
    }

    /** Whether {@code header} is X's signature of {@code body}; false for a missing or malformed header. */
    public static boolean isValidX(String consumerSecret, byte[] body, String header) {
        byte[] claimed = decode(header, false);
        return claimed != null && MessageDigest.isEqual(claimed, hmacSha256(consumerSecret, body));
    }

    /** Compares two secrets (e.g. Meta's verify token) in constant time; false when either is missing. */
    public static boolean sameSecret(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] decode(String header, boolean hex) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String digest = value.substring(PREFIX.length());
        try {
            return hex ? HexFormat.of().parseHex(digest) : Base64.getDecoder().decode(digest);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
