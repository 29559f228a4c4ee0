package io.outpost.crmlink.bench;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.crmlink.OwnerDatabase;
import io.outpost.crmlink.domain.BlockingKeys;
import io.outpost.crmlink.domain.NormalizedPerson;
import io.outpost.crmlink.domain.PersonAttributes;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The benchmark: with 1,000,000 customers in the service's PostgreSQL, the latency of
 * {@code POST /api/v1/match-candidates} for one person through HTTP (target p99 under 20 ms), and
 * the import rate in customers/s through the real {@code POST /api/v1/customer-imports}.
 *
 * <p>Not part of the default build (tag {@code benchmark}); run it with
 * {@code ../mvnw -B verify -Pbenchmark} (README "Benchmark"). Sizes are system properties:
 * {@code bench.customers} (1,000,000), {@code bench.import-size} (100,000), {@code bench.imports}
 * (3), {@code bench.queries} (2,000 per repeat), {@code bench.repeats} (3), {@code bench.clients}
 * (4 concurrent clients).
 *
 * <p>How the million is loaded: {@code bench.customers - imports * import-size} customers are
 * written with COPY (rows and blocking keys computed by the service's own {@code BlockingKeys},
 * indexes rebuilt after), because the import path is slower than a benchmark should wait for; then
 * {@code imports} files of {@code import-size} customers go through the real import, each timed on
 * a table that already holds most of the million. Customers come from {@link SyntheticCustomers}
 * (FEBRL names, perturbed and skewed).
 *
 * <p>Latency: a query is a random customer as a person reveals it; {@code queries} sequential
 * requests, then {@code clients} clients sending {@code queries} in all at once, repeated
 * {@code repeats} times. Baseline in the same run: {@code GET /api/v1/identities/{unknown id}}
 * (the same HTTP, token check and one indexed database lookup, no matching).
 */
@QuarkusTest
@TestProfile(MatchCandidatesDatabaseBenchmark.ProductionBatches.class)
@Tag("benchmark")
class MatchCandidatesDatabaseBenchmark {

