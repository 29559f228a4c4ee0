package io.outpost.crmlink.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Checks the audit log's hash chain one entry at a time, in position order, so that a log of
 * any length is verified in pages with only the previous hash and the erasures in progress in
 * memory. Stops at the first broken entry.
 *
 * <p>Per entry, in this order: its position follows the previous one ({@code missing-entries});
 * its previous hash is the previous entry's hash ({@code broken-link}: the previous entry was
 * changed and sealed again, or entries were removed or inserted); its personal part still has the
 * digest it was sealed with ({@code content-changed}); its facts, position and digest still give
 * its hash ({@code entry-changed}). A redacted entry (no salt: an erasure removed the personal
 * part) cannot be checked against its digest; instead, the erasure it names must be recorded
 * after it in the log ({@code redaction-without-erasure}), and an erasure entry that counted its
 * redactions must count exactly the entries redacted in its name ({@code redaction-count-mismatch}).
 * An anchor (a position and hash seen earlier, kept outside the database) must still be there
 * ({@code anchor-mismatch}, {@code truncated}): without one, a log rewritten from some entry on and
 * sealed again, or cut short at its end, verifies.
 */
public final class AuditChainVerifier {

    /** The action of the entry that records an erasure (its subject is the erasure's id). */
    public static final String ERASURE_ACTION = "erasure.requested";
    /** The evidence field of an erasure entry that counts the entries it redacted. */
    public static final String REDACTIONS_EVIDENCE = "auditEntriesRedacted";

    /**
     * One entry as stored.
     *
     * @param evidence        the evidence as the jsonb's text
     * @param salt            null once redacted
     * @param redactedBy      the erasure id of the redaction marker when the personal part is exactly one
     *                        ({@code reason} null, evidence {@code {"redacted": id}}), else null
     * @param redactionsCount for an erasure entry, how many entries the erasure redacted as it recorded
     *                        them (null for erasures recorded before it counted them)
     */
    public record Entry(long position, UUID id, Instant at, String actor, String action, String subject, String reason,
            String evidence, byte[] salt, byte[] contentDigest, byte[] previousHash, byte[] hash, String redactedBy,
            Long redactionsCount) {
    }

    /** What is wrong with an entry. */
    public enum Problem {
        MISSING_ENTRIES("missing-entries"),
        BROKEN_LINK("broken-link"),
        CONTENT_CHANGED("content-changed"),
        ENTRY_CHANGED("entry-changed"),
        REDACTION_WITHOUT_ERASURE("redaction-without-erasure"),
        REDACTION_COUNT_MISMATCH("redaction-count-mismatch"),
        ANCHOR_MISMATCH("anchor-mismatch"),
        TRUNCATED("truncated");

        private final String wireName;

