package io.outpost.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.outpost.ingest.WebhookSamples;
import io.outpost.ingest.store.RawPayloadStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Webhook deliveries are kept for audit, and purged after the retention (P30D). */
@QuarkusTest
class RawPayloadsTest {

    @Inject
    Pool db;

    @Inject
    RawPayloadStore rawPayloads;

    @Test
    void anAcceptedDeliveryIsKeptAsSentAndARefusedOneIsNot() {
        String run = WebhookSamples.newRun();
        String body = WebhookSamples.load("x/tweet-create.json", run);
        XWebhookResourceTest.deliverSigned(body).statusCode(200).body("accepted", is(2));
        // Signed but not X's shape: refused whole, so not kept either.
        XWebhookResourceTest.deliverSigned("{\"tweet_create_events\": \"" + run + "\"}").statusCode(400);

        List<String> kept = db.preparedQuery("select body from raw_payload where platform = 'x' and strpos(body, $1) > 0")
                .execute(Tuple.of(run)).await().atMost(Duration.ofSeconds(10))
                .stream().map(r -> r.getString("body")).toList();
        assertThat(kept).containsExactly(body);
    }

    @Test
    void deliveriesOlderThanTheRetentionArePurgedNewerOnesKept() throws Throwable {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        insert(old, now.minusDays(30).minusMinutes(5));
        insert(recent, now.minusDays(29));

        Integer purged = VertxContextSupport.subscribeAndAwait(() -> rawPayloads.purgeExpired());

        assertThat(purged).isGreaterThanOrEqualTo(1);
        List<UUID> left = db.preparedQuery("select id from raw_payload where id = any($1)")
                .execute(Tuple.of(new UUID[] { old, recent })).await().atMost(Duration.ofSeconds(10))
                .stream().map(r -> r.getUUID("id")).toList();
        assertThat(left).containsExactly(recent);
    }

    private void insert(UUID id, OffsetDateTime receivedAt) {
        db.preparedQuery("insert into raw_payload (id, platform, received_at, body) values ($1, 'meta', $2, '{}')")
                .execute(Tuple.of(id, receivedAt)).await().atMost(Duration.ofSeconds(10));
    }
}
