package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.ingest.domain.ForumSignatures.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ForumSignaturesTest {

    static final String SECRET = "test-forum-secret-0123456789abcdef";
    static final long SIGNED_AT = 1_765_094_400L;
    static final byte[] BODY = "{\"messageId\":\"m-1\",\"text\":\"Hi\"}".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.ofEpochSecond(SIGNED_AT + 30);
    static final Duration TOLERANCE = ForumSignatures.DEFAULT_TOLERANCE;

    @Test
    void theSignatureIsTheHexHmacOfTimestampDotBodyAsOpensslComputesIt() {
        // printf '%s' '1765094400.{"messageId":"m-1","text":"Hi"}' | openssl dgst -sha256 -hmac 'test-forum-secret-0123456789abcdef'
        assertThat(ForumSignatures.sign(SIGNED_AT, BODY, SECRET))
                .isEqualTo("sha256=77634d7c919e7815414363a6193c34e3384c9e14397e8a047837b0894a8c8263");
    }

    @Test
    void aFreshSignatureOfTheBodyWithTheSecretIsValid() {
        String signature = ForumSignatures.sign(SIGNED_AT, BODY, SECRET);
        assertThat(ForumSignatures.verify(Long.toString(SIGNED_AT), BODY, signature, SECRET, NOW, TOLERANCE))
                .isEqualTo(Verdict.VALID);
        // Upper-case hex is the same signature.
        assertThat(ForumSignatures.verify(Long.toString(SIGNED_AT), BODY, "sha256=" + signature.substring(7).toUpperCase(), SECRET,
                NOW, TOLERANCE)).isEqualTo(Verdict.VALID);
    }

    @Test
    void aReplayedRequestIsRefusedOnceItsTimestampIsOlderThanTheTolerance() {
        String signature = ForumSignatures.sign(SIGNED_AT, BODY, SECRET);
        Instant fiveMinutesLater = Instant.ofEpochSecond(SIGNED_AT).plus(TOLERANCE);
        assertThat(ForumSignatures.verify(Long.toString(SIGNED_AT), BODY, signature, SECRET, fiveMinutesLater, TOLERANCE))
                .isEqualTo(Verdict.VALID);
        assertThat(ForumSignatures.verify(Long.toString(SIGNED_AT), BODY, signature, SECRET, fiveMinutesLater.plusSeconds(1),
                TOLERANCE)).isEqualTo(Verdict.OUTSIDE_TOLERANCE);
        // A timestamp far in the future (a sender's clock far off, or a forged one) is refused too.
        assertThat(ForumSignatures.verify(Long.toString(SIGNED_AT), BODY, signature, SECRET,
                Instant.ofEpochSecond(SIGNED_AT).minus(TOLERANCE).minusSeconds(1), TOLERANCE)).isEqualTo(Verdict.OUTSIDE_TOLERANCE);
    }

    @Test
    void aReplayWithAFreshTimestampDoesNotMatchBecauseTheTimestampIsSigned() {
        String signature = ForumSignatures.sign(SIGNED_AT, BODY, SECRET);
        long replayedAt = SIGNED_AT + 3_600;
        assertThat(ForumSignatures.verify(Long.toString(replayedAt), BODY, signature, SECRET, Instant.ofEpochSecond(replayedAt),
                TOLERANCE)).isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void aTamperedBodyOrAnotherSecretDoesNotMatch() {
        String signature = ForumSignatures.sign(SIGNED_AT, BODY, SECRET);
        byte[] tampered = "{\"messageId\":\"m-1\",\"text\":\"Ho\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(ForumSignatures.verify(Long.toString(SIGNED_AT), tampered, signature, SECRET, NOW, TOLERANCE))
                .isEqualTo(Verdict.MISMATCH);
        // Whitespace counts: a receiver must verify the raw bytes, not re-serialized JSON.
        byte[] reformatted = "{\"messageId\": \"m-1\", \"text\": \"Hi\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(ForumSignatures.verify(Long.toString(SIGNED_AT), reformatted, signature, SECRET, NOW, TOLERANCE))
                .isEqualTo(Verdict.MISMATCH);
        assertThat(ForumSignatures.verify(Long.toString(SIGNED_AT), BODY, signature, SECRET + "x", NOW, TOLERANCE))
                .isEqualTo(Verdict.MISMATCH);
        String flipped = signature.substring(0, signature.length() - 1) + (signature.endsWith("0") ? "1" : "0");
        assertThat(ForumSignatures.verify(Long.toString(SIGNED_AT), BODY, flipped, SECRET, NOW, TOLERANCE))
                .isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void missingOrMalformedHeadersAreRefusedBeforeAnyHmac() {
        String signature = ForumSignatures.sign(SIGNED_AT, BODY, SECRET);
        String ts = Long.toString(SIGNED_AT);
        assertThat(ForumSignatures.verify(null, BODY, signature, SECRET, NOW, TOLERANCE)).isEqualTo(Verdict.MALFORMED);
        assertThat(ForumSignatures.verify(ts, BODY, null, SECRET, NOW, TOLERANCE)).isEqualTo(Verdict.MALFORMED);
        assertThat(ForumSignatures.verify("2025-12-07T08:00:00Z", BODY, signature, SECRET, NOW, TOLERANCE)).isEqualTo(Verdict.MALFORMED);
        assertThat(ForumSignatures.verify("-1", BODY, signature, SECRET, NOW, TOLERANCE)).isEqualTo(Verdict.MALFORMED);
        assertThat(ForumSignatures.verify(ts, BODY, signature.substring(7), SECRET, NOW, TOLERANCE)).isEqualTo(Verdict.MALFORMED);
        assertThat(ForumSignatures.verify(ts, BODY, "sha256=not-hex", SECRET, NOW, TOLERANCE)).isEqualTo(Verdict.MALFORMED);
        assertThat(ForumSignatures.verify(ts, BODY, "sha1=" + signature.substring(7), SECRET, NOW, TOLERANCE))
                .isEqualTo(Verdict.MALFORMED);
    }
}
