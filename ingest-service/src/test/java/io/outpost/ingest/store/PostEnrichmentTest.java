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
}
