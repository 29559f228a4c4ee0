package io.outpost.ingest.domain;

import com.vader.sentiment.analyzer.SentimentAnalyzer;
import java.io.IOException;

/**
 * VADER's compound sentiment, made for social media text (emoticons, capitals, "!!!", slang):
 * -1 (most negative) .. 1 (most positive), rounded to three decimals.
 */
public class SentimentScorer {

    public double compound(String text) {
        try {
            SentimentAnalyzer analyzer = new SentimentAnalyzer(PostText.withoutHandlesAndLinks(text));
            analyzer.analyze();
            Float compound = analyzer.getPolarity().get("compound");
            double value = compound == null ? 0 : compound;
            return Math.max(-1, Math.min(1, Math.round(value * 1000) / 1000.0));
        } catch (IOException e) {
            // VADER's tokenizer reads from a StringReader: an I/O failure here is a bug, not an input problem.
            throw new IllegalStateException("VADER could not tokenize the text", e);
        }
    }
}
