package io.outpost.ingest.bench;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Topics;
import io.outpost.devstack.Devstack;
import io.outpost.devstack.TestTokens;
import io.outpost.ingest.domain.CsvFields;
import io.outpost.ingest.domain.ImportRecords;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bulk import speed: twcs-dev.csv (2,366 rows) and a generated twcs-shaped file of
 * {@code bench.import-lines} (100,000) lines made from it, each imported {@code bench.import-repeats} (3; the large file {@code bench.import-large-repeats}, as many)
 * times with fresh tweet ids (so every line is a new post), lines/s from the job's own start and
 * finish times; every accepted post's {@code post.ingested} read back from Kafka exactly once.
 * On demand only: {@code ../mvnw -B test -Pbenchmark -Dtest=ImportBenchmark} (README).
 */
@QuarkusTest
@TestProfile(WebhookBenchmark.ProductionSettings.class)
@Tag("benchmark")
class ImportBenchmark {

    /** Sizes of the generated files, comma-separated. */
    static final List<Integer> LINES = List.of(System.getProperty("bench.import-lines", "100000").split(",")).stream()
            .map(String::strip).map(Integer::parseInt).toList();
    static final int REPEATS = Integer.getInteger("bench.import-repeats", 3);
    static final int LARGE_REPEATS = Integer.getInteger("bench.import-large-repeats", REPEATS);

    record Run(long lines, long accepted, double seconds, double publishedSeconds) {
        double linesPerSecond() {
            return lines / seconds;
        }
    }

    @Test
    void importSpeed() throws Exception {
        List<String> header = new ArrayList<>();
        List<List<String>> rows = twcsRows(WebhookBenchmark.datasetPath(), header);
        Path dir = Path.of("target", "benchmark");
        Files.createDirectories(dir);
        StringBuilder report = new StringBuilder(String.format("%n## ingest-service import benchmark%n%n%s%n%n",
                WebhookBenchmark.machine()));
        report.append("| file | lines | runs | lines/s (median) | all | upload → last post.ingested read (median) |\n|---|---|---|---|---|---|\n");
        try (PostArrivals posts = new PostArrivals(Devstack.testKafkaBootstrap(), Topics.POSTS, PostArrivals::ingestedExternalId)) {
            List<int[]> shapes = new ArrayList<>();
            shapes.add(new int[] {rows.size(), 0});
            LINES.forEach(lines -> shapes.add(new int[] {lines, 1}));
            for (int[] shape : shapes) {
                List<Run> runs = new ArrayList<>();
                for (int repeat = 1; repeat <= (shape[1] == 0 ? REPEATS : LARGE_REPEATS); repeat++) {
                    String run = Long.toString(System.currentTimeMillis() % 100_000_000L + 100_000_000L) + repeat;
                    Path file = dir.resolve("import-" + run + ".csv");
                    List<String> ids = write(file, header, rows, shape[0], run);
                    Run r = importOnce(file, ids, posts);
                    Files.deleteIfExists(file);
                    System.out.printf("[bench] import of %d lines, run %d: %.0f lines/s (%.1f s; published after %.1f s)%n",
                            r.lines(), repeat, r.linesPerSecond(), r.seconds(), r.publishedSeconds());
                    runs.add(r);
                }
                report.append(String.format("| %s | %d | %d | %.0f | %s | %.1f s |%n",
                        shape[1] == 0 ? "twcs-dev.csv (fresh ids)" : "generated from twcs-dev", shape[0], runs.size(),
                        Latencies.median(runs.stream().map(Run::linesPerSecond).toList()),
                        runs.stream().map(r -> String.format("%.0f", r.linesPerSecond())).toList(),
                        Latencies.median(runs.stream().map(Run::publishedSeconds).toList())));
            }
            assertThat(posts.duplicates()).as("post.ingested records read twice").isZero();
        }
        System.out.println(report);
        Files.writeString(dir.resolve("import-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()
                .replace(':', '-') + ".md"), report.toString());
    }

