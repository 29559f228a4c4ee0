package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvFieldsTest {

    @Test
    void plainQuotedAndEmptyFields() {
        assertThat(CsvFields.parse("a,b,c")).containsExactly("a", "b", "c");
        assertThat(CsvFields.parse("a,,")).containsExactly("a", "", "");
        assertThat(CsvFields.parse("")).containsExactly("");
        assertThat(CsvFields.parse("\"a, b\",\"say \"\"hi\"\"\",\"line\nbreak\"")).containsExactly("a, b", "say \"hi\"", "line\nbreak");
        assertThat(CsvFields.parse("\"\",x")).containsExactly("", "x");
    }

    @Test
    void aStrayQuoteInsideAnUnquotedFieldIsKept() {
        assertThat(CsvFields.parse("5\" screen,ok")).containsExactly("5\" screen", "ok");
    }

    @Test
    void brokenQuotingIsRejected() {
        assertThatThrownBy(() -> CsvFields.parse("\"never closed,a")).isInstanceOf(InvalidLineException.class)
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> CsvFields.parse("\"a\"b,c")).isInstanceOf(InvalidLineException.class)
                .hasMessageContaining("after the closing quote");
    }
}
