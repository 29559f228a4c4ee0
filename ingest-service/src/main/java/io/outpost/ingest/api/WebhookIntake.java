package io.outpost.ingest.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.outpost.ingest.domain.MalformedWebhookException;
import io.outpost.ingest.domain.WebhookBatch;
import io.outpost.ingest.domain.WebhookDelivery;
import io.outpost.ingest.domain.WebhookPlatform;
import io.outpost.ingest.messaging.WebhookQueue;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.messaging.TraceContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What every webhook does once its signature holds: parse the raw body and normalize it (a
 * delivery with any malformed item is refused with 400 and nothing is queued), then queue the
 * signed bytes on the intake buffer ({@link WebhookQueue}) and answer once Kafka has acknowledged
 * them. Storing, deduplicating and enriching happen behind the buffer
 * ({@link io.outpost.ingest.messaging.WebhookDeliveryConsumer}), so the platform's answer costs one
 * Kafka acknowledgement and never waits for PostgreSQL; should the broker not acknowledge in time,
 * the answer is 503 and the platform sends the delivery again.
 */
@ApplicationScoped
public class WebhookIntake {

    private static final Logger LOG = Logger.getLogger(WebhookIntake.class);

    private final WebhookQueue queue;
    private final ObjectReader reader;
    private final Clock clock = Clock.systemUTC();

    public WebhookIntake(WebhookQueue queue, ObjectMapper mapper) {
        this.queue = queue;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public Uni<WebhookReceipt> ingest(WebhookPlatform platform, byte[] body) {
        JsonNode root = parse(body);
        WebhookBatch batch;
        try {
            batch = platform.normalize(root);
        } catch (MalformedWebhookException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        batch.skipped().forEach(reason -> LOG.infof("%s webhook: skipped %s", platform.wireName(), reason));
        // The request's trace context goes with the delivery through the buffer to its posts' events.
        WebhookDelivery delivery = new WebhookDelivery(UUID.randomUUID(), platform, platform.recordKey(root),
                Instant.now(clock), body, TraceContext.current());
        return queue.enqueue(delivery)
                // Not acknowledged in time (the broker away): a retriable Kafka failure, answered 503 with
                // Retry-After by service-kit, and the platform sends the delivery again.
                .onFailure(RecordTooLargeException.class).transform(tooLarge -> new ApiException(413, "Payload too large",
                        "the delivery is too large to queue even compressed; nothing was accepted"))
                .map(ignored -> new WebhookReceipt(delivery.id(), batch.posts().size(), batch.changes().size(),
                        batch.skipped().size()));
    }

    /** The configured secret; unset, the webhook answers 503 and accepts nothing. */
    static String secretOrUnavailable(Optional<String> secret, String property) {
        return secret.filter(s -> !s.isBlank()).orElseThrow(() -> new ApiException(503, "Webhook not configured",
                "this webhook is not configured (" + property + "); nothing was accepted"));
    }

    /** 401 when the platform sent no signature, 403 when it does not match the raw body. */
    static void requireSignature(String header, String headerName, boolean valid) {
        if (header == null || header.isBlank()) {
            throw new ApiException(401, "Unauthorized", headerName + " is missing: unsigned deliveries are refused");
        }
        if (!valid) {
            throw new ApiException(403, "Forbidden", headerName + " does not match the body");
        }
    }

    private JsonNode parse(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                // PostgreSQL text cannot hold it: the audit copy could never be stored.
                throw ApiException.badRequest("the body contains a NUL byte, which cannot be stored");
            }
        }
        try {
            JsonNode root = body.length == 0 ? null : reader.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw ApiException.badRequest("the body is empty");
            }
            return root;
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
    }
}
