package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsentTextsTest {

    @Test
    void theCurrentVersionDescribesEveryPurposeAndFillsTheMessage() {
        ConsentTexts.Version v = ConsentTexts.find("2026-11").orElseThrow();
        for (ConsentPurpose p : ConsentPurpose.values()) {
            assertThat(v.describe(p)).as(p.wireName()).isNotBlank();
        }
        String dm = v.dm(List.of(ConsentPurpose.IDENTITY_LINK, ConsentPurpose.SURVEYS), "https://o.example/consent/t",
                "1 Dec 2026 10:00 UTC", "STOP LINK");
        assertThat(dm).contains("identity-link, surveys").contains("https://o.example/consent/t")
                .contains("1 Dec 2026 10:00 UTC").contains("reply STOP LINK").doesNotContain("{");
    }

    @Test
    void anUnknownVersionIsNotFound() {
        assertThat(ConsentTexts.find("1999-01")).isEmpty();
    }
}
