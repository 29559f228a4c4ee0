package io.outpost.survey.domain;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic sampling: a case is drawn when {@code u(seed, caseId) < rate}, where {@code u} is
 * the first 53 bits of SHA-256(seed as 8 bytes big-endian, case id's 16 bytes) read as a number in
 * [0, 1). The same case under the same seed always gets the same answer (re-delivery of
 * {@code case.resolved} or a restart cannot change it), the share drawn converges to the rate, and
 * raising the rate only adds cases (a case drawn at 0.2 is drawn at 0.3). SHA-256 is used for its
 * uniformity, not for secrecy: whoever knows the seed can tell which cases will be drawn.
 */
public final class Sampling {

    private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

    private Sampling() {
    }

    /** The case's position in [0, 1) under {@code seed}. */
    public static double unit(long seed, UUID caseId) {
        ByteBuffer input = ByteBuffer.allocate(24)
                .putLong(seed).putLong(caseId.getMostSignificantBits()).putLong(caseId.getLeastSignificantBits());
        byte[] digest = sha256().digest(input.array());
        long first = ByteBuffer.wrap(digest, 0, 8).getLong();
        return (first >>> 11) * TWO_TO_MINUS_53;
    }

    /** Whether the case is drawn at {@code rate} (0.0 draws none, 1.0 draws all). */
    public static boolean sampled(long seed, UUID caseId, double rate) {
        return unit(seed, caseId) < rate;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
