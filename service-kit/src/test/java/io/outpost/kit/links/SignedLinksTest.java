package io.outpost.kit.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.kit.links.SignedLinks.Status;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedLinksTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";
    final SignedLinks links = SignedLinks.fromSecret(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aFreshTokenIsValidForItsPurposeAndNamesItsSubject() {
        String token = links.issue("survey", "7d0c8a6e-2a6b-4f55-9d8e-1f1f0f7f3a01", NOW.plusSeconds(60));

        SignedLinks.Verification v = links.verify("survey", token);

        assertThat(v.status()).isEqualTo(Status.VALID);
        assertThat(v.subject()).isEqualTo("7d0c8a6e-2a6b-4f55-9d8e-1f1f0f7f3a01");
        assertThat(v.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void aTokenPastItsExpiryIsExpiredNotTampered() {
        String token = links.issue("survey", "s1", NOW.minusSeconds(1));
        assertThat(links.verify("survey", token).status()).isEqualTo(Status.EXPIRED);
        assertThat(links.verify("survey", links.issue("survey", "s1", NOW)).status()).isEqualTo(Status.EXPIRED);
    }

    @Test
    void aTokenForAnotherPurposeIsRefused() {
        String token = links.issue("survey", "s1", NOW.plusSeconds(60));
        assertThat(links.verify("consent", token).status()).isEqualTo(Status.TAMPERED);
    }

    @Test
    void changingAnyCharacterOfTheTokenIsDetected() {
        String token = links.issue("survey", "s1", NOW.plusSeconds(60));
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                continue;
            }
            String changed = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            assertThat(links.verify("survey", changed).status()).as("changed at %d", i).isEqualTo(Status.TAMPERED);
        }
    }

    @Test
    void aLaterExpiryCannotBeForgedWithoutTheKey() {
        String token = links.issue("survey", "s1", NOW.minusSeconds(1));
        String forgedPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1.survey.s1." + NOW.plusSeconds(86400).getEpochSecond()).getBytes(StandardCharsets.US_ASCII));
        String forged = forgedPayload + token.substring(token.indexOf('.'));
        assertThat(links.verify("survey", forged).status()).isEqualTo(Status.TAMPERED);
    }

    @Test
    void garbageNeverThrows() {
        for (String junk : new String[] {null, "", ".", "..", "abc", "a.b.c", "%%%.%%%", "x".repeat(10_000), "YQ.YQ",
                "\u0000.\u0000"}) {
            assertThat(links.verify("survey", junk).status()).as(String.valueOf(junk)).isEqualTo(Status.TAMPERED);
        }
    }

    @Test
    void tokensSignedWithAPreviousKeyStillWorkAfterRotation() {
        byte[] oldKey = SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] newKey = "the-new-secret-also-32-bytes-long!!!".getBytes(StandardCharsets.UTF_8);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        String oldToken = links.issue("survey", "s1", NOW.plusSeconds(60));

        SignedLinks rotated = new SignedLinks(newKey, List.of(oldKey), clock);
        SignedLinks newOnly = new SignedLinks(newKey, List.of(), clock);

        assertThat(rotated.verify("survey", oldToken).status()).isEqualTo(Status.VALID);
        assertThat(newOnly.verify("survey", oldToken).status()).isEqualTo(Status.TAMPERED);
    }

    @Test
    void shortKeysAndUnsafeFieldsAreRefused() {
        assertThatThrownBy(() -> SignedLinks.fromSecret("short", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> links.issue("survey", "a.b", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> links.issue("sur vey", "s1", NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
