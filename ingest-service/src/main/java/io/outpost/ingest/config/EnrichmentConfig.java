package io.outpost.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Enrichment of every post: language, sentiment, intent, urgency hints, bot and spam detection.
 * The rules' defaults are in application.properties (maps and ordered rules have no annotation
 * defaults); every value can be overridden there, with {@code -D} or environment variables.
 */
@ConfigMapping(prefix = "outpost.enrichment")
public interface EnrichmentConfig {

    /** Whether posts are enriched at all; off, post.ingested carries no enrichment. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The longest enrichment may delay a post. The detectors run in order (urgency, spam, intent,
     * sentiment, language); those not finished by then are left out of the event.
     */
    @WithDefault("250ms")
    Duration budget();

    /** Threads that run the detectors (off the event loop); posts beyond what they can take wait in a queue. */
    @WithDefault("2")
    @Min(1)
    @Max(64)
    int threads();

    /** Posts waiting for a detector thread; a post arriving to a full queue goes out without enrichment. */
    @WithDefault("1000")
    @Min(1)
    int queueSize();

    Language language();

    /** Intent rules by name; see {@link IntentRule}. */
    Map<String, IntentRule> intents();

    /** Phrases that make a post urgent, found as whole words, case-insensitively (comma-separated). */
    Optional<List<String>> urgencyPhrases();

    /** Spam rules: name → regular expression on the raw text; a match hides the post ("spam: name"). */
    Map<String, String> spamRules();

    Repeat repeat();

    Campaign campaign();

    /** Language detection (Lingua). */
    interface Language {

        /** Whether the language is detected. */
        @WithDefault("true")
        boolean enabled();

        /** ISO 639-1 codes of the languages to tell apart (at least two); each one's models are loaded at start-up. */
        @WithDefault("en,es,fr,de,pt,it,nl,ja")
        List<String> languages();

        /** Lingua's low-accuracy mode: trigram models only, less memory and time, weaker on very short texts. */
        @WithDefault("true")
        boolean lowAccuracy();
    }

    /** One intent rule: the first rule (by priority, then name) whose pattern is found gives the intent. */
    interface IntentRule {

        /** The intent it gives; the rule's name when unset. */
        Optional<String> intent();

        /** Its place in the order, low first. */
        @WithDefault("100")
        int priority();

        /** A Java regular expression, found case-insensitively in the text without @handles and links. */
        String pattern();
    }

    /** Bots that repeat themselves. */
    interface Repeat {

        /** The copy of one text by one author that is hidden first (and every later one); at least 2. */
        @WithDefault("3")
        @Min(2)
        int copies();

        /** How far back (by the platform's times) the copies count. */
        @WithDefault("PT1H")
        Duration window();

        /** Texts shorter than this (normalized: no handles, links, punctuation) are never counted as repeats. */
        @WithDefault("20")
        @Min(0)
        int minLength();
    }

    /**
     * One text from many new accounts (coordinated campaigns). Uses the repeat rule's normalized text and
     * its {@code min-length}. Authors whose account age the platform does not tell (Meta, imports, the post
     * API) are never new, so never counted or hidden by this rule.
     */
    interface Campaign {

        /** Distinct new accounts posting one text within the window from which their posts are hidden; at least 2. */
        @WithDefault("5")
        @Min(2)
        int accounts();

        /** How far back (by the platform's times) the other accounts' copies count. */
        @WithDefault("PT10M")
        Duration window();

        /** An account created less than this before its post is new. */
        @WithDefault("P30D")
        Duration newAccountAge();
    }
}