        Problem(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** The first broken entry: its position and id (null when the entry is missing at the end) and what differs. */
    public record Break(long position, UUID id, Problem problem, String detail) {
    }

    /** A position and the hash it had when someone looked, kept outside the database. */
    public record Anchor(long position, byte[] hash) {

        public Anchor {
            if (position < 1) {
                throw new IllegalArgumentException("an anchor's position is 1 or more");
            }
            if (hash.length != 32) {
                throw new IllegalArgumentException("an anchor's hash is 32 bytes (64 hex digits)");
            }
            hash = hash.clone();
        }

        /** {@code <position>:<hash in hex>}, as {@link Result} shows the head; null for a malformed one. */
        public static Anchor parse(String value) {
            int colon = value.indexOf(':');
            if (colon < 1 || value.length() - colon - 1 != 64) {
                return null;
            }
            try {
                return new Anchor(Long.parseLong(value.substring(0, colon)), HexFormat.of().parseHex(value.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** The last entry checked: pass {@code position:hash} as an anchor to a later verification. */
    public record Head(long position, UUID id, Instant at, String hash) {
    }

    /** The outcome: entries checked, the last one (when intact) and the first broken entry, if any. */
    public record Result(long checked, Head head, Break firstBroken) {

        public boolean ok() {
            return firstBroken == null;
        }
    }

    /** Entries redacted in the name of an erasure not reached yet: how many, and the first. */
    private static final class Tally {
        long count;
        final long firstPosition;
        final UUID firstId;

        Tally(long firstPosition, UUID firstId) {
            this.firstPosition = firstPosition;
            this.firstId = firstId;
        }
    }

    private final Anchor anchor;
    private final Map<String, Tally> redactions = new LinkedHashMap<>();
    private final Set<String> erasuresPassed = new HashSet<>();
    private long expectedPosition = 1;
    private byte[] previousHash = AuditChain.GENESIS;
    private Entry last;
    private long checked;
    private Break broken;

    /** @param anchor null, or a position and hash that must still be in the log */
    public AuditChainVerifier(Anchor anchor) {
        this.anchor = anchor;
    }

    /** The next position expected: read the entries from here on. */
    public long nextPosition() {
        return expectedPosition;
    }

    /** Whether an entry was found broken: read no further. */
    public boolean broken() {
        return broken != null;
    }

    /** Checks the next entry (in position order); after a broken one, nothing more is accepted. */
    public void accept(Entry entry) {
        if (broken != null) {
            throw new IllegalStateException("the chain is already broken at position " + broken.position());
        }
        checked++;
        broken = check(entry);
        if (broken == null) {
            last = entry;
            previousHash = entry.hash();
            expectedPosition = entry.position() + 1;
        }
    }

    /** The outcome once every entry was given (or the first broken one was found). */
    public Result finish() {
        if (broken == null && !redactions.isEmpty()) {
            Map.Entry<String, Tally> first = redactions.entrySet().stream()
                    .min((a, b) -> Long.compare(a.getValue().firstPosition, b.getValue().firstPosition)).orElseThrow();
            broken = new Break(first.getValue().firstPosition, first.getValue().firstId, Problem.REDACTION_WITHOUT_ERASURE,
                    "redacted in the name of erasure " + first.getKey() + ", which is not recorded after it in the log");
        }
        if (broken == null && anchor != null && (last == null || last.position() < anchor.position())) {
            long end = last == null ? 0 : last.position();
            broken = new Break(end + 1, null, Problem.TRUNCATED, "the log ends at position " + end
                    + ", before the anchor's position " + anchor.position() + ": entries at its end were removed");
        }
        Head head = broken == null && last != null
                ? new Head(last.position(), last.id(), last.at(), HexFormat.of().formatHex(last.hash())) : null;
        return new Result(checked, head, broken);
    }

    private Break check(Entry e) {
        if (e.position() != expectedPosition) {
            String what = e.position() > expectedPosition
                    ? (e.position() - expectedPosition == 1 ? "the entry at position " + expectedPosition + " is missing"
                            : "the entries at positions " + expectedPosition + " to " + (e.position() - 1) + " are missing")
                    : "it repeats or goes back from position " + (expectedPosition - 1);
            return new Break(e.position(), e.id(), Problem.MISSING_ENTRIES, what + " (expected position " + expectedPosition
                    + ")");
        }
        if (!Arrays.equals(e.previousHash(), previousHash)) {
            return new Break(e.position(), e.id(), Problem.BROKEN_LINK, last == null
                    ? "its previous hash is not the start of the chain: entries before it were removed"
                    : "its previous hash is not the hash of the entry at position " + last.position() + " (" + last.id()
                            + "): that entry was changed and sealed again, or entries between them were removed or inserted");
        }
        if (e.salt() != null) {
            if (!Arrays.equals(AuditChain.contentDigest(e.salt(), e.reason(), e.evidence()), e.contentDigest())) {
                return new Break(e.position(), e.id(), Problem.CONTENT_CHANGED,
                        "its reason or evidence is not what was sealed");
            }
        } else if (e.redactedBy() == null) {
            return new Break(e.position(), e.id(), Problem.CONTENT_CHANGED,
                    "its salt was removed but its reason and evidence are not a redaction marker");
        } else if (erasuresPassed.contains(e.redactedBy())) {
            return new Break(e.position(), e.id(), Problem.REDACTION_WITHOUT_ERASURE, "redacted in the name of erasure "
                    + e.redactedBy() + ", which is recorded before it: an erasure redacts only entries older than itself");
        }
        byte[] hash = AuditChain.entryHash(e.position(), e.id(), e.at(), e.actor(), e.action(), e.subject(), e.contentDigest(),
                e.previousHash());
        if (!Arrays.equals(hash, e.hash())) {
            return new Break(e.position(), e.id(), Problem.ENTRY_CHANGED,
                    "its actor, action, subject, time, id, position or digest is not what was sealed");
        }
        if (e.salt() == null) {
            redactions.computeIfAbsent(e.redactedBy(), k -> new Tally(e.position(), e.id())).count++;
        }
        if (ERASURE_ACTION.equals(e.action())) {
            Tally tally = redactions.remove(e.subject());
            long redacted = tally == null ? 0 : tally.count;
            erasuresPassed.add(e.subject());
            if (e.redactionsCount() != null && e.redactionsCount() != redacted) {
                return new Break(e.position(), e.id(), Problem.REDACTION_COUNT_MISMATCH, "this erasure recorded "
                        + e.redactionsCount() + " redacted entries, but " + redacted + " are redacted in its name before it");
            }
        }
        if (anchor != null && anchor.position() == e.position() && !Arrays.equals(anchor.hash(), e.hash())) {
            return new Break(e.position(), e.id(), Problem.ANCHOR_MISMATCH,
                    "its hash is not the anchor's: the log was rewritten and sealed again up to here");
        }
        return null;
    }

    @Override
    public String toString() {
        return "AuditChainVerifier[next=" + expectedPosition + ", checked=" + checked + ", broken=" + Objects.toString(broken)
                + "]";
    }
}
