package io.outpost.ingest.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Phrases that make a post urgent ("charged twice", "outage", "cancel"): each found as whole
 * words, case-insensitively, any run of spaces matching any other. The hints are the phrases as
 * configured, in configuration order, at most {@value #MAX_HINTS} (the event's limit).
 */
public final class UrgencyPhrases {

    static final int MAX_HINTS = 20;
    static final int MAX_PHRASE_LENGTH = 100;

    private record Phrase(String phrase, Pattern pattern) {
    }

    private final List<Phrase> phrases;

    public UrgencyPhrases(List<String> configured) {
        List<Phrase> compiled = new ArrayList<>();
        for (String raw : configured) {
            String phrase = raw.trim().toLowerCase(Locale.ROOT);
            if (phrase.isEmpty()) {
                continue;
            }
            if (phrase.length() > MAX_PHRASE_LENGTH) {
                throw new IllegalArgumentException("urgency phrase longer than " + MAX_PHRASE_LENGTH + " characters: " + phrase);
            }
            String body = String.join("\\s+", java.util.Arrays.stream(phrase.split("\\s+")).map(Pattern::quote).toList());
            compiled.add(new Phrase(phrase, Pattern.compile("(?<![\\p{L}\\p{N}])" + body + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
        }
        this.phrases = List.copyOf(compiled);
    }

    public List<String> find(String text) {
        String words = PostText.withoutHandlesAndLinks(text);
        List<String> found = new ArrayList<>();
        for (Phrase p : phrases) {
            if (found.size() == MAX_HINTS) {
                break;
            }
            if (p.pattern().matcher(words).find()) {
                found.add(p.phrase());
            }
        }
        return found;
    }
}
