package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.crmlink.domain.AuditChainVerifier.Anchor;
import io.outpost.crmlink.domain.AuditChainVerifier.Entry;
import io.outpost.crmlink.domain.AuditChainVerifier.Problem;
import io.outpost.crmlink.domain.AuditChainVerifier.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    static final HexFormat HEX = HexFormat.of();

    /** Values computed by PostgreSQL 18 with migration V9's functions: the two implementations agree byte for byte. */
    @Test
    void theJavaEncodingIsTheDatabaseTriggers() {
        assertThat(HEX.formatHex(AuditChain.contentDigest(HEX.parseHex("000102030405060708090a0b0c0d0e0f"),
                "Grüße \"x\"", "{\"a\": \"é\\n\", \"b\": [1, 2.50]}")))
                .isEqualTo("aaf753c8ab5a4934ed13ec7d0732ca58e26e422f2c72980c1858d366add73848");
        assertThat(HEX.formatHex(AuditChain.contentDigest(new byte[1], null, "{}")))
                .isEqualTo("07efe04e1d472f0f1e44f1413f88e249e4fdd7da84c67ea9e959bd78b4f8fbcb");
        assertThat(HEX.formatHex(AuditChain.entryHash(42, UUID.fromString("0b7a6c2e-3f4d-4e5a-9b8c-7d6e5f4a3b2c"),
                Instant.parse("2026-11-22T08:15:30.123456Z"), "admin-jo", "consent.granted", "subj",
                HEX.parseHex("ab".repeat(32)), AuditChain.GENESIS)))
                .isEqualTo("003ccff390bf6a37fb6c7b8c976db7389bf0ce4e21120e8409c73ca4aef5ab03");
    }

    @Test
    void nullAndEmptyAreDifferentAndFieldsCannotRunIntoEachOther() {
        byte[] salt = new byte[16];
        assertThat(AuditChain.contentDigest(salt, null, "{}")).isNotEqualTo(AuditChain.contentDigest(salt, "", "{}"));
        Instant at = Instant.parse("2026-11-22T08:00:00Z");
        UUID id = UUID.randomUUID();
        byte[] digest = new byte[32];
        assertThat(AuditChain.entryHash(1, id, at, "ab", "c", "s", digest, AuditChain.GENESIS))
                .isNotEqualTo(AuditChain.entryHash(1, id, at, "a", "bc", "s", digest, AuditChain.GENESIS));
    }

    /** Builds a sealed chain as the database trigger does. */
    static final class Chain {
        final List<Entry> entries = new ArrayList<>();

        Chain add(String action, String subject, String reason, String evidence) {
            long position = entries.size() + 1;
            byte[] previous = entries.isEmpty() ? AuditChain.GENESIS : entries.get(entries.size() - 1).hash();
            byte[] salt = UUID.randomUUID().toString().getBytes();
            byte[] digest = AuditChain.contentDigest(salt, reason, evidence);
            UUID id = UUID.randomUUID();
            Instant at = Instant.parse("2026-11-22T08:00:00Z").plusSeconds(position);
            Long count = null;
            if (AuditChainVerifier.ERASURE_ACTION.equals(action)) {
                count = entries.stream().filter(e -> subject.equals(e.redactedBy())).count();
            }
            entries.add(new Entry(position, id, at, "admin", action, subject, reason, evidence, salt, digest, previous,
                    AuditChain.entryHash(position, id, at, "admin", action, subject, digest, previous), null, count));
            return this;
        }

        /** An erasure's redaction: the personal part replaced, the salt dropped, the seal kept. */
        Chain redact(int position, String erasureId) {
            Entry e = entries.get(position - 1);
            entries.set(position - 1, new Entry(e.position(), e.id(), e.at(), e.actor(), e.action(), e.subject(), null,
                    "{\"redacted\": \"" + erasureId + "\"}", null, e.contentDigest(), e.previousHash(), e.hash(), erasureId,
                    e.redactionsCount()));
            return this;
        }

        Chain change(int position, UnaryOperator<Entry> change) {
            entries.set(position - 1, change.apply(entries.get(position - 1)));
            return this;
        }

        Result verify(Anchor anchor) {
            AuditChainVerifier verifier = new AuditChainVerifier(anchor);
            for (Entry e : entries) {
                if (verifier.broken()) {
                    break;
                }
                verifier.accept(e);
            }
            return verifier.finish();
        }

        Result verify() {
            return verify(null);
        }
    }

    static Chain chain(int n) {
        Chain chain = new Chain();
        for (int i = 0; i < n; i++) {
            chain.add("consent.granted", "s" + i, "reason " + i, "{\"n\": " + i + "}");
        }
        return chain;
    }

    static Entry withReason(Entry e, String reason) {
        return new Entry(e.position(), e.id(), e.at(), e.actor(), e.action(), e.subject(), reason, e.evidence(), e.salt(),
                e.contentDigest(), e.previousHash(), e.hash(), e.redactedBy(), e.redactionsCount());
    }

    /** What someone who knows the encoding does after changing an entry: seals it again. */
    static Entry resealed(Entry e) {
        byte[] digest = AuditChain.contentDigest(e.salt(), e.reason(), e.evidence());
        return new Entry(e.position(), e.id(), e.at(), e.actor(), e.action(), e.subject(), e.reason(), e.evidence(), e.salt(),
                digest, e.previousHash(), AuditChain.entryHash(e.position(), e.id(), e.at(), e.actor(), e.action(),
                        e.subject(), digest, e.previousHash()), e.redactedBy(), e.redactionsCount());
    }

    @Test
    void anIntactChainVerifiesAndShowsItsHead() {
        Chain chain = chain(5);
        Result result = chain.verify();
        assertThat(result.ok()).isTrue();
        assertThat(result.checked()).isEqualTo(5);
        assertThat(result.head().position()).isEqualTo(5);
        assertThat(result.head().id()).isEqualTo(chain.entries.get(4).id());
        assertThat(result.head().hash()).isEqualTo(HEX.formatHex(chain.entries.get(4).hash()));
        assertThat(new Chain().verify()).satisfies(empty -> {
            assertThat(empty.ok()).isTrue();
            assertThat(empty.checked()).isZero();
            assertThat(empty.head()).isNull();
        });
    }

    @Test
    void aChangedReasonOrEvidenceIsContentChanged() {
        Result reason = chain(5).change(3, e -> withReason(e, "rewritten")).verify();
        assertThat(reason.ok()).isFalse();
        assertThat(reason.firstBroken().position()).isEqualTo(3);
        assertThat(reason.firstBroken().problem()).isEqualTo(Problem.CONTENT_CHANGED);
        assertThat(reason.checked()).isEqualTo(3);
        assertThat(reason.head()).isNull();

        Result evidence = chain(5).change(2, e -> new Entry(e.position(), e.id(), e.at(), e.actor(), e.action(), e.subject(),
                e.reason(), "{\"n\": 99}", e.salt(), e.contentDigest(), e.previousHash(), e.hash(), null, null)).verify();
        assertThat(evidence.firstBroken().position()).isEqualTo(2);
        assertThat(evidence.firstBroken().problem()).isEqualTo(Problem.CONTENT_CHANGED);
    }

    @Test
    void aChangedFactIsEntryChanged() {
        Chain chain = chain(4);
        Result result = chain.change(2, e -> new Entry(e.position(), e.id(), e.at(), "mallory", e.action(), e.subject(),
                e.reason(), e.evidence(), e.salt(), e.contentDigest(), e.previousHash(), e.hash(), null, null)).verify();
        assertThat(result.firstBroken().problem()).isEqualTo(Problem.ENTRY_CHANGED);
        assertThat(result.firstBroken().id()).isEqualTo(chain.entries.get(1).id());
        assertThat(chain(4).change(3, e -> new Entry(e.position(), e.id(), e.at().plusSeconds(1), e.actor(), e.action(),
                e.subject(), e.reason(), e.evidence(), e.salt(), e.contentDigest(), e.previousHash(), e.hash(), null, null))
                .verify().firstBroken().problem()).isEqualTo(Problem.ENTRY_CHANGED);
    }

    @Test
    void anEntryChangedAndSealedAgainBreaksTheLinkOfTheNext() {
        Result result = chain(5).change(3, e -> resealed(withReason(e, "rewritten"))).verify();
        assertThat(result.firstBroken().position()).isEqualTo(4);
        assertThat(result.firstBroken().problem()).isEqualTo(Problem.BROKEN_LINK);
        assertThat(result.firstBroken().detail()).contains("position 3");
    }

    @Test
    void aDeletedEntryIsMissing() {
        Chain chain = chain(5);
        Entry third = chain.entries.remove(2);
        Result result = chain.verify();
        assertThat(result.firstBroken().position()).isEqualTo(4);
        assertThat(result.firstBroken().problem()).isEqualTo(Problem.MISSING_ENTRIES);
        assertThat(result.firstBroken().detail()).contains("position 3 is missing");
        assertThat(third.position()).isEqualTo(3);

        Chain headless = chain(3);
        headless.entries.remove(0);
        assertThat(headless.verify().firstBroken().problem()).isEqualTo(Problem.MISSING_ENTRIES);
    }

    @Test
    void aRedactionByARecordedErasureVerifiesAndAnyOtherDoesNot() {
        String erasure = UUID.randomUUID().toString();
        Chain chain = chain(4).redact(2, erasure).redact(3, erasure).add(AuditChainVerifier.ERASURE_ACTION, erasure, null,
                "{\"erasureId\": \"" + erasure + "\"}");
        assertThat(chain.entries.get(4).redactionsCount()).isEqualTo(2);
        assertThat(chain.verify().ok()).isTrue();

        // An entry blanked in the name of an erasure that is not in the log.
        Result unknown = chain(4).redact(2, UUID.randomUUID().toString()).verify();
        assertThat(unknown.firstBroken().position()).isEqualTo(2);
        assertThat(unknown.firstBroken().problem()).isEqualTo(Problem.REDACTION_WITHOUT_ERASURE);

        // One more entry blanked in the name of a real erasure: its count no longer matches.
        Result extra = chain.redact(1, erasure).verify();
        assertThat(extra.firstBroken().position()).isEqualTo(5);
        assertThat(extra.firstBroken().problem()).isEqualTo(Problem.REDACTION_COUNT_MISMATCH);

        // A later entry blanked in the name of an earlier erasure.
        Chain later = chain(2).add(AuditChainVerifier.ERASURE_ACTION, erasure, null, "{}").add("consent.granted", "x", "r", "{}");
        Result after = later.redact(4, erasure).verify();
        assertThat(after.firstBroken().position()).isEqualTo(4);
        assertThat(after.firstBroken().problem()).isEqualTo(Problem.REDACTION_WITHOUT_ERASURE);

        // The salt dropped without a redaction marker.
        Result saltless = chain(3).change(2, e -> new Entry(e.position(), e.id(), e.at(), e.actor(), e.action(), e.subject(),
                e.reason(), e.evidence(), null, e.contentDigest(), e.previousHash(), e.hash(), null, null)).verify();
        assertThat(saltless.firstBroken().problem()).isEqualTo(Problem.CONTENT_CHANGED);
    }

    @Test
    void anAnchorCatchesARewriteAndACutEnd() {
        Chain chain = chain(5);
        Anchor anchor = new Anchor(3, chain.entries.get(2).hash());
        assertThat(chain.verify(anchor).ok()).isTrue();
        Anchor parsed = Anchor.parse("3:" + HEX.formatHex(chain.entries.get(2).hash()));
        assertThat(parsed.position()).isEqualTo(3);
        assertThat(parsed.hash()).isEqualTo(anchor.hash());

        // Everything from position 2 on rewritten and sealed again: only the anchor tells.
        Chain rewritten = new Chain();
        rewritten.entries.add(chain.entries.get(0));
        for (int i = 1; i < 5; i++) {
            rewritten.add("consent.granted", "s" + i, "other " + i, "{}");
        }
        assertThat(rewritten.verify().ok()).isTrue();
        Result caught = rewritten.verify(anchor);
        assertThat(caught.firstBroken().position()).isEqualTo(3);
        assertThat(caught.firstBroken().problem()).isEqualTo(Problem.ANCHOR_MISMATCH);

        // The last entries removed.
        chain.entries.remove(4);
        chain.entries.remove(3);
        chain.entries.remove(2);
        Result cut = chain.verify(anchor);
        assertThat(cut.firstBroken().problem()).isEqualTo(Problem.TRUNCATED);
        assertThat(cut.firstBroken().position()).isEqualTo(3);
        assertThat(cut.firstBroken().id()).isNull();
    }

    @Test
    void malformedAnchorsAreRefused() {
        for (String bad : List.of("", "3", "3:", "x:" + "a".repeat(64), "3:" + "g".repeat(64), "3:" + "a".repeat(63),
                "0:" + "a".repeat(64), "-1:" + "a".repeat(64), ":" + "a".repeat(64))) {
            assertThat(Anchor.parse(bad)).as(bad).isNull();
        }
        assertThat(Anchor.parse("12:" + "AB".repeat(32)).position()).isEqualTo(12);
    }

    @Test
    void nothingIsAcceptedAfterTheFirstBreak() {
        Chain chain = chain(3).change(1, e -> withReason(e, "x"));
        AuditChainVerifier verifier = new AuditChainVerifier(null);
        verifier.accept(chain.entries.get(0));
        assertThat(verifier.broken()).isTrue();
        assertThatThrownBy(() -> verifier.accept(chain.entries.get(1))).isInstanceOf(IllegalStateException.class);
        assertThat(verifier.finish().firstBroken().position()).isEqualTo(1);
    }
}
