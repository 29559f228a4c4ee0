package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportRecordsTest {

    static List<ImportRecords.Record> all(String content, boolean csv, long offset, long line) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        ImportRecords records = new ImportRecords(new ByteArrayInputStream(bytes, (int) offset, bytes.length), offset, line,
                csv, 1024);
        List<ImportRecords.Record> out = new ArrayList<>();
        for (ImportRecords.Record r; (r = records.next()) != null;) {
            out.add(r);
        }
        return out;
    }

    @Test
    void csvRecordsMaySpanLinesInsideQuotes() throws IOException {
        String csv = "h1,h2\r\n1,\"two\nlines, and \"\"quotes\"\"\"\r\n\r\n2,ü\n3,last";
        List<ImportRecords.Record> records = all(csv, true, 0, 0);
        assertThat(records).extracting(ImportRecords.Record::text)
                .containsExactly("h1,h2", "1,\"two\nlines, and \"\"quotes\"\"\"", "2,ü", "3,last");
        assertThat(records).extracting(ImportRecords.Record::line).containsExactly(1L, 2L, 5L, 6L);
        assertThat(records.get(3).endOffset()).isEqualTo(csv.getBytes(StandardCharsets.UTF_8).length);
        assertThat(records.get(3).endLine()).isEqualTo(6);
    }

    @Test
    void resumingAtACommittedOffsetContinuesWithTheNextRecord() throws IOException {
        String ndjson = "{\"a\":1}\n{\"a\":2}\n{\"a\":\"ü\"}\n";
        List<ImportRecords.Record> first = all(ndjson, false, 0, 0);
        assertThat(first).hasSize(3);
        ImportRecords.Record second = first.get(1);
        List<ImportRecords.Record> resumed = all(ndjson, false, second.endOffset(), second.endLine());
        assertThat(resumed).singleElement().satisfies(r -> {
            assertThat(r.text()).isEqualTo("{\"a\":\"ü\"}");
            assertThat(r.line()).isEqualTo(3);
        });
    }

    @Test
    void ndjsonLinesDoNotCareAboutQuotes() throws IOException {
        assertThat(all("{\"t\":\"a \\\" b\"}\n{\"t\":2}\n", false, 0, 0)).hasSize(2);
    }

    @Test
    void invalidUtf8IsReportedPerRecordAndAByteOrderMarkIsDropped() throws IOException {
        byte[] bytes = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', '\n', (byte) 0xC3, '(', '\n', 'b' };
        ImportRecords records = new ImportRecords(new ByteArrayInputStream(bytes), 0, 0, false, 1024);
        assertThat(records.next().text()).isEqualTo("a");
        assertThat(records.next().text()).isNull();
        assertThat(records.next().text()).isEqualTo("b");
        assertThat(records.next()).isNull();
    }

    @Test
    void anUnclosedQuoteStopsAtTheRecordLimit() {
        assertThatThrownBy(() -> all("h\n\"never closed\n" + "x\n".repeat(1000), true, 0, 0))
                .isInstanceOf(ImportRecords.RecordTooLongException.class)
                .hasMessageContaining("line 2");
    }

    /** A million lines streamed through: only the current record is held, whatever the file's size. */
    @Test
    void aMillionLinesStreamThroughInConstantMemory() throws IOException {
        long lines = 1_000_000;
        byte[] line = "{\"channel\":\"forum\",\"externalId\":\"x\",\"text\":\"some text of a post\"}\n"
                .getBytes(StandardCharsets.UTF_8);
        InputStream generated = new InputStream() {
            long position;
            final long size = lines * line.length;

            @Override
            public int read() {
                return position < size ? line[(int) (position++ % line.length)] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - position);
                for (int i = 0; i < n; i++) {
                    b[off + i] = line[(int) (position++ % line.length)];
                }
                return n;
            }
        };
        ImportRecords records = new ImportRecords(generated, 0, 0, false, 4096);
        long count = 0;
        ImportRecords.Record last = null;
        for (ImportRecords.Record r; (r = records.next()) != null;) {
            count++;
            last = r;
        }
        assertThat(count).isEqualTo(lines);
        assertThat(last.endOffset()).isEqualTo(lines * line.length);
        assertThat(last.line()).isEqualTo(lines);
    }
}
