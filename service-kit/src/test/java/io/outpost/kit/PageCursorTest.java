package io.outpost.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.PageCursor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageCursorTest {

    @Test
    void roundTripsWithNanosecondPrecision() {
        PageCursor cursor = new PageCursor(Instant.parse("2017-10-31T22:10:47.123456789Z"), UUID.randomUUID());
        assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(cursor.encode()).doesNotContain("=", "+", "/");
    }

    @Test
    void noCursorMeansTheFirstPage() {
        assertThat(PageCursor.decode(null)).isNull();
        assertThat(PageCursor.decode("")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "x", "%%%", "bm90IGEgY3Vyc29y", "YzE6MTo5OTk5OTk5OTk5OnV1aWQ" })
    void aCursorWeDidNotIssueIsABadRequest(String text) {
        assertThatThrownBy(() -> PageCursor.decode(text))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }

    @Test
    void anOtherVersionIsRefused() {
        String v2 = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("c2:1:0:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PageCursor.decode(v2)).isInstanceOf(ApiException.class);
    }

    @Test
    void limitIsAWholeNumberWithinRange() {
        assertThat(PageCursor.limit(null, 50, 200)).isEqualTo(50);
        assertThat(PageCursor.limit(" 7 ", 50, 200)).isEqualTo(7);
        assertThat(PageCursor.limit("200", 50, 200)).isEqualTo(200);
        for (String bad : new String[] { "0", "201", "-1", "ten", "1.5" }) {
            assertThatThrownBy(() -> PageCursor.limit(bad, 50, 200)).as(bad).isInstanceOf(ApiException.class);
        }
    }
}
