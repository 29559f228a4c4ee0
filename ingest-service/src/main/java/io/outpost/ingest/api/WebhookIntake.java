package io.outpost.ingest.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.outpost.ingest.domain.MalformedWebhookException;
import io.outpost.ingest.domain.WebhookBatch;
import io.outpost.ingest.store.PostChangeStore;
import io.outpost.ingest.store.PostStore;
import io.outpost.ingest.store.RawPayloadStore;
import io.outpost.ingest.store.UniqueViolations;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.outpost.kit.api.ApiException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What every webhook does once its signature holds: parse the raw body, normalize it (the whole
 * delivery is refused with 400 before anything is stored if any item is malformed), then keep it
 * and accept its posts in delivery order in one transaction ({@link PostStore#acceptAll}; post by
 * post should a racing duplicate abort it), then each delete or edit through
 * {@link PostChangeStore#apply}. Each post is idempotent on (channel, externalId) and
 * each change is a conditional update, so a platform redelivering a delivery (after a timeout, or
 * after a failure half-way) publishes nothing twice.
 */
@ApplicationScoped
public class WebhookIntake {

    private static final Logger LOG = Logger.getLogger(WebhookIntake.class);

    private final PostStore posts;
    private final PostChangeStore changes;
    private final RawPayloadStore rawPayloads;
    private final ObjectReader reader;

    public WebhookIntake(PostStore posts, PostChangeStore changes, RawPayloadStore rawPayloads, ObjectMapper mapper) {
        this.posts = posts;
        this.changes = changes;
        this.rawPayloads = rawPayloads;
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
        // Kept for audit once it is known to be the platform's and readable (a refused delivery writes nothing).
        return acceptAll(platform, body, batch)
                .chain(accepted -> applyEach(batch).map(outcomes -> receipt(batch, accepted, outcomes)));
    }

    /**
     * The delivery kept for audit and its posts accepted in one transaction (one commit per delivery).
     * Should it fail (a post racing in through another delivery hits the unique key and aborts it), it
     * is rolled back whole and done again piece by piece: the delivery kept, then each post in a
     * transaction of its own, the racing one answered as a duplicate.
     */
    private Uni<List<PostStore.Accepted>> acceptAll(String platform, byte[] body, WebhookBatch batch) {
        return Panache.withTransaction(() -> rawPayloads.keepInTransaction(platform, body)
                        .chain(() -> posts.acceptAll(batch.posts())))
                .onFailure(UniqueViolations::isUniqueViolation).recoverWithUni(failure -> {
                    LOG.debugf("%s webhook: a post raced in meanwhile (%s); accepting the delivery post by post",
                            platform, failure.toString());
                    return rawPayloads.keep(platform, body).chain(() -> Multi.createFrom().iterable(batch.posts())
                            .onItem().transformToUniAndConcatenate(posts::accept).collect().asList());
                });
    }

    private Uni<List<PostChangeStore.Outcome>> applyEach(WebhookBatch batch) {
        return Multi.createFrom().iterable(batch.changes()).onItem().transformToUniAndConcatenate(changes::apply)
                .collect().asList();
    }

    private static WebhookReceipt receipt(WebhookBatch batch, List<PostStore.Accepted> accepted,
            List<PostChangeStore.Outcome> outcomes) {
        int duplicates = (int) accepted.stream().filter(PostStore.Accepted::duplicate).count();
        int changed = (int) outcomes.stream().filter(o -> o == PostChangeStore.Outcome.APPLIED).count();
        return new WebhookReceipt(accepted.size() - duplicates, duplicates, batch.skipped().size(), changed,
                outcomes.size() - changed);
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