    /** The import's production batch size (the test profile's 3 exercises batch boundaries, not speed). */
    public static class ProductionBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The load takes longer than Quarkus' 10-minute "no test activity" warning.
            return Map.of("outpost.crm-link.imports.batch-size", Integer.getInteger("bench.batch-size", 200).toString(),
                    "quarkus.test.hang-detection-timeout", "PT2H");
        }
    }

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 1_000_000);
    private static final int IMPORT_SIZE = Integer.getInteger("bench.import-size", 100_000);
    private static final int IMPORTS = Integer.getInteger("bench.imports", 3);
    private static final int QUERIES = Integer.getInteger("bench.queries", 2_000);
    private static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 4);

    @Inject
    ObjectMapper json;

    private SyntheticCustomers synthetic;

    @Test
    void matchCandidatesWithAMillionCustomers() throws Exception {
        synthetic = SyntheticCustomers.fromFebrl(febrl(), 7);
        System.out.printf("%n== crm-link match-candidates benchmark, %s, %s ==%n", Instant.now(), machine());

        int copied = CUSTOMERS - IMPORTS * IMPORT_SIZE;
        long t0 = System.nanoTime();
        copyCustomers(0, copied);
        System.out.printf("COPY of %,d customers with their blocking keys (generator, not the import path): %.1f s%n",
                copied, (System.nanoTime() - t0) / 1e9);

        List<Double> rates = new ArrayList<>();
        for (int k = 0; k < IMPORTS; k++) {
            int from = copied + k * IMPORT_SIZE;
            double rate = importThroughApi(from, from + IMPORT_SIZE);
            rates.add(rate);
            System.out.printf("import %d: %,d customers through POST /api/v1/customer-imports (table already %,d): "
                    + "%,.0f customers/s%n", k + 1, IMPORT_SIZE, from, rate);
        }
        if (!rates.isEmpty()) {
            System.out.printf("import rate, median of %d: %,.0f customers/s%n", rates.size(), median(rates));
        }
        blockStatistics();

        String admin = TestTokens.admin();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Random r = new Random(11);
        // Warm-up: the JIT, the connection pool, the statement cache and PostgreSQL's buffers.
        latencies(http, admin, 1, 2_000, r, false);
        latencies(http, admin, 1, 1_000, r, true);

        List<Double> seqP50 = new ArrayList<>();
        List<Double> seqP99 = new ArrayList<>();
        List<Double> conP50 = new ArrayList<>();
        List<Double> conP99 = new ArrayList<>();
        List<Double> conRate = new ArrayList<>();
        List<Double> baseP50 = new ArrayList<>();
        List<Double> baseP99 = new ArrayList<>();
        for (int rep = 1; rep <= REPEATS; rep++) {
            Run base = latencies(http, admin, 1, QUERIES, r, true);
            Run seq = latencies(http, admin, 1, QUERIES, r, false);
            Run con = latencies(http, admin, CLIENTS, QUERIES, r, false);
            System.out.printf("repeat %d: baseline (GET unknown identity) %s%n", rep, base);
            System.out.printf("repeat %d: match-candidates, 1 client  %s%n", rep, seq);
            System.out.printf("repeat %d: match-candidates, %d clients %s%n", rep, CLIENTS, con);
            seqP50.add(seq.p50());
            seqP99.add(seq.p99());
            conP50.add(con.p50());
            conP99.add(con.p99());
            conRate.add(con.perSecond());
            baseP50.add(base.p50());
            baseP99.add(base.p99());
            assertThat(seq.rightFirst()).as("the person's own customer ranked first").isGreaterThan(0.5);
        }
        System.out.printf("MEDIANS over %d repeats, %,d customers: match-candidates 1 client p50 %.2f ms p99 %.2f ms; "
                + "%d clients p50 %.2f ms p99 %.2f ms %,.0f requests/s; baseline p50 %.2f ms p99 %.2f ms%n", REPEATS,
                CUSTOMERS, median(seqP50), median(seqP99), CLIENTS, median(conP50), median(conP99), median(conRate),
                median(baseP50), median(baseP99));
    }

    record Run(int requests, double p50, double p90, double p99, double max, double perSecond, double rightFirst,
            double suggestions) {
        @Override
        public String toString() {
            return String.format("n=%,d p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, %,.0f requests/s, "
                    + "own customer first %.1f %%, %.2f suggestions per query", requests, p50, p90, p99, max, perSecond,
                    100 * rightFirst, suggestions);
        }
    }

    /** {@code total} requests from {@code clients} clients at once; each request timed end to end. */
    private Run latencies(HttpClient http, String token, int clients, int total, Random r, boolean baseline)
            throws Exception {
        int loaded = CUSTOMERS;
        List<HttpRequest> requests = new ArrayList<>(total);
        List<String> expected = new ArrayList<>(total);
        String base = "http://localhost:" + RestAssured.port;
        for (int q = 0; q < total; q++) {
            if (baseline) {
                requests.add(HttpRequest.newBuilder(URI.create(base + "/api/v1/identities/" + UUID.randomUUID()))
                        .header("Authorization", "Bearer " + token).GET().build());
                expected.add(null);
            } else {
                long i = r.nextInt(loaded);
                PersonAttributes person = SyntheticCustomers.revealed(r, synthetic.customer(i));
                requests.add(HttpRequest.newBuilder(URI.create(base + "/api/v1/match-candidates"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(person))).build());
                expected.add(SyntheticCustomers.id(i));
            }
        }
        long[] nanos = new long[total];
        int[] first = new int[1];
        long[] suggestions = new long[1];
        IntFunction<Void> send = q -> {
            try {
                long s = System.nanoTime();
                HttpResponse<String> response = http.send(requests.get(q), HttpResponse.BodyHandlers.ofString());
                nanos[q] = System.nanoTime() - s;
                int wanted = baseline ? 404 : 200;
                if (response.statusCode() != wanted) {
                    throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                }
                if (!baseline) {
                    JsonNode candidates = json.readTree(response.body()).get("candidates");
                    synchronized (first) {
                        suggestions[0] += candidates.size();
                        if (!candidates.isEmpty() && expected.get(q).equals(candidates.get(0).get("customerId").asText())) {
                            first[0]++;
                        }
                    }
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
        long start = System.nanoTime();
        if (clients == 1) {
            for (int q = 0; q < total; q++) {
                send.apply(q);
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        for (int q = client; q < total; q += clients) {
                            send.apply(q);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        return new Run(total, nanos[total / 2] / 1e6, nanos[total * 9 / 10] / 1e6, nanos[total * 99 / 100] / 1e6,
                nanos[total - 1] / 1e6, total / seconds, first[0] / (double) total, suggestions[0] / (double) total);
    }

    /**
     * Customers {@code [from, to)} straight into the tables with COPY, the blocking keys' indexes and
     * foreign key dropped during the load and rebuilt after (as a bulk load into PostgreSQL is done).
     */
    private void copyCustomers(int from, int to) throws SQLException, IOException {
        try (Connection db = jdbc(); Statement st = db.createStatement()) {
            st.execute("alter table customer_blocking_key drop constraint customer_blocking_key_customer_id_fkey");
            st.execute("alter table customer_blocking_key drop constraint customer_blocking_key_pkey");
            st.execute("drop index customer_blocking_key_customer");
            PGConnection pg = db.unwrap(PGConnection.class);
            String now = Instant.now().toString();
            CopyIn customers = pg.getCopyAPI().copyIn("copy crm_customer (id, attributes, updated_at) from stdin");
            StringBuilder rows = new StringBuilder();
            for (int i = from; i < to; i++) {
                rows.append(SyntheticCustomers.id(i)).append('\t')
                        .append(copyText(json.writeValueAsString(synthetic.customer(i)))).append('\t').append(now).append('\n');
                if (rows.length() > 1 << 20) {
                    write(customers, rows);
                }
            }
            write(customers, rows);
            customers.endCopy();
            CopyIn keys = pg.getCopyAPI().copyIn("copy customer_blocking_key (key, customer_id) from stdin");
            for (int i = from; i < to; i++) {
                String id = SyntheticCustomers.id(i);
                for (String key : BlockingKeys.of(NormalizedPerson.of(synthetic.customer(i)))) {
                    rows.append(copyText(key)).append('\t').append(id).append('\n');
                }
                if (rows.length() > 1 << 20) {
                    write(keys, rows);
                }
            }
            write(keys, rows);
            keys.endCopy();
            st.execute("alter table customer_blocking_key add constraint customer_blocking_key_pkey primary key (key, customer_id)");
            st.execute("create index customer_blocking_key_customer on customer_blocking_key (customer_id)");
            st.execute("alter table customer_blocking_key add constraint customer_blocking_key_customer_id_fkey "
                    + "foreign key (customer_id) references crm_customer (id) on delete cascade");
            st.execute("analyze crm_customer");
            st.execute("analyze customer_blocking_key");
        }
    }

    private static void write(CopyIn copy, StringBuilder rows) throws SQLException {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }

    /** COPY's text format: backslash, tab and newline escaped. */
    private static String copyText(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    /** Customers {@code [from, to)} as a CSV file through the import API; customers/s until the job completed. */
    private double importThroughApi(int from, int to) throws Exception {
        StringBuilder csv = new StringBuilder(
                "id,givenName,familyName,emails,phones,accountNumbers,streetNumber,street,locality,postcode,region,dateOfBirth\n");
        for (int i = from; i < to; i++) {
            PersonAttributes c = synthetic.customer(i);
            csv.append(SyntheticCustomers.id(i)).append(',').append(c.givenName()).append(',').append(c.familyName())
                    .append(',').append(String.join(";", c.emails())).append(',').append(String.join(";", c.phones()))
                    .append(',').append(String.join(";", c.accountNumbers())).append(',').append(c.streetNumber())
                    .append(',').append(c.street()).append(',').append(c.locality()).append(',').append(c.postcode())
                    .append(',').append(c.region()).append(',').append(c.dateOfBirth()).append('\n');
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        String id = given().auth().oauth2(TestTokens.admin()).contentType("text/csv").body(body)
                .when().post("/api/v1/customer-imports")
                .then().statusCode(202).extract().path("id");
        while (true) {
            Thread.sleep(200);
            Map<String, Object> job = given().auth().oauth2(TestTokens.admin())
                    .when().get("/api/v1/customer-imports/" + id)
                    .then().statusCode(200).extract().jsonPath().getMap("");
            if (!"queued".equals(job.get("status")) && !"running".equals(job.get("status"))) {
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(job.get("status")).as("import " + job).isEqualTo("completed");
                assertThat(((Number) job.get("accepted")).intValue()).isEqualTo(to - from);
                return (to - from) / seconds;
            }
        }
    }

    /** How many customers the blocking keys hold: the work a query can bring in. */
    private void blockStatistics() throws SQLException {
        try (Connection db = jdbc(); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("""
                        select count(*), sum(c), percentile_disc(array[0.5, 0.9, 0.99, 0.999]) within group (order by c),
                               max(c), count(*) filter (where c > 1000)
                        from (select count(*) c from customer_blocking_key group by key) blocks
                        """)) {
            rs.next();
            System.out.printf("blocking keys: %,d keys, %,d (key, customer) rows; customers per key p50/p90/p99/p99.9 %s, "
                    + "max %,d; %,d keys over the 1,000 cap%n", rs.getLong(1), rs.getLong(2),
                    Arrays.toString((Object[]) rs.getArray(3).getArray()), rs.getLong(4), rs.getLong(5));
        }
    }

    /** As the owner (the migrations' role): the bulk load drops and rebuilds indexes, which the service's role may not. */
    private static Connection jdbc() throws SQLException {
        return OwnerDatabase.connect();
    }

    private static Path febrl() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path shared = dir.resolve("shared/datasets/febrl-dataset1.csv");
            if (Files.exists(shared)) {
                return shared;
            }
        }
        return Path.of("src/test/resources/febrl/febrl-dataset1.csv");
    }

    private static String machine() {
        return String.format("%d cores, %d GiB, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize() >> 30,
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
