package io.outpost.ingest.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.outpost.ingest.domain.MalformedWebhookException;
import io.outpost.ingest.domain.WebhookBatch;
import io.outpost.ingest.store.PostStore;
import io.outpost.kit.api.ApiException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What every webhook does once its signature holds: parse the raw body, normalize it (the whole
 * delivery is refused with 400 before anything is stored if any item is malformed), then accept
 * each post on its own through {@link PostStore#accept}, in delivery order. Each post is idempotent
 * on (channel, externalId), so a platform redelivering a delivery (after a timeout, or after a
 * failure half-way) publishes nothing twice.
 */
@ApplicationScoped
public class WebhookIntake {

    private static final Logger LOG = Logger.getLogger(WebhookIntake.class);

    private final PostStore posts;
    private final ObjectReader reader;

    public WebhookIntake(PostStore posts, ObjectMapper mapper) {
        this.posts = posts;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public Uni<WebhookReceipt> ingest(String platform, byte[] body, Function<JsonNode, WebhookBatch> normalizer) {
        WebhookBatch batch;
        try {
            batch = normalizer.apply(parse(body));
        } catch (MalformedWebhookException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        batch.skipped().forEach(reason -> LOG.infof("%s webhook: skipped %s", platform, reason));
        return Multi.createFrom().iterable(batch.posts())
                .onItem().transformToUniAndConcatenate(posts::accept)
                .collect().asList()
                .map(accepted -> {
                    int duplicates = (int) accepted.stream().filter(PostStore.Accepted::duplicate).count();
                    return new WebhookReceipt(accepted.size() - duplicates, duplicates, batch.skipped().size());
                });
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
