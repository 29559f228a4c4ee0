package io.outpost.ingest.store;

import io.outpost.ingest.config.EnrichmentConfig;
import io.outpost.ingest.domain.CampaignPolicy;
import io.outpost.ingest.domain.Enricher;
import io.outpost.ingest.domain.IntentRules;
import io.outpost.ingest.domain.LanguageGuesser;
import io.outpost.ingest.domain.RepeatPolicy;
import io.outpost.ingest.domain.SentimentScorer;
import io.outpost.ingest.domain.SpamRules;
import io.outpost.ingest.domain.UrgencyPhrases;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs the {@link Enricher} for the store, time-bounded: on a small pool of its own threads (the
 * detectors are CPU work, never on the event loop), for at most the configured budget, after which
 * the post goes on with the fields found so far. A full queue or a failing detector also just means
 * fewer fields. Built at start-up ({@link Startup}): Lingua's models take seconds to load and the
 * first post should not pay for them.
 */
@Startup
@ApplicationScoped
public class PostEnrichment {

    private static final Logger LOG = Logger.getLogger(PostEnrichment.class);

    private final boolean enabled;
    private final Duration budget;
    private final Enricher enricher;
    private final RepeatPolicy repeats;
    private final CampaignPolicy campaigns;
    private final ThreadPoolExecutor pool;

    @Inject
    public PostEnrichment(EnrichmentConfig config) {
        this(config.enabled(), enricherFor(config), config.budget(), config.threads(), config.queueSize(),
                new RepeatPolicy(config.repeat().copies(), config.repeat().window(), config.repeat().minLength()),
                new CampaignPolicy(config.campaign().accounts(), config.campaign().window(),
                        config.campaign().newAccountAge()));
    }

    /** With a given enricher (tests of the time bound); the campaign rule with its documented defaults. */
    PostEnrichment(boolean enabled, Enricher enricher, Duration budget, int threadCount, int queueSize, RepeatPolicy repeats) {
        this(enabled, enricher, budget, threadCount, queueSize, repeats,
                new CampaignPolicy(5, Duration.ofMinutes(10), Duration.ofDays(30)));
    }

    PostEnrichment(boolean enabled, Enricher enricher, Duration budget, int threadCount, int queueSize, RepeatPolicy repeats,
            CampaignPolicy campaigns) {
        this.campaigns = campaigns;
        this.enabled = enabled;
        this.enricher = enricher;
        this.budget = budget;
        this.repeats = repeats;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueSize), r -> {
                    Thread t = new Thread(r, "enrichment-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    private static Enricher enricherFor(EnrichmentConfig config) {
        long start = System.nanoTime();
        LanguageGuesser language = config.enabled() && config.language().enabled()
                ? LanguageGuesser.of(config.language().languages(), config.language().lowAccuracy())
                : null;
        Enricher enricher = new Enricher(
                IntentRules.of(config.intents().entrySet().stream()
                        .map(e -> new IntentRules.Definition(e.getKey(), e.getValue().intent().orElse(null),
                                e.getValue().priority(), e.getValue().pattern()))
                        .toList()),
                new UrgencyPhrases(config.urgencyPhrases().orElse(List.of())),
                new SpamRules(config.spamRules()),
                new SentimentScorer(),
                language);
        if (config.enabled()) {
            LOG.infof("enrichment ready in %d ms (languages %s, low accuracy %s, %d intent rules)",
                    (System.nanoTime() - start) / 1_000_000,
                    language == null ? "off" : config.language().languages(), config.language().lowAccuracy(),
                    config.intents().size());
        }
        return enricher;
    }

    public RepeatPolicy repeats() {
        return repeats;
    }

    public CampaignPolicy campaigns() {
        return campaigns;
    }

    /**
     * The detectors' results for this text, as far as they got within the budget; emitted on the
     * caller's Vert.x context (the store continues its transaction there).
     */
    public Uni<Enricher.Draft> enrich(String text) {
        Enricher.Draft draft = new Enricher.Draft();
        if (!enabled) {
            return Uni.createFrom().item(draft);
        }
        Context context = Vertx.currentContext();
        Executor caller = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return Uni.createFrom().item(() -> {
                    enricher.fill(text, draft);
                    return draft;
                })
                .runSubscriptionOn(pool)
                .ifNoItem().after(budget).recoverWithItem(() -> {
                    LOG.debugf("enrichment took longer than %s: the post goes on with what was found", budget);
                    return draft;
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("enrichment not run (%s): the post goes on without it", failure.toString());
                    return draft;
                })
                .emitOn(caller);
    }

    /**
     * The detectors' results for several texts (a webhook delivery's posts, an import batch), in
     * order: split over the pool's threads, each text filled in turn, and waited for at most the
     * budget per text each thread has to do. What is not done by then is left out, as for one post.
     */
    public Uni<List<Enricher.Draft>> enrichAll(List<String> texts) {
        if (texts.size() == 1) {
            return enrich(texts.get(0)).map(List::of);
        }
        List<Enricher.Draft> drafts = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            drafts.add(new Enricher.Draft());
        }
        if (!enabled || texts.isEmpty()) {
            return Uni.createFrom().item(drafts);
        }
        int chunks = Math.min(pool.getCorePoolSize(), texts.size());
        int perChunk = (texts.size() + chunks - 1) / chunks;
        List<Uni<Void>> work = new ArrayList<>(chunks);
        for (int start = 0; start < texts.size(); start += perChunk) {
            int from = start;
            int to = Math.min(texts.size(), start + perChunk);
            work.add(Uni.createFrom().<Void>item(() -> {
                for (int i = from; i < to; i++) {
                    enricher.fill(texts.get(i), drafts.get(i));
                }
                return null;
            }).runSubscriptionOn(pool).onFailure().recoverWithItem(failure -> {
                LOG.warnf("enrichment not run for %d posts (%s): they go on without it", to - from, failure.toString());
                return null;
            }));
        }
        Context context = Vertx.currentContext();
        Executor caller = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return Uni.join().all(work).andCollectFailures()
                .replaceWith(drafts)
                .ifNoItem().after(budget.multipliedBy(perChunk)).recoverWithItem(() -> {
                    LOG.debugf("enrichment of %d posts took longer than %s each: they go on with what was found",
                            texts.size(), budget);
                    return drafts;
                })
                .onFailure().recoverWithItem(drafts)
                .emitOn(caller);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
