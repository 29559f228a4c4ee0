package io.outpost.crmlink.domain;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * The audit log's hash chain: what an entry's seal is computed from. The database seals each
 * entry as it is inserted (trigger {@code audit_entry_chain}, migration V9); this is the same
 * encoding, byte for byte, so that the service can recompute every seal and find what changed.
 *
 * <pre>
 *   field(t)       = int4(-1) for null, else int4(UTF-8 length) || UTF-8 bytes
 *   content digest = SHA-256(salt || field(reason) || field(evidence, the jsonb text))
 *   entry hash     = SHA-256(int8(position) || uuid(id) || int8(at, epoch microseconds)
 *                            || field(actor) || field(action) || field(subject)
 *                            || content digest || previous entry's hash)
 * </pre>
 *
 * Integers are big-endian; a UUID is its 16 bytes, most significant first. The first entry's
 * previous hash is 32 zero bytes ({@link #GENESIS}). The content digest is kept on the entry, so
 * an erasure can redact the personal part (and drop the salt) without breaking the chain.
 */
public final class AuditChain {

    /** The previous hash of the first entry. */
    public static final byte[] GENESIS = new byte[32];

    private AuditChain() {
    }

    /** The digest of an entry's personal part, as sealed: {@code evidence} is the jsonb's text. */
    public static byte[] contentDigest(byte[] salt, String reason, String evidence) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(salt);
        field(out, reason);
        field(out, evidence);
        return sha256(out.toByteArray());
    }

    /** The hash that seals an entry at its position after {@code previousHash}. */
    public static byte[] entryHash(long position, UUID id, Instant at, String actor, String action, String subject,
            byte[] contentDigest, byte[] previousHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(32).putLong(position).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).putLong(epochMicros(at)).array());
        field(out, actor);
        field(out, action);
        field(out, subject);
        out.writeBytes(contentDigest);
        out.writeBytes(previousHash);
        return sha256(out.toByteArray());
    }

    /** Microseconds since the epoch: PostgreSQL's precision, so an instant read back from the entry is exact. */
    static long epochMicros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
