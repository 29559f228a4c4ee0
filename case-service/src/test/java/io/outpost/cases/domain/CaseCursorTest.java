package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaseCursorTest {

    @Test
    void aCursorSurvivesTheRoundTripExactly() {
        CaseCursor cursor = new CaseCursor(Instant.parse("2026-11-01T08:00:00.123456Z"), UUID.randomUUID());
        assertThat(CaseCursor.decode(cursor.encode())).isEqualTo(cursor);
        CaseCursor beforeEpoch = new CaseCursor(Instant.parse("1969-12-31T23:59:59.5Z"), UUID.randomUUID());
        assertThat(CaseCursor.decode(beforeEpoch.encode())).isEqualTo(beforeEpoch);
    }

    @Test
    void theEncodingIsOpaqueAndUrlSafe() {
        String encoded = new CaseCursor(Instant.parse("2026-11-01T08:00:00Z"), UUID.randomUUID()).encode();
        assertThat(encoded).matches("[A-Za-z0-9_-]+").doesNotContain("2026");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "garbage!", "bm90IGEgY3Vyc29y", "%%%%" })
    void textThatIsNotACursorIsRefused(String text) {
        assertThatThrownBy(() -> CaseCursor.decode(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "c2:1:0:00000000-0000-0000-0000-000000000001", "c1:1:0", "c1:x:0:00000000-0000-0000-0000-000000000001",
            "c1:1:1000000000:00000000-0000-0000-0000-000000000001", "c1:1:0:1-2-3-4-5",
            "c1:99999999999999999:0:00000000-0000-0000-0000-000000000001" })
    void wellEncodedButWrongContentIsRefused(String plain) {
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CaseCursor.decode(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> CaseCursor.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
