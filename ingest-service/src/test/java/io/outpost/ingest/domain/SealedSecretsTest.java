package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SealedSecretsTest {

    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final String SECRET = "forum-signing-secret-0123456789abcdef";

    @Test
    void aSealedSecretOpensForItsContextAndHoldsNoClearText() {
        SealedSecrets sealer = new SealedSecrets(KEY);
        byte[] sealed = sealer.seal(SECRET, "account-1:forum");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET).doesNotContain("0123456789abcdef");
        assertThat(sealer.open(sealed, "account-1:forum")).isEqualTo(SECRET);
        // A fresh nonce each time: the same secret never seals to the same bytes.
        assertThat(sealer.seal(SECRET, "account-1:forum")).isNotEqualTo(sealed);
    }

    @Test
    void itDoesNotOpenForAnotherAccountWithAnotherKeyOrAltered() {
        SealedSecrets sealer = new SealedSecrets(KEY);
        byte[] sealed = sealer.seal(SECRET, "account-1:forum");
        assertThatThrownBy(() -> sealer.open(sealed, "account-2:forum")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not open");
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        assertThatThrownBy(() -> new SealedSecrets(otherKey).open(sealed, "account-1:forum"))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> sealer.open(altered, "account-1:forum")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealer.open(Arrays.copyOf(sealed, 10), "account-1:forum"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format");
    }

    @Test
    void theKeyMustBe32Bytes() {
        assertThatThrownBy(() -> new SealedSecrets(new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }
}
