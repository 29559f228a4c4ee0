package io.outpost.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.ingest.PostEvents;
import io.outpost.ingest.WebhookSamples;
import io.outpost.ingest.domain.WebhookSignatures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Correctly signed deliveries that are broken in generated ways: every one is refused with a 4xx,
 * none is a 5xx, and nothing of them is published.
 */
@QuarkusTest
class MalformedWebhooksTest {

    static final List<String> META = List.of("page-feed.json", "messenger.json", "instagram-comments.json",
            "instagram-messages.json");
    static final List<String> X = List.of("tweet-create.json", "direct-message.json");
    static final String[] BAD_TOKENS = { ",", ",,", "}", "]", ":", "\"", "{", "[", "nul", "tru", "'", "\\", "1e", "--" };
    static final String[] WRONG_ROOTS = { "[]", "\"text\"", "42", "null", "true", "[{\"object\":\"page\"}]" };

    @Test
    void aThousandBrokenSignedDeliveriesGetA4xxAndPublishNothing() {
        String run = WebhookSamples.newRun();
        Random random = new Random(20261122L);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            boolean meta = i % 2 == 0;
            String sample = WebhookSamples.load((meta ? "meta/" : "x/")
                    + (meta ? META : X).get(random.nextInt(meta ? META.size() : X.size())), run);
            String body = mutate(sample, run, random);
            int status = send(meta, body);
            statuses.merge(status, 1, Integer::sum);
            if (status < 400 || status >= 500) {
                failures.add(status + " for " + body.substring(0, Math.min(200, body.length())));
            }
        }
        assertThat(failures).as("deliveries not answered with a 4xx; statuses " + statuses).isEmpty();
        PostEvents.none(run);
    }

    /** A variant of a sample that is certainly not a valid delivery. */
    static String mutate(String sample, String run, Random random) {
        int lastBrace = sample.lastIndexOf('}');
        return switch (random.nextInt(5)) {
            // Cut off anywhere before the closing brace.
            case 0 -> sample.substring(0, random.nextInt(lastBrace));
            // A stray token where the first member must start.
            case 1 -> "{" + BAD_TOKENS[random.nextInt(BAD_TOKENS.length)] + sample.substring(sample.indexOf('{') + 1);
            // A stray token after the end.
            case 2 -> sample.substring(0, lastBrace + 1) + " " + BAD_TOKENS[random.nextInt(BAD_TOKENS.length)];
            // Valid JSON, but not an object.
            case 3 -> random.nextBoolean() ? WRONG_ROOTS[random.nextInt(WRONG_ROOTS.length)] + " " : "[" + sample + "]";
            // Nesting deeper than any parser should follow.
            default -> "{\"object\":\"page\",\"r\":\"" + run + "\",\"x\":" + "[".repeat(2_000 + random.nextInt(5_000))
                    + "]".repeat(10) + "}";
        };
    }

    static int send(boolean meta, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = meta
                ? WebhookSignatures.metaSignature(secret("outpost.meta.app-secret"), bytes)
                : WebhookSignatures.xSignature(secret("outpost.x.consumer-secret"), bytes);
        return given().contentType(ContentType.JSON)
                .header(meta ? "X-Hub-Signature-256" : "x-twitter-webhooks-signature", signature)
                .body(bytes)
                .when().post(meta ? "/webhooks/meta" : "/webhooks/x")
                .then().extract().statusCode();
    }

    static String secret(String property) {
        return ConfigProvider.getConfig().getValue(property, String.class);
    }
}
