package io.outpost.ingest.api;

import io.outpost.devstack.LocalTokens;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.ingest.PostEvents;
import io.outpost.ingest.domain.CsvFields;
import io.outpost.ingest.domain.ImportFormat;
import io.outpost.ingest.domain.ImportJob;
import io.outpost.ingest.domain.ImportRecords;
import io.outpost.ingest.domain.IncomingPost;
import io.outpost.ingest.store.ImportJobStore;
import io.outpost.ingest.store.Importer;
import io.outpost.ingest.store.PostStore;
import io.outpost.contracts.Visibility;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ImportsResourceTest {

    /** One settle for the class's post counts: {@link PostEvents#settledOnce()}. */
    static final PostEvents.SettledOnce POSTS = PostEvents.settledOnce();

    @AfterAll
    static void settled() {
        POSTS.assertSettled();
    }

    static final String TWCS = "/imports/twcs-dev.csv";
    static final Duration DONE = Duration.ofSeconds(180);

    @Inject
    ImportJobStore jobs;
    @Inject
    Importer importer;
    @Inject
    PostStore posts;

    static String forumPost(String externalId, String text) {
        return "{\"channel\":\"forum\",\"externalId\":\"" + externalId + "\",\"author\":{\"platformUserId\":\"u-7\"},"
                + "\"text\":\"" + text + "\",\"createdAt\":\"2026-11-01T08:00:00Z\"}";
    }

    static String upload(String token, String contentType, byte[] body, int status) {
        return given().auth().oauth2(token).contentType(contentType).body(body)
                .when().post("/api/v1/imports")
                .then().log().ifValidationFails().statusCode(status)
                .extract().asString();
    }

    static String startImport(String contentType, byte[] body) {
        var response = given().auth().oauth2(TestTokens.integration()).contentType(contentType).body(body)
                .when().post("/api/v1/imports")
                .then().log().ifValidationFails().statusCode(202)
                .body("status", is("queued"))
                .extract();
        String id = response.path("id");
        assertThat(response.header("Location")).endsWith("/api/v1/imports/" + id);
        return id;
    }

    static JsonPath job(String id) {
        return given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/imports/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    static JsonPath awaitFinished(String id) {
        return Poll.until("import " + id + " finished", DONE, () -> job(id),
                j -> "completed".equals(j.getString("status")) || "failed".equals(j.getString("status")));
    }

    static byte[] resource(String path) throws IOException {
        try (InputStream in = ImportsResourceTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }

    /** The twcs rows, read independently of the importer's CSV code path: tweet id → inbound. */
    static Map<String, Boolean> twcsRows(byte[] csv) throws IOException {
        ImportRecords records = new ImportRecords(new ByteArrayInputStream(csv), 0, 0, true, 1 << 20);
        records.next(); // header
        Map<String, Boolean> rows = new java.util.LinkedHashMap<>();
        for (ImportRecords.Record r; (r = records.next()) != null;) {
            List<String> fields = CsvFields.parse(r.text());
            rows.put(fields.get(0), Boolean.parseBoolean(fields.get(2).toLowerCase()));
        }
        return rows;
    }

    static List<PostIngested> twcsEvents(Set<String> ids, int atLeast, Duration wait) {
        return TestEvents.readUntil(Topics.POSTS, rs -> twcsOnly(rs, ids).size() >= atLeast, wait).stream()
                .filter(r -> r.value() != null && r.value().contains("\"x\""))
                .map(r -> TestEvents.payload(r, PostIngested.class))
                .filter(p -> p.channel() == Channel.X && ids.contains(p.externalId()))
                .toList();
    }

    static List<ConsumerRecord<String, String>> twcsOnly(List<ConsumerRecord<String, String>> records, Set<String> ids) {
        return records.stream().filter(r -> r.value() != null && r.value().contains("\"x\""))
                .filter(r -> {
                    PostIngested p = TestEvents.payload(r, PostIngested.class);
                    return p.channel() == Channel.X && ids.contains(p.externalId());
                }).toList();
    }

    @Test
    void theTwcsSampleIsImportedEndToEndAndASecondImportPublishesNothing() throws IOException {
        byte[] csv = resource(TWCS);
        Map<String, Boolean> rows = twcsRows(csv);
        assertThat(rows).hasSize(2366);
        Set<String> ids = rows.keySet();

        long started = System.nanoTime();
        String id = startImport("text/csv", csv);
        JsonPath done = awaitFinished(id);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("twcs-dev import: %d lines in %.1f s (%.0f lines/s)%n", rows.size(), seconds, rows.size() / seconds);

        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getString("format")).isEqualTo(ImportFormat.CSV_TWCS.wireName());
        assertThat(done.getLong("linesRead")).isEqualTo(2366);
        assertThat(done.getLong("accepted") + done.getLong("rejected")).as("every row accepted or rejected").isEqualTo(2366);
        assertThat(done.getLong("duplicates")).isZero();
        assertThat(done.getLong("rejected")).isEqualTo(done.getList("rejections").size());
        assertThat(done.getList("rejections.reason", String.class)).allSatisfy(reason -> assertThat(reason).isNotBlank());
        assertThat(done.getLong("published")).isEqualTo(done.getLong("accepted"));
        long accepted = done.getLong("accepted");
        assertThat(accepted).isEqualTo(2366);

        List<PostIngested> events = twcsEvents(ids, (int) accepted, Duration.ofSeconds(60));
        assertThat(events).hasSize((int) accepted);
        assertThat(events).extracting(PostIngested::externalId).doesNotHaveDuplicates();
        assertThat(events).allSatisfy(e -> assertThat(e.fromOwnAccount())
                .as("fromOwnAccount of tweet %s", e.externalId()).isEqualTo(!rows.get(e.externalId())));
        assertThat(events.stream().filter(PostIngested::fromOwnAccount).count()).isEqualTo(1061);
        PostIngested brandReply = events.stream().filter(e -> e.externalId().equals("11")).findFirst().orElseThrow();
        assertThat(brandReply.inReplyToExternalId()).isEqualTo("12");
        assertThat(brandReply.author().handle()).isEqualTo("sprintcare");
        assertThat(brandReply.author().profile()).as("an import knows no profile").isNull();
        assertThat(brandReply.createdAt()).isEqualTo(Instant.parse("2017-10-31T22:10:35Z"));
        // The brand reply's record itself conforms to the contract (it was read above, so it is there).
        List<ConsumerRecord<String, String>> brandReplyRecords = TestEvents.awaitContaining(Topics.POSTS,
                "\"externalId\":\"11\"", Duration.ofSeconds(30));
        assertThat(brandReplyRecords).isNotEmpty();
        brandReplyRecords.forEach(ContractCheck::assertConforms);

        // The same file again: every row is a duplicate, nothing is published.
        String again = startImport("text/csv", csv);
        JsonPath second = awaitFinished(again);
        assertThat(second.getString("status")).isEqualTo("completed");
        assertThat(second.getLong("linesRead")).isEqualTo(2366);
        assertThat(second.getLong("accepted")).isZero();
        assertThat(second.getLong("published")).isZero();
        assertThat(second.getLong("duplicates")).isEqualTo(accepted);
        // Nothing published again: counted after the class's settle, which starts after this import finished.
        POSTS.expect("twcs-dev post.ingested events", r -> !twcsOnly(List.of(r), ids).isEmpty(), (int) accepted);
    }

    @Test
    void badNdjsonLinesAreRejectedWithTheirLineNumbersAndTheRestIsAccepted() {
        String marker = "nd-" + UUID.randomUUID();
        String body = String.join("\n",
                forumPost(marker + "-1", "first"),                                    // line 1
                "{\"channel\":\"forum\", broken",                                    // line 2: not JSON
                forumPost(marker + "-2", "second"),                                   // line 3
                forumPost("", "no id " + marker),                                     // line 4: blank externalId
                "",                                                                   // line 5: blank, skipped
                forumPost(marker + "-3", "third").replace("2026-11-01", "2999-01-01"), // line 6: future
                forumPost(marker + "-4", "fourth").replace("forum", "myspace"),        // line 7: unknown channel
                forumPost(marker + "-5", "fifth"),                                    // line 8
                "[1,2]",                                                              // line 9: not an object
                forumPost(marker + "-6", "nul \\u0000 char")) + "\n";                 // line 10: NUL
        String id = startImport("application/x-ndjson", body.getBytes(StandardCharsets.UTF_8));
        JsonPath done = awaitFinished(id);
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getLong("linesRead")).isEqualTo(9);
        assertThat(done.getLong("accepted")).isEqualTo(3);
        assertThat(done.getLong("published")).isEqualTo(3);
        assertThat(done.getLong("rejected")).isEqualTo(6);
        assertThat(done.getList("rejections.line", Long.class)).containsExactly(2L, 4L, 6L, 7L, 9L, 10L);
        List<String> reasons = done.getList("rejections.reason", String.class);
        assertThat(reasons.get(0)).contains("JSON");
        assertThat(reasons.get(1)).contains("externalId");
        assertThat(reasons.get(2)).contains("future");
        assertThat(reasons.get(5)).contains("NUL");
        assertThat(reasons).allSatisfy(r -> assertThat(r).isNotBlank());

        List<ConsumerRecord<String, String>> events = POSTS.exactly(marker, 3);
        assertThat(events).extracting(r -> TestEvents.payload(r, PostIngested.class).externalId())
                .containsExactlyInAnyOrder(marker + "-1", marker + "-2", marker + "-5");
    }

    @Test
    void aCsvOfThePostShapeIsImported() {
        String marker = "csv-" + UUID.randomUUID();
        String csv = "channel,externalId,author.platformUserId,author.handle,text,createdAt,inReplyToExternalId\r\n"
                + "forum," + marker + "-1,u-1,dana,\"Hello, \"\"world\"\"\nsecond line\",2026-11-01T08:00:00Z,\r\n"
                + "forum," + marker + "-2,u-2,,reply,2026-11-01T08:05:00Z," + marker + "-1\r\n"
                + "forum,,u-3,,no id,2026-11-01T08:05:00Z,\r\n";
        JsonPath done = awaitFinished(startImport("text/csv; charset=utf-8", csv.getBytes(StandardCharsets.UTF_8)));
        assertThat(done.getString("format")).isEqualTo("csv-posts");
        assertThat(done.getLong("accepted")).isEqualTo(2);
        assertThat(done.getList("rejections.line", Long.class)).containsExactly(5L);
        List<ConsumerRecord<String, String>> events = POSTS.exactly(marker, 2);
        PostIngested first = PostEvents.byExternalId(events, marker + "-1");
        assertThat(first.text()).isEqualTo("Hello, \"world\"\nsecond line");
        assertThat(PostEvents.recordOf(events, marker + "-2").key()).isEqualTo("forum:" + marker + "-1");
    }

    @Test
    void badUploadsAreRefusedBeforeAJobIsCreated() {
        String token = TestTokens.integration();
        upload(token, "text/plain", "a,b".getBytes(StandardCharsets.UTF_8), 415);
        upload(token, "application/json", "{}".getBytes(StandardCharsets.UTF_8), 415);
        given().auth().oauth2(token).contentType("application/x-ndjson").body(new byte[0])
                .when().post("/api/v1/imports")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("empty"));
        given().auth().oauth2(token).contentType("text/csv").body("a,b,c\n1,2,3\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/imports")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("header"));
        given().auth().oauth2(token).when().get("/api/v1/imports/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token).when().get("/api/v1/imports/not-a-uuid")
                .then().statusCode(400).contentType("application/problem+json");
    }

    /** The upload limit is the import's own (64M in tests), refused on the declared length before the body is sent. */
    @Test
    void anUploadOverTheLimitIsRefusedWith413AndOtherEndpointsKeepOneMebibyte() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/imports HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.integration()
                    + "\r\nContent-Type: text/csv\r\nContent-Length: " + (65L << 20) + "\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 413");
        }
        // Over 1 MiB is fine for an import ...
        String marker = "big-" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            body.append(forumPost(marker + "-" + i, "a".repeat(20_000))).append('\n');
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isGreaterThan(1 << 20);
        JsonPath done = awaitFinished(startImport("application/x-ndjson", bytes));
        assertThat(done.getLong("accepted")).isEqualTo(70);
        // ... but not for a single post.
        given().auth().oauth2(TestTokens.integration()).header("Expect", "100-continue")
                .contentType("application/json").body(forumPost(marker, "a".repeat(1_100_000)))
                .when().post("/api/v1/posts")
                .then().statusCode(413);
    }

    @Test
    void onlyIntegrationsAndAdminsMayImport() {
        byte[] body = (forumPost("roles-" + UUID.randomUUID(), "hi") + "\n").getBytes(StandardCharsets.UTF_8);
        given().contentType("application/x-ndjson").body(body).when().post("/api/v1/imports")
                .then().statusCode(401).contentType("application/problem+json");
        given().when().get("/api/v1/imports").then().statusCode(401).contentType("application/problem+json");
        given().when().get("/api/v1/imports/" + UUID.randomUUID()).then().statusCode(401);
        String foreign = LocalTokens.foreignToken("mallory", "admin");
        given().auth().oauth2(foreign).contentType("application/x-ndjson").body(body).when().post("/api/v1/imports")
                .then().statusCode(401);
        given().auth().oauth2(foreign).when().get("/api/v1/imports").then().statusCode(401);
        for (String role : new String[] { "agent", "supervisor" }) {
            String token = TestTokens.forRole(role);
            given().auth().oauth2(token).contentType("application/x-ndjson").body(body).when().post("/api/v1/imports")
                    .then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token).when().get("/api/v1/imports")
                    .then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token).when().get("/api/v1/imports/" + UUID.randomUUID())
                    .then().statusCode(403).contentType("application/problem+json");
        }
        for (String role : new String[] { "integration", "admin" }) {
            String token = TestTokens.forRole(role);
            String id = given().auth().oauth2(token).contentType("application/x-ndjson").body(body)
                    .when().post("/api/v1/imports")
                    .then().statusCode(202).extract().path("id");
            given().auth().oauth2(token).when().get("/api/v1/imports/" + id).then().statusCode(200);
            given().auth().oauth2(token).when().get("/api/v1/imports").then().statusCode(200);
        }
    }

    @Test
    void theListIsPagedWithACursor() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(startImport("application/x-ndjson",
                    (forumPost("page-" + UUID.randomUUID(), "hi") + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(TestTokens.admin()).queryParam("limit", 2);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/v1/imports").then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.id", String.class);
            assertThat(ids.size()).isBetween(1, 2);
            ids.forEach(id -> assertThat(seen.add(id)).as("no job twice: " + id).isTrue());
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 1000);
        assertThat(seen).containsAll(created);
        given().auth().oauth2(TestTokens.admin()).queryParam("cursor", "nope").when().get("/api/v1/imports")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).queryParam("limit", 0).when().get("/api/v1/imports")
                .then().statusCode(400);
    }

    /**
     * The same posts arriving through the post API while the import runs: each is stored and
     * published once, whichever door wins (a lost race aborts the import's batch transaction,
     * which then accepts the batch post by post).
     */
    @Test
    void postsRacingInThroughTheApiArePublishedOnce() throws Exception {
        String marker = "race-" + UUID.randomUUID();
        int n = 300;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < n; i++) {
            body.append(forumPost(marker + "-" + i, "race " + i)).append('\n');
        }
        String id = startImport("application/x-ndjson", body.toString().getBytes(StandardCharsets.UTF_8));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = n - 1; i >= 0; i--) {
                String post = forumPost(marker + "-" + i, "race " + i);
                answers.add(pool.submit(() -> given().auth().oauth2(TestTokens.integration())
                        .contentType("application/json").body(post)
                        .when().post("/api/v1/posts").then().extract().statusCode()));
            }
            long storedByApi = 0;
            for (var answer : answers) {
                int status = answer.get();
                assertThat(status).isIn(200, 202);
                storedByApi += status == 202 ? 1 : 0;
            }
            JsonPath done = awaitFinished(id);
            assertThat(done.getString("status")).isEqualTo("completed");
            assertThat(done.getLong("accepted") + done.getLong("duplicates")).isEqualTo(n);
            assertThat(done.getLong("accepted") + storedByApi).as("each post stored once, by one door").isEqualTo(n);
        } finally {
            pool.shutdownNow();
        }
        List<ConsumerRecord<String, String>> events = POSTS.exactly(marker, n);
        assertThat(events).extracting(r -> TestEvents.payload(r, PostIngested.class).externalId()).doesNotHaveDuplicates();
    }

    /**
     * A job interrupted mid-way: lines 1-5 committed, lines 6-8 stored but their batch not committed
     * (the crash came before), 9-20 not read. The start-up routine resumes it; nothing is published twice.
     */
    @Test
    void anInterruptedJobResumesFromItsLastCommittedLineWithoutPublishingTwice() throws IOException {
        String marker = "resume-" + UUID.randomUUID();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            lines.add(forumPost(marker + "-" + i, "line " + i));
        }
        byte[] content = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        Path dir = Path.of("target", "imports");
        Files.createDirectories(dir);
        Path file = dir.resolve(marker + ".upload");
        Files.write(file, content);
        long offsetAfterLine5 = lines.subList(0, 5).stream()
                .mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length + 1).sum();

        // What happened before the crash: lines 1-8 stored (and their events written) ...
        for (int i = 1; i <= 8; i++) {
            IncomingPost post = new IncomingPost(Channel.FORUM, marker + "-" + i, "u-7", null, null, "line " + i,
                    Instant.parse("2026-11-01T08:00:00Z"), null, null, Visibility.PUBLIC, false);
            assertThat(await(() -> posts.accept(post)).duplicate()).isFalse();
        }
        // ... but the job's last commit was after line 5.
        ImportJob job = new ImportJob();
        job.id = UUID.randomUUID();
        job.format = ImportFormat.NDJSON.wireName();
        job.contentType = "application/x-ndjson";
        job.filePath = file.toString();
        job.fileSize = content.length;
        job.status = ImportJob.QUEUED;
        await(() -> jobs.create(job));
        await(() -> jobs.reset(job.id, ImportJob.RUNNING, new ImportJobStore.Progress(5, 5, 0, 0, 5, offsetAfterLine5, 5))
                .replaceWith(job));

        assertThat(importer.resumeUnfinished()).contains(job.id);
        JsonPath done = awaitFinished(job.id.toString());
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getLong("linesRead")).isEqualTo(20);
        assertThat(done.getLong("accepted")).isEqualTo(17);
        assertThat(done.getLong("duplicates")).as("lines 6-8, stored before the crash").isEqualTo(3);
        assertThat(done.getLong("published")).isEqualTo(17);
        assertThat(done.getLong("committedLine")).isEqualTo(20);
        assertThat(Files.exists(file)).as("the upload is deleted once its job completed").isFalse();

        List<ConsumerRecord<String, String>> events = POSTS.exactly(marker, 20);
        assertThat(events).extracting(r -> TestEvents.payload(r, PostIngested.class).externalId()).doesNotHaveDuplicates();
        // Resuming a finished job does nothing.
        assertThat(importer.resumeUnfinished()).doesNotContain(job.id);
    }

    static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
