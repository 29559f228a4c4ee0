package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseTurnsTest {

    private static final Instant T = Instant.parse("2026-11-01T08:00:00Z");

    @Test
    void theFirstCustomerPostAfterOurLatestResponseWaits() {
        assertThat(ResponseTurns.waitingSince(List.of(T, T.plusSeconds(60)), List.of())).isEqualTo(T);
        assertThat(ResponseTurns.waitingSince(List.of(T, T.plusSeconds(120), T.plusSeconds(180)),
                List.of(T.plusSeconds(60), T.plusSeconds(30)))).isEqualTo(T.plusSeconds(120));
    }

    @Test
    void nothingWaitsWhenWeAnsweredLastOrNoPostIsLeft() {
        assertThat(ResponseTurns.waitingSince(List.of(T), List.of(T.plusSeconds(1)))).isNull();
        assertThat(ResponseTurns.waitingSince(List.of(T), List.of(T))).as("a post at the response's instant was answered")
                .isNull();
        assertThat(ResponseTurns.waitingSince(List.of(), List.of())).isNull();
    }
}
