package io.outpost.ingest.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The enrichment exactly as the service's application.properties configures it, built without
 * Quarkus, so that the measurements measure what ships. Lingua's models load once per test JVM.
 */
final class ShippedEnrichment {

    private static final String PREFIX = "outpost.enrichment.";
    private static final Properties PROPERTIES = load();
    private static volatile LanguageGuesser language;

    private ShippedEnrichment() {
    }

    private static Properties load() {
        try (InputStream in = ShippedEnrichment.class.getResourceAsStream("/application.properties")) {
            Properties properties = new Properties();
            // As Quarkus reads it: UTF-8 (Properties.load(InputStream) would read ISO-8859-1).
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String property(String name) {
        String value = PROPERTIES.getProperty(PREFIX + name);
        if (value == null) {
            throw new IllegalStateException("application.properties has no " + PREFIX + name);
        }
        return value;
    }

    static List<String> list(String name) {
        return Arrays.stream(property(name).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static IntentRules intentRules() {
        Map<String, Map<String, String>> byRule = new LinkedHashMap<>();
        String intents = PREFIX + "intents.";
        for (String key : PROPERTIES.stringPropertyNames()) {
            if (key.startsWith(intents)) {
                String rest = key.substring(intents.length());
                int dot = rest.lastIndexOf('.');
                byRule.computeIfAbsent(rest.substring(0, dot), k -> new LinkedHashMap<>())
                        .put(rest.substring(dot + 1), PROPERTIES.getProperty(key));
            }
        }
        List<IntentRules.Definition> definitions = new ArrayList<>();
        byRule.forEach((name, fields) -> definitions.add(new IntentRules.Definition(name, fields.get("intent"),
                Integer.parseInt(fields.getOrDefault("priority", "100")), fields.get("pattern"))));
        return IntentRules.of(definitions);
    }

    static SpamRules spamRules() {
        String spam = PREFIX + "spam-rules.";
        return new SpamRules(PROPERTIES.stringPropertyNames().stream().filter(k -> k.startsWith(spam))
                .collect(Collectors.toMap(k -> k.substring(spam.length()), PROPERTIES::getProperty)));
    }

    static UrgencyPhrases urgencyPhrases() {
        return new UrgencyPhrases(list("urgency-phrases"));
    }

    static RepeatPolicy repeatPolicy() {
        return new RepeatPolicy(Integer.parseInt(property("repeat.copies")), Duration.parse(property("repeat.window")),
                Integer.parseInt(property("repeat.min-length")));
    }

    static synchronized LanguageGuesser languageGuesser() {
        if (language == null) {
            language = LanguageGuesser.of(list("language.languages"), Boolean.parseBoolean(property("language.low-accuracy")));
        }
        return language;
    }

    static Enricher enricher() {
        return new Enricher(intentRules(), urgencyPhrases(), spamRules(), new SentimentScorer(), languageGuesser());
    }

}