    private static Run importOnce(Path file, List<String> ids, PostArrivals posts) throws Exception {
        long started = System.nanoTime();
        String id = given().auth().oauth2(TestTokens.integration()).contentType("text/csv").body(file.toFile())
                .when().post("/api/v1/imports")
                .then().statusCode(202).extract().path("id");
        JsonPath job;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        do {
            Thread.sleep(200);
            job = given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/imports/" + id)
                    .then().statusCode(200).extract().jsonPath();
        } while (!"completed".equals(job.getString("status")) && !"failed".equals(job.getString("status"))
                && System.nanoTime() < deadline);
        assertThat(job.getString("status")).as("import %s: %s", id, job.getString("error")).isEqualTo("completed");
        assertThat(job.getLong("linesRead")).isEqualTo(ids.size());
        assertThat(job.getLong("accepted") + job.getLong("duplicates") + job.getLong("rejected")).isEqualTo(ids.size());
        assertThat(posts.awaitAll(acceptedIds(ids, job), Duration.ofSeconds(60))).as("accepted posts never published").isZero();
        double published = (System.nanoTime() - started) / 1e9;
        double seconds = Duration.between(Instant.parse(job.getString("startedAt")), Instant.parse(job.getString("finishedAt")))
                .toNanos() / 1e9;
        return new Run(job.getLong("linesRead"), job.getLong("accepted"), seconds, published);
    }

    /** Every line is a new tweet here (fresh ids): all of them must be published, none twice. */
    private static List<String> acceptedIds(List<String> ids, JsonPath job) {
        assertThat(job.getLong("accepted")).as("every line accepted (fresh ids)").isEqualTo(ids.size());
        return ids;
    }

    /** twcs rows (header kept), read with the module's own record splitter. */
    static List<List<String>> twcsRows(Path csv, List<String> header) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(csv)) {
            ImportRecords records = new ImportRecords(in, 0, 0, true, 1 << 20);
            header.addAll(CsvFields.parse(records.next().text()));
            for (ImportRecords.Record r = records.next(); r != null; r = records.next()) {
                rows.add(CsvFields.parse(r.text()));
            }
        }
        return rows;
    }

    /**
     * {@code lines} rows cycling through the data set, tweet ids (and reply targets) prefixed with the
     * run and the cycle so that each is new and threads stay threads; answers the ids in file order.
     */
    static List<String> write(Path file, List<String> header, List<List<String>> rows, int lines, String run)
            throws IOException {
        int tweetId = header.indexOf("tweet_id");
        int replyTo = header.indexOf("in_response_to_tweet_id");
        int responses = header.indexOf("response_tweet_id");
        int author = header.indexOf("author_id");
        int inbound = header.indexOf("inbound");
        List<String> ids = new ArrayList<>(lines);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", header));
            out.write('\n');
            for (int i = 0; i < lines; i++) {
                List<String> row = new ArrayList<>(rows.get(i % rows.size()));
                // fixed width: run 1's "12" + "3" must not meet run 12's "1" + "23"
                String prefix = run + String.format("%05d", i / rows.size());
                row.set(tweetId, prefix + row.get(tweetId));
                String parent = row.get(replyTo);
                if (!parent.isBlank()) {
                    row.set(replyTo, prefix + parent.replaceAll("\\.0+$", ""));
                }
                row.set(responses, "");
                if (Boolean.parseBoolean(row.get(inbound).toLowerCase())) {
                    // a customer of this cycle, not the same person repeating their tweet every cycle
                    row.set(author, row.get(author) + "c" + (i / rows.size()));
                }
                ids.add(row.get(tweetId));
                StringBuilder line = new StringBuilder();
                for (int f = 0; f < row.size(); f++) {
                    line.append(f == 0 ? "" : ",").append('"').append(row.get(f).replace("\"", "\"\"")).append('"');
                }
                out.write(line.append('\n').toString());
            }
        }
        return ids;
    }
}
