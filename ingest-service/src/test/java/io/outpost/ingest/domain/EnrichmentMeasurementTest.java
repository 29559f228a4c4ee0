package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.events.PostIngested;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures the shipped enrichment on real customer-support tweets and prints the figures the README
 * quotes. {@code enrichment/twcs-labelled.csv}: 200 inbound tweets of twcs-dev drawn at random (seed
 * 42), each labelled by hand with one intent and its language before the rules were written; the
 * rules were then tuned on the 100 of split "tune" only, and "heldout" measures them on tweets they
 * were not tuned on. The floors asserted are a little under the measured figures: a rule change
 * that makes intent detection clearly worse fails here.
 */
class EnrichmentMeasurementTest {

    private static final List<String> INTENTS = List.of("outage", "billing", "technical", "complaint", "question", "praise", "other");

    record Labelled(String split, String tweetId, String intent, String language, String text) {
    }

    private static List<Labelled> sample;
    private static Enricher enricher;

    @BeforeAll
    static void load() throws IOException {
        sample = new ArrayList<>();
        try (InputStream in = EnrichmentMeasurementTest.class.getResourceAsStream("/enrichment/twcs-labelled.csv")) {
            ImportRecords records = new ImportRecords(in, 0, 0, true, 1 << 20);
            records.next(); // header
            for (ImportRecords.Record r = records.next(); r != null; r = records.next()) {
                List<String> f = CsvFields.parse(r.text());
                sample.add(new Labelled(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4)));
            }
        }
        enricher = ShippedEnrichment.enricher();
    }

    @Test
    void intentOnTheHeldOutSample() {
        assertThat(sample).hasSize(200);
        double tuneAccuracy = report("tune", sample.stream().filter(l -> l.split().equals("tune")).toList());
        double heldOutAccuracy = report("heldout", sample.stream().filter(l -> l.split().equals("heldout")).toList());
        // Measured 0.80 (tune) and 0.63 (held-out) when the rules were written.
        assertThat(tuneAccuracy).as("tune-split intent accuracy").isGreaterThanOrEqualTo(0.75);
        assertThat(heldOutAccuracy).as("held-out intent accuracy").isGreaterThanOrEqualTo(0.58);
    }

    /** Prints the confusion counts, per-class precision / recall and accuracy; returns the accuracy. */
    private static double report(String name, List<Labelled> items) {
        Map<String, int[]> counts = new TreeMap<>(); // tp, fp, fn
        INTENTS.forEach(i -> counts.put(i, new int[3]));
        int correct = 0;
        List<String> misses = new ArrayList<>();
        for (Labelled item : items) {
            String predicted = enricher.enrich(item.text()).intent();
            if (predicted.equals(item.intent())) {
                correct++;
                counts.get(predicted)[0]++;
            } else {
                counts.computeIfAbsent(predicted, k -> new int[3])[1]++;
                counts.get(item.intent())[2]++;
                misses.add(item.intent() + " <- " + predicted + ": " + item.text().replace('\n', ' '));
            }
        }
        double accuracy = (double) correct / items.size();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nintent, split %s (%d tweets): accuracy %.2f%n",
                name, items.size(), accuracy));
        out.append(String.format(Locale.ROOT, "  %-10s %5s %5s %5s %9s %6s%n", "intent", "label", "tp", "fp", "precision", "recall"));
        double f1Sum = 0;
        for (String intent : INTENTS) {
            int[] c = counts.get(intent);
            int labelled = c[0] + c[2];
            double precision = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
            double recall = labelled == 0 ? 0 : (double) c[0] / labelled;
            f1Sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            out.append(String.format(Locale.ROOT, "  %-10s %5d %5d %5d %9.2f %6.2f%n", intent, labelled, c[0], c[1], precision, recall));
        }
        out.append(String.format(Locale.ROOT, "  macro-F1 %.2f%n", f1Sum / INTENTS.size()));
        if (Boolean.getBoolean("enrichment.misses")) {
            misses.forEach(m -> out.append("  miss ").append(m).append('\n'));
        }
        System.out.print(out);
        return accuracy;
    }

    @Test
    void languageOnTheLabelledSample() {
        int labelled = 0;
        int correct = 0;
        int notGuessed = 0;
        List<String> wrong = new ArrayList<>();
        TreeSet<String> shipped = new TreeSet<>(ShippedEnrichment.list("language.languages"));
        for (Labelled item : sample) {
            if (item.language().isEmpty()) {
                continue;
            }
            labelled++;
            String guessed = enricher.enrich(item.text()).language();
            if (item.language().equals(guessed)) {
                correct++;
            } else if (guessed == null) {
                notGuessed++;
            } else {
                wrong.add(item.language() + " <- " + guessed + ": " + item.text().replace('\n', ' '));
            }
        }
        System.out.printf(Locale.ROOT, "%nlanguage (languages %s): %d labelled tweets, %d right (%.3f), %d without a guess, %d wrong%n",
                shipped, labelled, correct, (double) correct / labelled, notGuessed, wrong.size());
        wrong.forEach(w -> System.out.println("  wrong " + w));
        // Measured 182 right, 11 without a guess, 5 wrong of 198.
        assertThat((double) correct / labelled).as("right").isGreaterThanOrEqualTo(0.88);
        assertThat((double) correct / (correct + wrong.size())).as("right among the guesses").isGreaterThanOrEqualTo(0.95);
    }

    /**
     * False positives of the hiding rules on real customer-care traffic: every customer tweet of
     * twcs-dev through the shipped spam rules, and through the repeat policy with the copies of each
     * author counted as the store counts them (same normalized text, within the window, by tweet time).
     */
    @Test
    void theHidingRulesOnAllOfTwcsDev() throws IOException {
        SpamRules spam = ShippedEnrichment.spamRules();
        RepeatPolicy repeats = ShippedEnrichment.repeatPolicy();
        Map<String, List<java.time.Instant>> copies = new java.util.HashMap<>();
        List<String[]> tweets = new ArrayList<>();
        try (InputStream in = EnrichmentMeasurementTest.class.getResourceAsStream("/imports/twcs-dev.csv")) {
            ImportRecords records = new ImportRecords(in, 0, 0, true, 1 << 20);
            records.next(); // header
            for (ImportRecords.Record r = records.next(); r != null; r = records.next()) {
                List<String> f = CsvFields.parse(r.text());
                if (f.get(2).equals("True")) {
                    tweets.add(new String[] { f.get(1), f.get(3), f.get(4) });
                }
            }
        }
        tweets.sort(java.util.Comparator.comparing(t -> java.time.ZonedDateTime.parse(t[1], XWebhook.CREATED_AT).toInstant()));
        int spamHidden = 0;
        int repeatHidden = 0;
        List<String> hiddenTexts = new ArrayList<>();
        for (String[] t : tweets) {
            if (spam.hiddenReason(t[2]).isPresent()) {
                spamHidden++;
                hiddenTexts.add("spam: " + t[2]);
            }
            String normalized = PostText.normalizedForRepeats(t[2]);
            if (repeats.applies(normalized)) {
                java.time.Instant at = java.time.ZonedDateTime.parse(t[1], XWebhook.CREATED_AT).toInstant();
                List<java.time.Instant> earlier = copies.computeIfAbsent(t[0] + "|" + normalized, k -> new ArrayList<>());
                long inWindow = earlier.stream().filter(e -> !e.isBefore(at.minus(repeats.window())) && !e.isAfter(at)).count();
                if (repeats.hiddenReason(inWindow).isPresent()) {
                    repeatHidden++;
                    hiddenTexts.add("repeat: " + t[2]);
                }
                earlier.add(at);
            }
        }
        System.out.printf(Locale.ROOT, "%nhiding rules on twcs-dev: %d customer tweets, %d hidden as spam, %d as repeats%n",
                tweets.size(), spamHidden, repeatHidden);
        hiddenTexts.forEach(h -> System.out.println("  hidden " + h.replace('\n', ' ')));
        assertThat(tweets).hasSize(1305);
        assertThat(spamHidden + repeatHidden).as("customer tweets hidden (measured: none)").isZero();
    }

    @Test
    void throughputOfOneThread() {
        List<String> texts = sample.stream().map(Labelled::text).toList();
        for (int i = 0; i < 3; i++) {
            texts.forEach(enricher::enrich); // warm-up
        }
        int rounds = 10;
        long start = System.nanoTime();
        int enriched = 0;
        PostIngested.Enrichment last = null;
        for (int round = 0; round < rounds; round++) {
            for (String text : texts) {
                last = enricher.enrich(text);
                enriched++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%nenrichment throughput, one thread: %d posts in %.2f s = %.0f posts/s (%.3f ms/post)%n",
                enriched, seconds, enriched / seconds, seconds * 1000 / enriched);
        LanguageGuesser language = ShippedEnrichment.languageGuesser();
        SentimentScorer sentiment = new SentimentScorer();
        IntentRules intents = ShippedEnrichment.intentRules();
        System.out.printf(Locale.ROOT, "  of which: language %.3f ms, sentiment %.3f ms, intent %.3f ms per post%n",
                msPerPost(texts, language::guess), msPerPost(texts, sentiment::compound), msPerPost(texts, intents::classify));
        assertThat(last).isNotNull();
    }

    private static double msPerPost(List<String> texts, java.util.function.Function<String, ?> detector) {
        int rounds = 5;
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            texts.forEach(detector::apply);
        }
        return (System.nanoTime() - start) / 1e6 / (rounds * texts.size());
    }
}
