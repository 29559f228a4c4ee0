package io.outpost.cases.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestEvents;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.PoisonEventException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/**
 * service-kit's inbox under failures that the Kafka flow cannot produce on demand: a record is
 * processed the way the connector hands it over (on a safe duplicated Vert.x context), with
 * handlers that fail before they succeed. Each attempt must run in a transaction again.
 */
@QuarkusTest
class EventInboxRetryTest {

    @Inject
    EventInbox inbox;

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Test
    void aTransientFailureIsRetriedUntilTheEffectCommits() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String ceId = UUID.randomUUID().toString();
        String outcome = process(ceId, () -> attempts.incrementAndGet() == 1
                ? Uni.createFrom().failure(new PgException("could not serialize access", "ERROR", "40001", null))
                : Uni.createFrom().voidItem());

        assertThat(outcome).isEqualTo("ack");
        assertThat(attempts).hasValue(2);
        assertThat(processedRows(ceId)).as("the event id committed with the effect").isEqualTo(1);
        assertThat(process(ceId, () -> Uni.createFrom().item(attempts.incrementAndGet()).replaceWithVoid())).isEqualTo("ack");
        assertThat(attempts).as("a processed event id is not processed again").hasValue(2);
    }

    @Test
    void anUnexpectedFailureIsRetriedAFewTimes() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String ceId = UUID.randomUUID().toString();
        String outcome = process(ceId, () -> attempts.incrementAndGet() < 3
                ? Uni.createFrom().failure(new IllegalStateException("flaky"))
                : Uni.createFrom().voidItem());

        assertThat(outcome).isEqualTo("ack");
        assertThat(attempts).hasValue(3);
        assertThat(processedRows(ceId)).isEqualTo(1);
    }

    @Test
    void aFailureThatPersistsIsDeadLetteredAfterThreeAttempts() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String ceId = UUID.randomUUID().toString();
        String outcome = process(ceId, () -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("always"));
        });

        assertThat(outcome).startsWith("nack").contains("always");
        assertThat(attempts).hasValue(3);
        assertThat(processedRows(ceId)).as("a failed effect leaves no processed event id").isZero();
    }

    @Test
    void aPoisonEventIsDeadLetteredAtOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String outcome = process(UUID.randomUUID().toString(), () -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new PoisonEventException("against the contract"));
        });

        assertThat(outcome).startsWith("nack").contains("against the contract");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void anEventTheHandlerHasNoUseForIsAcknowledgedWithoutATransaction() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String ceId = UUID.randomUUID().toString();
        String outcome = process(ceId, () -> Uni.createFrom().item(attempts.incrementAndGet()).replaceWithVoid(),
                handler -> handler.only(post -> post.channel() != Channel.FORUM));

        assertThat(outcome).isEqualTo("ack");
        assertThat(attempts).as("the effect of a skipped event never runs").hasValue(0);
        assertThat(processedRows(ceId)).as("a skipped event leaves no processed event id").isZero();

        String relevant = process(UUID.randomUUID().toString(), () -> Uni.createFrom().item(attempts.incrementAndGet()).replaceWithVoid(),
                handler -> handler.only(post -> post.channel() == Channel.FORUM));
        assertThat(relevant).isEqualTo("ack");
        assertThat(attempts).as("an event the test lets through is processed").hasValue(1);
    }

    @Test
    void anEffectIdempotentByItsOwnKeyLeavesNoProcessedEventRow() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String ceId = UUID.randomUUID().toString();
        String outcome = process(ceId, () -> Uni.createFrom().item(attempts.incrementAndGet()).replaceWithVoid(),
                EventInbox.Handler::idempotentByOwnKey);

        assertThat(outcome).isEqualTo("ack");
        assertThat(attempts).hasValue(1);
        assertThat(processedRows(ceId)).as("no inbox row: the effect's own key makes it idempotent").isZero();
        assertThat(process(ceId, () -> Uni.createFrom().item(attempts.incrementAndGet()).replaceWithVoid(),
                EventInbox.Handler::idempotentByOwnKey)).isEqualTo("ack");
        assertThat(attempts).as("a redelivery reaches the effect, whose own key must make it a no-op").hasValue(2);
    }

    private long processedRows(String ceId) {
        return pool.preparedQuery("select count(*) from processed_event where event_id = $1").execute(Tuple.of(ceId))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    /**
     * Processes one post.ingested record whose handler first proves it runs in a database session,
     * then does what {@code effect} says. Returns "ack" or "nack: cause".
     */
    private String process(String ceId, Supplier<Uni<Void>> effect) throws Exception {
        return process(ceId, effect, handler -> handler);
    }

    private String process(String ceId, Supplier<Uni<Void>> effect,
            java.util.function.UnaryOperator<EventInbox.Handler<PostIngested>> options) throws Exception {
        PostIngested post = CaseFixtures.customerPost(Channel.FORUM, CaseFixtures.T0);
        DefaultIncomingCloudEventMetadata<String> ce = new DefaultIncomingCloudEventMetadata<>("1.0", ceId,
                URI.create("/outpost/test"), EventTypes.POST_INGESTED, "application/json", null, null,
                ZonedDateTime.now(), Map.of(), null);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Message<String> message = Message.of(TestEvents.json(post), Metadata.of(ce),
                () -> {
                    outcome.complete("ack");
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    outcome.complete("nack: " + failure.getMessage());
                    return CompletableFuture.completedFuture(null);
                });
        EventInbox.Handler<PostIngested> handler = EventInbox.on(PostIngested.class,
                (InboundEvent<PostIngested> event) -> Panache.getSession()
                        .chain(session -> session.createNativeQuery("select 1").getSingleResult())
                        .chain(effect::get));

        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> inbox.process(message, Map.of(EventTypes.POST_INGESTED, options.apply(handler)))
                .subscribe().with(done -> { }, outcome::completeExceptionally));
        return outcome.get(30, TimeUnit.SECONDS);
    }
}
