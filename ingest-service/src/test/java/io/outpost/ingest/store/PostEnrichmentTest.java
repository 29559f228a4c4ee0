package io.outpost.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.events.PostIngested;
import io.outpost.ingest.domain.Enricher;
import io.outpost.ingest.domain.IntentRules;
import io.outpost.ingest.domain.RepeatPolicy;
import io.outpost.ingest.domain.SentimentScorer;
import io.outpost.ingest.domain.SpamRules;
import io.outpost.ingest.domain.UrgencyPhrases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The time bound: a detector slower than the budget is left out, the post is not held back. */
class PostEnrichmentTest {

    static PostEnrichment bounded(Enricher enricher, Duration budget) {
        return new PostEnrichment(true, enricher, budget, 1, 10, new RepeatPolicy(3, Duration.ofHours(1), 20));
    }

    @Test
    void aDetectorSlowerThanTheBudgetIsLeftOutAndTheRestGoesOn() {
        SentimentScorer stuck = new SentimentScorer() {
            @Override
            public double compound(String text) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0.9;
            }
        };
        Enricher enricher = new Enricher(IntentRules.of(List.of(new IntentRules.Definition("outage", null, 1, "outage"))),
                new UrgencyPhrases(List.of("outage")), new SpamRules(Map.of()), stuck, null);
        PostEnrichment enrichment = bounded(enricher, Duration.ofMillis(100));
        try {
            long start = System.nanoTime();
            PostIngested.Enrichment result = enrichment.enrich("outage in Leeds").await().atMost(Duration.ofSeconds(3))
                    .toEnrichment(null);
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(tookMs).as("held back for the budget, not for the stuck detector").isLessThan(2_000);
            assertThat(result.intent()).isEqualTo("outage");
            assertThat(result.urgencyHints()).containsExactly("outage");
            assertThat(result.sentiment()).as("the detector that did not finish").isNull();
        } finally {
            enrichment.stop();
        }
    }

    @Test
    void withinTheBudgetEveryDetectorsResultIsThere() {
        Enricher enricher = new Enricher(IntentRules.of(List.of(new IntentRules.Definition("outage", null, 1, "outage"))),
                new UrgencyPhrases(List.of("outage")), new SpamRules(Map.of()), new SentimentScorer(), null);
        PostEnrichment enrichment = bounded(enricher, Duration.ofSeconds(5));
        try {
            PostIngested.Enrichment result = enrichment.enrich("terrible outage, awful").await().atMost(Duration.ofSeconds(6))
                    .toEnrichment(null);
            assertThat(result.intent()).isEqualTo("outage");
            assertThat(result.sentiment()).isLessThan(0.0);
        } finally {
            enrichment.stop();
        }
    }

    @Test
    void aBatchIsEnrichedInOrderOnEveryThreadAndBoundedByTheBudgetPerPostEachThreadHas() {
        Enricher enricher = new Enricher(IntentRules.of(List.of(new IntentRules.Definition("outage", null, 1, "outage"),
                new IntentRules.Definition("billing", null, 2, "refund"))),
                new UrgencyPhrases(List.of("outage")), new SpamRules(Map.of()), new SentimentScorer(), null);
        PostEnrichment enrichment = new PostEnrichment(true, enricher, Duration.ofSeconds(5), 2, 10,
                new RepeatPolicy(3, Duration.ofHours(1), 20));
        try {
            List<String> texts = List.of("outage again", "I want a refund", "hello", "outage in Leeds", "refund please");
            List<String> intents = enrichment.enrichAll(texts).await().atMost(Duration.ofSeconds(6)).stream()
                    .map(draft -> draft.toEnrichment(null).intent()).toList();
            assertThat(intents).containsExactly("outage", "billing", "other", "outage", "billing");
        } finally {
            enrichment.stop();
        }
    }

    @Test
    void aStuckDetectorHoldsABatchBackForTheBudgetOfItsPostsOnly() {
        SentimentScorer stuck = new SentimentScorer() {
            @Override
            public double compound(String text) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0.9;
            }
        };
        Enricher enricher = new Enricher(IntentRules.of(List.of(new IntentRules.Definition("outage", null, 1, "outage"))),
                new UrgencyPhrases(List.of()), new SpamRules(Map.of()), stuck, null);
        PostEnrichment enrichment = new PostEnrichment(true, enricher, Duration.ofMillis(100), 2, 10,
                new RepeatPolicy(3, Duration.ofHours(1), 20));
        try {
            long start = System.nanoTime();
            List<Enricher.Draft> drafts = enrichment.enrichAll(List.of("outage a", "outage b", "outage c", "outage d"))
                    .await().atMost(Duration.ofSeconds(5));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            // 4 posts on 2 threads: at most 2 x 100 ms, whatever the stuck detector does
            assertThat(tookMs).isLessThan(2_000);
            assertThat(drafts).hasSize(4);
            // each thread got as far as its first post's intent before sentiment got stuck
            assertThat(drafts.get(0).toEnrichment(null).intent()).isEqualTo("outage");
            assertThat(drafts.get(0).toEnrichment(null).sentiment()).isNull();
            assertThat(drafts.get(1).toEnrichment(null)).as("not reached on its thread").isNull();
        } finally {
            enrichment.stop();
        }
    }
}
