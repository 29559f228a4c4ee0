package io.outpost.ingest;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
