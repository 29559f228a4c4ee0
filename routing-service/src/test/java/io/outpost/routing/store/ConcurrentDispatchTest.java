package io.outpost.routing.store;

import static io.outpost.routing.RoutingFixtures.createAgent;
import static io.outpost.routing.RoutingFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.routing.RoutingFixtures;
import io.outpost.routing.domain.Presence;
import io.outpost.routing.domain.WaitingCase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many assignment attempts at once against the real database: cases arriving, agents becoming
 * available and backstop sweeps, each in its own transaction on its own connection. No case may
 * be assigned twice, no agent may go over capacity, and no transaction may fail (a deadlock would).
 */
@QuarkusTest
class ConcurrentDispatchTest {

    static final int AGENTS = 6;
    static final int CAPACITY = 3;
    static final int CASES = 40;
    static final int SWEEPS = 8;

    @Inject
    CaseIntake intake;

    @Inject
    AgentPresence agentPresence;

    @Inject
    Backstop backstop;

    @Inject
    Pool pool;

    final List<UUID> cases = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void closeLeftovers() {
        // Cases left waiting must not be taken by another test's agents.
        pool.preparedQuery("update routing_task set status = 'closed' where case_id = any($1) and status = 'waiting'")
                .execute(Tuple.of(cases.toArray(UUID[]::new))).await().atMost(RoutingFixtures.TIMEOUT);
    }

    List<Row> rows(String sql, Tuple params) {
        return RoutingFixtures.rows(pool, sql, params);
    }

    /** One transaction's worth of work, run on a Vert.x context of its own. */
    interface Attempt {
        Object call() throws Throwable;
    }

    static Callable<Object> unchecked(Attempt attempt) {
        return () -> {
            try {
                return attempt.call();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        };
    }

    @Test
    void parallelArrivalsPresenceChangesAndSweepsNeverAssignACaseTwiceOrOverfillAnAgent() throws Throwable {
        String skill = unique("race");
        List<Attempt> arrivals = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            WaitingCase wanted = newCase(skill, i);
            arrivals.add(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> intake.enqueue(new CaseIntake.NewCase(wanted, Instant.now(), null, null)))));
        }
        race(skill, "offline", arrivals);
    }

    /**
     * The same race with cases arriving as a consumer's polls do: batches of 5 through
     * {@link CaseIntake#enqueueAll} (several agents locked at once, in rounds), against single
     * arrivals, presence changes and sweeps; half the agents are available from the start, so
     * the batches compete for the same agents from the first moment.
     */
    @Test
    void batchesOfArrivalsRacingEverythingElseNeverAssignACaseTwiceOrOverfillAnAgent() throws Throwable {
        String skill = unique("batch-race");
        List<Attempt> arrivals = new ArrayList<>();
        List<CaseIntake.NewCase> batch = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            WaitingCase wanted = newCase(skill, i);
            if (i % 8 == 7) {
                arrivals.add(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                        () -> intake.enqueue(new CaseIntake.NewCase(wanted, Instant.now(), null, null)))));
                continue;
            }
            batch.add(new CaseIntake.NewCase(wanted, Instant.now(), null, null));
            if (batch.size() == 5) {
                List<CaseIntake.NewCase> together = List.copyOf(batch);
                batch.clear();
                arrivals.add(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                        () -> intake.enqueueAll(together))));
            }
        }
        assertThat(batch).isEmpty();
        race(skill, "available-half", arrivals);
    }

    WaitingCase newCase(String skill, int i) {
        UUID caseId = UUID.randomUUID();
        cases.add(caseId);
        return new WaitingCase(caseId, "chat", 1 + i % 4, Set.of(skill), "en", Instant.now());
    }

    /**
     * Runs the arrivals, every agent becoming available and sweeps all at once on 16 threads, then
     * checks: exactly AGENTS × CAPACITY cases assigned, each once, every agent full and no fuller.
     */
    void race(String skill, String presence, List<Attempt> arrivals) throws Throwable {
        List<UUID> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            boolean available = presence.equals("available-half") && i % 2 == 0;
            agents.add(createAgent(unique("racer"), skill, Channel.CHAT, CAPACITY, available ? "available" : "offline"));
        }
        List<Attempt> attempts = new ArrayList<>(arrivals);
        for (UUID agent : agents) {
            attempts.add(() -> VertxContextSupport.subscribeAndAwait(() -> agentPresence.changePresence(agent, Presence.AVAILABLE,
                    a -> {
                    })));
        }
        for (int i = 0; i < SWEEPS; i++) {
            attempts.add(() -> VertxContextSupport.subscribeAndAwait(() -> backstop.sweep()));
        }
        Collections.shuffle(attempts);

        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        try {
            for (Attempt attempt : attempts) {
                Callable<Object> call = unchecked(attempt);
                results.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            for (Future<Object> result : results) {
                result.get(60, TimeUnit.SECONDS); // any failed transaction (e.g. a deadlock) fails the test here
            }
        } finally {
            threads.shutdownNow();
        }
        // What a concurrent arrival and presence change could both miss, the next sweeps catch
        // (a sweep visits each waiting case once; a batch's last round may leave a case to it).
        VertxContextSupport.subscribeAndAwait(() -> backstop.sweep());
        VertxContextSupport.subscribeAndAwait(() -> backstop.sweep());

        Tuple ids = Tuple.of(cases.toArray(UUID[]::new));
        List<Row> perCase = rows("select case_id, count(*) from assignment where case_id = any($1) group by case_id", ids);
        assertThat(perCase).as("cases assigned").hasSize(AGENTS * CAPACITY);
        assertThat(perCase).as("no case assigned twice, even one after another").allSatisfy(r -> assertThat(r.getLong(1)).isEqualTo(1));

        List<Row> perAgent = rows("select agent_id, count(*) from assignment where case_id = any($1) and released_at is null "
                + "group by agent_id", ids);
        assertThat(perAgent).as("every agent filled").hasSize(AGENTS);
        assertThat(perAgent).as("no agent over capacity").allSatisfy(r -> assertThat(r.getLong(1)).isEqualTo(CAPACITY));

        List<Row> states = rows("select status, count(*) from routing_task where case_id = any($1) group by status order by status", ids);
        assertThat(states).extracting(r -> r.getString(0) + "=" + r.getLong(1))
                .containsExactly("assigned=" + AGENTS * CAPACITY, "waiting=" + (CASES - AGENTS * CAPACITY));
    }
}
