package io.outpost.crmlink.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerSourcesTest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static List<CustomerRecord> all(CustomerSource source) throws IOException {
        List<CustomerRecord> out = new ArrayList<>();
        for (CustomerRecord r = source.next(); r != null; r = source.next()) {
            out.add(r);
        }
        return out;
    }

    @Test
    void csvRecordsKeepTheirPhysicalLineAcrossQuotedNewlinesAndSplitLists() throws IOException {
        String csv = """
                id,givenName,familyName,emails,street,dateOfBirth
                c1,Dana,Krause,dana@example.com; d.krause@example.org,"12 Long Road
                Flat 3",1984-02-29
                c2,"O'Brien, Jr",Smith,,,
                ,No,Id,,,
                c4,Bad,Date,,,29/02/1984
                """;
        List<CustomerRecord> records = all(new CsvCustomers(text(csv), JSON));
        assertThat(records).extracting(CustomerRecord::line).containsExactly(2L, 4L, 5L, 6L);
        CustomerRecord dana = records.get(0);
        assertThat(dana.id()).isEqualTo("c1");
        assertThat(dana.person().emails()).containsExactly("dana@example.com", "d.krause@example.org");
        assertThat(dana.person().street()).isEqualTo("12 Long Road\nFlat 3");
        assertThat(dana.person().dateOfBirth()).isEqualTo(LocalDate.of(1984, 2, 29));
        assertThat(records.get(1).person().givenName()).isEqualTo("O'Brien, Jr");
        assertThat(records.get(1).person().emails()).isEmpty();
        assertThat(records.get(2).problem()).isEqualTo("id is empty");
        assertThat(records.get(3).problem()).contains("dateOfBirth must be YYYY-MM-DD");
    }

    @Test
    void aCsvHeaderWithoutIdOrWithUnknownColumnsIsRefused() {
        assertThatThrownBy(() -> new CsvCustomers(text("givenName,familyName\nDana,Krause\n"), JSON))
                .isInstanceOf(CsvCustomers.BadHeader.class).hasMessageContaining("id column");
        assertThatThrownBy(() -> new CsvCustomers(text("id,nickname\nc1,Dee\n"), JSON))
                .isInstanceOf(CsvCustomers.BadHeader.class).hasMessageContaining("nickname");
        assertThatThrownBy(() -> new CsvCustomers(text(""), JSON))
                .isInstanceOf(CsvCustomers.BadHeader.class).hasMessageContaining("header");
    }

    @Test
    void ndjsonRejectsABadLineAndReadsOn() throws IOException {
        String ndjson = """
                {"id": "n1", "givenName": "Dana", "phones": ["+44 7700 900123"]}

                {"id": "n2", "givenName":
                [1, 2]
                {"givenName": "No id"}
                {"id": "n6", "dateOfBirth": "yesterday"}
                {"id": "n7", "familyName": "Krause"}
                """;
        List<CustomerRecord> records = all(new NdjsonCustomers(text(ndjson), JSON, 1000));
        assertThat(records).extracting(CustomerRecord::line).containsExactly(1L, 3L, 4L, 5L, 6L, 7L);
        assertThat(records.get(0).person().phones()).containsExactly("+44 7700 900123");
        assertThat(records.get(1).problem()).startsWith("not JSON");
        assertThat(records.get(2).problem()).isEqualTo("not a JSON object");
        assertThat(records.get(3).problem()).startsWith("id is required");
        assertThat(records.get(4).problem()).startsWith("unreadable attributes");
        assertThat(records.get(5).problem()).isNull();
        assertThat(records.get(5).id()).isEqualTo("n7");
    }

    @Test
    void anOverlongNdjsonLineIsRejectedWithoutHoldingIt() throws IOException {
        String ndjson = "{\"id\": \"x\", \"street\": \"" + "a".repeat(5000) + "\"}\n{\"id\": \"y\", \"givenName\": \"Jo\"}\n";
        List<CustomerRecord> records = all(new NdjsonCustomers(text(ndjson), JSON, 100));
        assertThat(records.get(0).problem()).isEqualTo("line longer than 100 characters");
        assertThat(records.get(1).id()).isEqualTo("y");
    }

    /** A CSV of {@code n} customers produced as it is read: never in memory as a whole. */
    static InputStream generatedCsv(int n) {
        return new InputStream() {
            byte[] chunk = "id,givenName,familyName,emails,postcode\n".getBytes(StandardCharsets.US_ASCII);
            int pos;
            int next;

            @Override
            public int read() {
                if (pos == chunk.length) {
                    if (next == n) {
                        return -1;
                    }
                    next++;
                    chunk = ("c" + next + ",Given" + next + ",Family" + next + ",p" + next + "@example.com,"
                            + (2000 + next % 7000) + "\n").getBytes(StandardCharsets.US_ASCII);
                    pos = 0;
                }
                return chunk[pos++];
            }
        };
    }

    /**
     * The heap in use after a full GC, the least of five samples: the test shares its JVM with a
     * running Quarkus application (Kafka consumers, schedulers) whose in-flight objects add noise
     * to any one sample; they never lower it below the live set.
     */
    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            least = Math.min(least, rt.totalMemory() - rt.freeMemory());
        }
        return least;
    }

    @Test
    void csvRecordsStreamThroughInMemoryIndependentOfTheFileSize() throws IOException {
        int n = 100_000;
        long count = 0;
        long usedEarly = 0;
        long usedLate = 0;
        long start = System.nanoTime();
        try (CsvCustomers source = new CsvCustomers(generatedCsv(n), JSON)) {
            for (CustomerRecord r = source.next(); r != null; r = source.next()) {
                count++;
                if (count == 10_000) {
                    usedEarly = usedAfterGc();
                }
                if (count == n) {
                    usedLate = usedAfterGc();
                    assertThat(r.id()).isEqualTo("c" + n);
                    assertThat(r.line()).isEqualTo(n + 1L);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("CSV reader: %d records in %.1f s (%.0f records/s); live heap after 10,000: %d KB, after %d: %d KB%n",
                count, seconds, count / seconds, usedEarly >> 10, n, usedLate >> 10);
        assertThat(count).isEqualTo(n);
        // 90,000 more records read (about 5 MB of text, far more as objects) leave the live heap
        // where it was: the reader holds one row, not the file.
        assertThat(usedLate - usedEarly).isLessThan(8L << 20);
    }
}
