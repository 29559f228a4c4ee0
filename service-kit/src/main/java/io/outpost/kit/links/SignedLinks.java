package io.outpost.kit.links;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens for customer-facing links (survey answers, consent pages): a customer opens them
 * without logging in, so the link itself must prove that Outpost issued it, for which purpose
 * and subject, and until when.
 *
 * <p>A token is {@code base64url(v1.purpose.subject.expiresEpochSecond)} + {@code "."} +
 * {@code base64url(HMAC-SHA256(key, that payload))}. The signature covers the purpose, so a
 * survey token cannot open a consent page. Verification compares MACs in constant time and
 * accepts the current key and any previous keys (rotation without breaking links already
 * sent). Single use is not a property of the token: the service marks the subject (the survey,
 * the consent request) used in its own database, in the same transaction as the answer.
 */
public final class SignedLinks {

    /** What a presented token turned out to be. */
    public enum Status {
        /** Issued by us for this purpose and not expired. */
        VALID,
        /** Malformed, signed with an unknown key, or issued for another purpose. */
        TAMPERED,
        /** Genuine but past its expiry. */
        EXPIRED
    }

    /** The outcome of {@link #verify}; {@code subject} and {@code expiresAt} are set unless TAMPERED. */
    public record Verification(Status status, String subject, Instant expiresAt) {
        public boolean valid() {
            return status == Status.VALID;
        }
    }

    private static final String VERSION = "v1";
    private static final Pattern TOKEN_PART = Pattern.compile("[A-Za-z0-9_-]{1,2048}");
    private static final Pattern SAFE_FIELD = Pattern.compile("[A-Za-z0-9:_-]{1,200}");
    private static final int MIN_KEY_BYTES = 32;

    private final byte[] signingKey;
    private final List<byte[]> acceptedKeys;
    private final Clock clock;

    /**
     * @param signingKey   the current key (at least 32 bytes)
     * @param previousKeys keys still accepted for links issued before a rotation
     * @param clock        the time source for expiry checks
     */
    public SignedLinks(byte[] signingKey, List<byte[]> previousKeys, Clock clock) {
        requireKey(signingKey);
        previousKeys.forEach(SignedLinks::requireKey);
        this.signingKey = signingKey.clone();
        this.acceptedKeys = java.util.stream.Stream.concat(java.util.stream.Stream.of(signingKey), previousKeys.stream())
                .map(byte[]::clone).toList();
        this.clock = Objects.requireNonNull(clock);
    }

    /** A signer from a UTF-8 secret string of at least 32 bytes, with no previous keys. */
    public static SignedLinks fromSecret(String secret, Clock clock) {
        return new SignedLinks(secret.getBytes(StandardCharsets.UTF_8), List.of(), clock);
    }

    /**
     * @param purpose   what the link opens (e.g. {@code survey}, {@code consent}); letters, digits, {@code :_-}
     * @param subject   the id of what it opens (e.g. the survey id); same characters
     * @param expiresAt when the link stops working
     */
    public String issue(String purpose, String subject, Instant expiresAt) {
        requireSafe(purpose, "purpose");
        requireSafe(subject, "subject");
        String payload = VERSION + "." + purpose + "." + subject + "." + expiresAt.getEpochSecond();
        String encoded = base64(payload.getBytes(StandardCharsets.US_ASCII));
        return encoded + "." + base64(mac(signingKey, encoded));
    }

    /** Checks a token presented for {@code purpose}; never throws on bad input. */
    public Verification verify(String purpose, String token) {
        if (token == null) {
            return tampered();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return tampered();
        }
        String encoded = token.substring(0, dot);
        String signature = token.substring(dot + 1);
        if (!TOKEN_PART.matcher(encoded).matches() || !TOKEN_PART.matcher(signature).matches()) {
            return tampered();
        }
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return tampered();
        }
        boolean signedByUs = false;
        for (byte[] key : acceptedKeys) {
            // Every key is tried (no early exit) so timing does not tell which key matched.
            signedByUs |= MessageDigest.isEqual(mac(key, encoded), presented);
        }
        if (!signedByUs) {
            return tampered();
        }
        String[] fields = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.US_ASCII).split("\\.", -1);
        if (fields.length != 4 || !VERSION.equals(fields[0]) || !fields[1].equals(purpose)) {
            return tampered();
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(fields[3]));
        } catch (RuntimeException e) {
            return tampered();
        }
        Status status = clock.instant().isBefore(expiresAt) ? Status.VALID : Status.EXPIRED;
        return new Verification(status, fields[2], expiresAt);
    }

    private static Verification tampered() {
        return new Verification(Status.TAMPERED, null, null);
    }

    private static byte[] mac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void requireKey(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a link signing key needs at least " + MIN_KEY_BYTES + " bytes");
        }
    }

    private static void requireSafe(String value, String what) {
        if (value == null || !SAFE_FIELD.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-200 of [A-Za-z0-9:_-]");
        }
    }
}
