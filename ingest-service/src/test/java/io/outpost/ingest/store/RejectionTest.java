package io.outpost.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RejectionTest {

    @Test
    void aReasonQuotingANulOrALoneSurrogateBecomesStorable() {
        var rejection = new ImportJobStore.Rejection(7, "bad text 'a\u0000b' and '\ud800' in 'ok \ud83d\ude00'");

        assertThat(rejection.reason()).isEqualTo("bad text 'a\uFFFDb' and '\uFFFD' in 'ok \ud83d\ude00'");
        assertThat(rejection.line()).isEqualTo(7);
    }
}
