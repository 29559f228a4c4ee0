package io.outpost.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputsTest {

    @Test
    void charCountInWords() {
        assertThat(CharCount.of(120, 280, "x-weighted-characters"))
                .isEqualTo(new CharCount("120 / 280 characters as X counts them, 160 left", "ok"));
        assertThat(CharCount.of(260, 280, "x-weighted-characters").state()).isEqualTo("near");
        assertThat(CharCount.of(281, 280, "x-weighted-characters"))
                .isEqualTo(new CharCount("281 / 280 characters as X counts them: 1 too many", "over"));
        assertThat(CharCount.of(900, 1000, "utf-8-bytes").text()).contains("bytes");
        assertThat(CharCount.of(12, null, "characters").text()).isEqualTo("12 characters (no limit on this channel)");
    }

    @Test
    void inboxFiltersAreCheckedWithAMessagePerBadValue() {
        InboxFilter ok = InboxFilter.parse("X", "open", "2", "billing", "EN");
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.channel()).isEqualTo("x");
        assertThat(ok.language()).isEqualTo("en");
        InboxFilter bad = InboxFilter.parse("myspace", "done", "9", null, "english");
        assertThat(bad.errors()).hasSize(4);
        assertThat(bad.any()).isFalse();
        assertThat(InboxFilter.parse(" ", "", null, null, null).any()).isFalse();
    }

    @Test
    void presenceInput() {
        assertThat(PresenceInput.parse("away", " lunch ")).isEqualTo(new PresenceInput("away", "lunch", null));
        assertThat(PresenceInput.parse("sleeping", null).valid()).isFalse();
        assertThat(PresenceInput.parse("busy", "x".repeat(201)).error()).contains("200");
        assertThat(PresenceInput.parse("busy", " ").reason()).isNull();
    }

    @Test
    void troubleInWords() {
        assertThat(Trouble.describe("case-service", 0, null)).startsWith("case-service is not answering");
        assertThat(Trouble.describe("case-service", 503, null)).contains("had a problem (HTTP 503)");
        assertThat(Trouble.describe("routing-service", 403, "only the offered agent")).isEqualTo(
                "Your role does not allow this. only the offered agent.");
        assertThat(Trouble.describe("case-service", 404, null)).startsWith("Not found");
    }
}
