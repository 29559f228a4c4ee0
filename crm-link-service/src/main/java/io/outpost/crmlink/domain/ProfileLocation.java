package io.outpost.crmlink.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The place in a social profile's free-text location ("Leeds, UK"), read conservatively: a wrong
 * locality would become matching evidence, while a missed one only leaves a match weaker, so
 * anything that does not look like "place" or "place, region" gives nothing.
 *
 * <p>Read: one or two comma-separated parts after countries are dropped (country names in English
 * and common aliases: "UK", "USA", "England", ...): the first is the locality, the second the
 * region ("Austin, TX", "Sydney, NSW, Australia"). A spaced dash separates like a comma ("Leeds -
 * UK"); emoji and other symbols are ignored ("📍 Leeds 🇬🇧"). Nothing is read from a text with a
 * link, a handle or hashtag, digits (coordinates, postcodes, "24/7"), any other punctuation
 * ("London / Paris", "she/her", "Leeds (UK)"), more than two places ("Headingley, Leeds, West
 * Yorkshire": which one is the locality?), a part of more than {@value #MAX_WORDS} words, or a word
 * that says it is not a place ("somewhere", "Planet Earth", "living my best life"). A country alone
 * ("UK", "Singapore") gives nothing: country is not a customer attribute.
 *
 * <p>Limits: one word is taken as a locality even when it names a region ("Yorkshire"); a made-up
 * place that reads like a name ("Gotham") is taken too; no synonyms ("NYC" is not "New York").
 */
public record ProfileLocation(String locality, String region) {

    /** Nothing read. */
    public static final ProfileLocation NONE = new ProfileLocation(null, null);

    /** Longer texts are sentences or lists, not a place. */
    static final int MAX_LENGTH = 100;
    /** "Newcastle upon Tyne", "Bury St Edmunds"; longer is a phrase. */
    static final int MAX_WORDS = 4;

    private static final Pattern LINK_OR_HANDLE = Pattern.compile(
            "(?i)(://|www\\.|[@#]|\\p{L}\\.(com|net|org|io|co|me|ly|app|dev|info|biz|tv|gg|xyz|link|page)\\b)");
    private static final Pattern SPACED_DASH = Pattern.compile("\\s+[-\u2013\u2014]+\\s+");
    /** What may remain once symbols are dropped: letters, marks, blanks, apostrophes, hyphens, periods, commas. */
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{M}\\s'\u2019.,-]*");
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    /** Words (normalized) that say the text is not a place. */
    private static final Set<String> NOT_A_PLACE = Set.of(
            "somewhere", "anywhere", "everywhere", "nowhere", "elsewhere", "wherever", "here", "there", "home",
            "earth", "world", "worldwide", "global", "globe", "planet", "universe", "galaxy", "space", "moon", "mars",
            "internet", "online", "web", "cyberspace", "metaverse", "cloud", "heaven", "hell", "paradise", "matrix",
            "my", "your", "his", "her", "hers", "their", "our", "its", "i", "im", "me", "you", "we", "us", "they",
            "them", "she", "he", "him", "it", "everyone", "anyone", "nobody", "somebody",
            "in", "at", "from", "near", "between", "and", "or", "with", "for", "to", "but", "is", "are", "be",
            "living", "life", "love", "unknown", "none", "location", "dm", "dms", "bio", "link", "below", "hidden",
            "secret", "private", "not", "no", "yes", "lol");

    /** Country names (English) and aliases, normalized: a part that is one of them is dropped. */
    private static final Set<String> COUNTRIES = countries();
    /** Country codes written after a place without a comma ("Leeds UK"). */
    private static final Set<String> TRAILING_COUNTRY_CODES = Set.of("uk", "usa", "gb", "uae");

    public boolean isEmpty() {
        return locality == null && region == null;
    }

    /** The locality and region in a profile's location; {@link #NONE} when it does not clearly name a place. */
    public static ProfileLocation parse(String text) {
        if (text == null || text.length() > MAX_LENGTH || LINK_OR_HANDLE.matcher(text).find()) {
            return NONE;
        }
        String s = SPACED_DASH.matcher(withoutSymbols(text)).replaceAll(",");
        if (!ALLOWED.matcher(s).matches()) {
            return NONE;
        }
        List<String> parts = new ArrayList<>();
        for (String part : s.split(",")) {
            String p = BLANKS.matcher(part).replaceAll(" ").strip();
            if (!p.isEmpty() && !COUNTRIES.contains(Normalize.text(p) == null ? "" : Normalize.text(p))) {
                parts.add(p);
            }
        }
        if (parts.isEmpty() || parts.size() > 2) {
            return NONE;
        }
        int last = parts.size() - 1;
        parts.set(last, withoutTrailingCountryCode(parts.get(last)));
        for (String p : parts) {
            if (!looksLikePlace(p)) {
                return NONE;
            }
        }
        return new ProfileLocation(parts.get(0), parts.size() == 2 ? parts.get(1) : null);
    }

    /**
     * Emoji, pictographs, flags (regional indicators and tag sequences), variation selectors and
     * zero-width joiners removed: "📍 Leeds 🇬🇧" reads as " Leeds ".
     */
    static String withoutSymbols(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean symbol = type == Character.OTHER_SYMBOL || type == Character.MODIFIER_SYMBOL
                    || type == Character.FORMAT || type == Character.PRIVATE_USE || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0000 && cp <= 0xE007F);
            out.appendCodePoint(symbol ? ' ' : cp);
        });
        return out.toString();
    }

    private static String withoutTrailingCountryCode(String part) {
        String[] words = part.split(" ");
        if (words.length > 1 && TRAILING_COUNTRY_CODES.contains(Normalize.text(words[words.length - 1]))) {
            return String.join(" ", Arrays.copyOf(words, words.length - 1));
        }
        return part;
    }

    private static boolean looksLikePlace(String part) {
        String normalized = Normalize.text(part);
        if (normalized == null || normalized.replace(" ", "").codePointCount(0, normalized.replace(" ", "").length()) < 2) {
            return false;
        }
        String[] words = part.split(" ");
        if (words.length > MAX_WORDS) {
            return false;
        }
        for (String word : words) {
            if (!word.codePoints().anyMatch(Character::isLetter)) {
                return false;
            }
        }
        for (String word : normalized.split(" ")) {
            if (NOT_A_PLACE.contains(word)) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> countries() {
        Set<String> names = new HashSet<>();
        for (String code : Locale.getISOCountries()) {
            String name = Normalize.text(new Locale("", code).getDisplayCountry(Locale.ENGLISH));
            if (name != null) {
                names.add(name);
            }
        }
        // Two-letter ISO codes are left out on purpose: "CA", "IN", "DE", "GA" are also US states.
        names.addAll(List.of("uk", "u k", "gb", "great britain", "britain", "united kingdom", "england", "scotland",
                "wales", "northern ireland", "usa", "u s a", "u s", "united states", "united states of america",
                "america", "uae", "turkey", "turkiye", "holland", "the netherlands", "deutschland", "espana", "italia",
                "brasil", "nederland", "schweiz", "suisse", "osterreich", "russia", "us", "south korea", "korea",
                "north korea", "czech republic", "czechia", "ivory coast", "hong kong", "macau", "taiwan",
                "vatican", "palestine", "kosovo"));
        return Set.copyOf(names);
    }
}
