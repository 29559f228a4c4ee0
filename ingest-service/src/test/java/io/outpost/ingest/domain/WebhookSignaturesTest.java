package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

    // RFC 4231, test case 2.
    static final String KEY = "Jefe";
    static final byte[] DATA = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
    static final String HEX = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    static final String BASE64 = "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=";

    @Test
    void signaturesAreTheRfcHmacInEachPlatformsEncoding() {
        assertThat(WebhookSignatures.metaSignature(KEY, DATA)).isEqualTo("sha256=" + HEX);
        assertThat(WebhookSignatures.xSignature(KEY, DATA)).isEqualTo("sha256=" + BASE64);
    }

    @Test
    void aMetaSignatureHoldsOnlyForItsBodyAndSecret() {
        assertThat(WebhookSignatures.isValidMeta(KEY, DATA, "sha256=" + HEX)).isTrue();
        assertThat(WebhookSignatures.isValidMeta(KEY, DATA, "sha256=" + HEX.toUpperCase())).isTrue();
        assertThat(WebhookSignatures.isValidMeta(KEY, DATA, null)).isFalse();
        assertThat(WebhookSignatures.isValidMeta(KEY, DATA, "")).isFalse();
        assertThat(WebhookSignatures.isValidMeta(KEY, DATA, HEX)).as("no prefix").isFalse();
        assertThat(WebhookSignatures.isValidMeta(KEY, DATA, "sha1=" + HEX)).isFalse();
        assertThat(WebhookSignatures.isValidMeta(KEY, DATA, "sha256=" + HEX.substring(2))).as("truncated").isFalse();
        assertThat(WebhookSignatures.isValidMeta(KEY, DATA, "sha256=zz" + HEX.substring(2))).as("not hex").isFalse();
        assertThat(WebhookSignatures.isValidMeta("other", DATA, "sha256=" + HEX)).as("other secret").isFalse();
        byte[] altered = "what do ya want for nothing!".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignatures.isValidMeta(KEY, altered, "sha256=" + HEX)).as("altered body").isFalse();
        assertThat(WebhookSignatures.isValidMeta(KEY, DATA, "sha256=" + BASE64)).as("X's encoding").isFalse();
    }

    @Test
    void anXSignatureHoldsOnlyForItsBodyAndSecret() {
        assertThat(WebhookSignatures.isValidX(KEY, DATA, "sha256=" + BASE64)).isTrue();
        assertThat(WebhookSignatures.isValidX(KEY, DATA, null)).isFalse();
        assertThat(WebhookSignatures.isValidX(KEY, DATA, "sha256=" + HEX)).as("Meta's encoding").isFalse();
        assertThat(WebhookSignatures.isValidX(KEY, DATA, "sha256=***")).isFalse();
        assertThat(WebhookSignatures.isValidX("other", DATA, "sha256=" + BASE64)).isFalse();
        assertThat(WebhookSignatures.isValidX(KEY, new byte[0], "sha256=" + BASE64)).isFalse();
    }

    @Test
    void theCrcAnswerIsTheBase64HmacOfTheToken() {
        assertThat(WebhookSignatures.xSignature("test-x-consumer-secret", "challenge-123".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=Qk25PJZQhiQZAqKjPre/qCefRYxYuz1xz0wU5irtAlY=");
    }

    @Test
    void secretsCompareExactly() {
        assertThat(WebhookSignatures.sameSecret("token", "token")).isTrue();
        assertThat(WebhookSignatures.sameSecret("token", "Token")).isFalse();
        assertThat(WebhookSignatures.sameSecret("token", "token ")).isFalse();
        assertThat(WebhookSignatures.sameSecret("token", null)).isFalse();
        assertThat(WebhookSignatures.sameSecret(null, null)).isFalse();
    }
}
