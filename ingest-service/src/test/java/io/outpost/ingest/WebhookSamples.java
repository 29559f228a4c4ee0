package io.outpost.ingest;

import io.outpost.devstack.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The sample deliveries in {@code src/test/resources/webhooks}, with {@code {{run}}} made unique. */
public final class WebhookSamples {

    private WebhookSamples() {
    }

    /** A value unique to one use of a sample: digits, as the platforms' ids are. */
    public static String newRun() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }

    /**
     * Posts a body over the size limit and returns the status. {@code Expect: 100-continue} lets the
     * server refuse on the headers alone; without it the client may still be writing the body when
     * the server's 413 closes the connection, and the test sees a broken pipe instead of the 413.
     */
    public static int postOversized(String path, String signatureHeader, String signature, byte[] body) {
        return RestAssured.given()
                .contentType(ContentType.JSON)
                .header("Expect", "100-continue")
                .header(signatureHeader, signature)
                .body(body)
                .when().post(path)
                .then().extract().statusCode();
    }

    /**
     * The webhook answers once a delivery is queued; this waits until it was ingested and returns
     * what it led to ({@code GET /api/v1/webhook-deliveries/{deliveryId}}: accepted, duplicates,
     * skipped, changed, unchanged). An answer other than 200 is returned as it is.
     */
    public static ValidatableResponse ingested(ValidatableResponse answer) {
        Response response = answer.extract().response();
        if (response.statusCode() != 200) {
            return answer;
        }
        String id = response.path("deliveryId");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Response outcome = RestAssured.given().auth().oauth2(TestTokens.admin())
                    .when().get("/api/v1/webhook-deliveries/" + id);
            if (outcome.statusCode() != 404 || System.nanoTime() > deadline) {
                return outcome.then().log().ifValidationFails().statusCode(200);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** X's v1.1 time format, e.g. {@code Wed Oct 10 20:19:24 +0000 2018}. */
    public static final DateTimeFormatter X_TIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /**
     * One tweet delivered to our account {@code forUser} ({@code x/tweet-create-one.json}): tweet
     * {@code 18610000<account><run>} by user {@code 18609990<account><run>}, whose account was created at
     * {@code accountCreatedAt}, posted at {@code postedAt}, saying "@AcmeSupport " + {@code text} (plain
     * text: no quotes or backslashes).
     */
    public static String xTweet(String run, String forUser, String account, Instant postedAt, Instant accountCreatedAt,
            String text) {
        return load("x/tweet-create-one.json", run)
                .replace("{{forUser}}", forUser)
                .replace("{{account}}", account)
                .replace("{{postedAt}}", X_TIME.format(postedAt))
                .replace("{{accountCreatedAt}}", X_TIME.format(accountCreatedAt))
                .replace("{{text}}", text);
    }

    public static String load(String name, String run) {
        try (InputStream in = WebhookSamples.class.getResourceAsStream("/webhooks/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{run}}", run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
