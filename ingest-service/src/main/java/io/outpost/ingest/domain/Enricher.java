package io.outpost.ingest.domain;

import io.outpost.contracts.events.PostIngested;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What Outpost infers from a post's text: urgency hints, spam, intent, sentiment and language, in
 * that order (cheapest first), each into a {@link Draft}. Whoever bounds the time (the store gives
 * it a budget) takes the draft as far as it got: a detector that is too slow or fails leaves its
 * field out, it never holds the post back or fails it.
 */
public final class Enricher {

    private static final Logger LOG = Logger.getLogger(Enricher.class);

    private final IntentRules intents;
    private final UrgencyPhrases urgency;
    private final SpamRules spam;
    private final SentimentScorer sentiment;
    private final LanguageGuesser language;

    /** @param language null when language detection is switched off */
    public Enricher(IntentRules intents, UrgencyPhrases urgency, SpamRules spam, SentimentScorer sentiment,
            LanguageGuesser language) {
        this.intents = intents;
        this.urgency = urgency;
        this.spam = spam;
        this.sentiment = sentiment;
        this.language = language;
    }

    /** The results so far; written by the enriching thread, read by whoever stops waiting for it. */
    public static final class Draft {
        private volatile List<String> urgencyHints;
        private volatile String spamReason;
        private volatile String intent;
        private volatile Double sentiment;
        private volatile String language;

        public String spamReason() {
            return spamReason;
        }

        /** The event's enrichment (null when nothing is known): what is known, plus the hidden reason found elsewhere (the repeat check) if spam gave none. */
        public PostIngested.Enrichment toEnrichment(String otherHiddenReason) {
            List<String> hints = urgencyHints;
            String hidden = spamReason != null ? spamReason : otherHiddenReason;
            if (language == null && sentiment == null && intent == null && (hints == null || hints.isEmpty()) && hidden == null) {
                return null;
            }
            return new PostIngested.Enrichment(language, sentiment, intent,
                    hints == null || hints.isEmpty() ? null : hints, hidden);
        }
    }

    /** Runs every detector on the text, filling the draft field by field. */
    public void fill(String text, Draft draft) {
        String body = text == null ? "" : text;
        draft.urgencyHints = attempt("urgency", () -> urgency.find(body));
        draft.spamReason = attempt("spam", () -> spam.hiddenReason(body).orElse(null));
        draft.intent = attempt("intent", () -> intents.classify(body));
        draft.sentiment = attempt("sentiment", () -> sentiment.compound(body));
        if (language != null) {
            draft.language = attempt("language", () -> language.guess(body).orElse(null));
        }
    }

    /** All of it, without a time bound (tests, measurements). */
    public PostIngested.Enrichment enrich(String text) {
        Draft draft = new Draft();
        fill(text, draft);
        return draft.toEnrichment(null);
    }

    private static <T> T attempt(String detector, Supplier<T> detection) {
        try {
            return detection.get();
        } catch (RuntimeException e) {
            LOG.warnf(e, "enrichment: the %s detector failed; the field is left out", detector);
            return null;
        }
    }
}
