package io.outpost.ingest.domain;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The language of a post (Lingua), among a configured small set of languages: each language costs
 * memory and start-up time, and a customer-care team answers in a few languages anyway. The models
 * are loaded when the guesser is built, not on the first post.
 */
public final class LanguageGuesser {

    /**
     * Fewer letters than this (after handles and links are removed) say too little to guess from:
     * "I did", "DM sent." or "Will do! Thx!" were guessed Portuguese or French on twcs-dev. No
     * language is better than a wrong one (routing by language would send the post to the wrong team).
     */
    static final int MIN_LETTERS = 10;

    private final LanguageDetector detector;

    private LanguageGuesser(LanguageDetector detector) {
        this.detector = detector;
    }

    /**
     * @param isoCodes    ISO 639-1 codes (e.g. en, es, ja); at least two, Lingua's minimum
     * @param lowAccuracy Lingua's low-accuracy mode: trigrams only, less memory and faster, weaker on very short texts
     */
    public static LanguageGuesser of(Collection<String> isoCodes, boolean lowAccuracy) {
        if (isoCodes.size() < 2) {
            throw new IllegalArgumentException("language detection needs at least two languages, got " + isoCodes);
        }
        Language[] languages = isoCodes.stream().map(LanguageGuesser::language).distinct().toArray(Language[]::new);
        LanguageDetectorBuilder builder = LanguageDetectorBuilder.fromLanguages(languages).withPreloadedLanguageModels();
        return new LanguageGuesser((lowAccuracy ? builder.withLowAccuracyMode() : builder).build());
    }

    private static Language language(String isoCode) {
        try {
            return Language.getByIsoCode639_1(IsoCode639_1.valueOf(isoCode.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ISO 639-1 language code '" + isoCode + "'", e);
        }
    }

    /** The ISO 639-1 code of the text's language, or empty when the text is too short or no language fits. */
    public Optional<String> guess(String text) {
        String words = PostText.withoutHandlesAndLinks(text);
        if (words.codePoints().filter(Character::isLetter).count() < MIN_LETTERS) {
            return Optional.empty();
        }
        Language language = detector.detectLanguageOf(words);
        return language == Language.UNKNOWN
                ? Optional.empty()
                : Optional.of(language.getIsoCode639_1().name().toLowerCase(Locale.ROOT));
    }
}
