package io.outpost.cases.domain;

import com.twitter.twittertext.Extractor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Outpost's "answer first" rule (the practitioners' rule in DESIGN.md: answer the question itself;
 * a link may follow the answer, it never replaces it). A reply that carries a link must also carry
 * an answer: at least {@value #MIN_ANSWER_WORDS} words that are none of
 * <ul>
 *   <li>the links themselves: URLs as X recognises them (twitter-text's extractor, which also finds
 *       bare domains such as {@code example.com/help}) and anything starting with {@code http://},
 *       {@code https://} or {@code www.} (what Meta's clients turn into links, whatever the domain);</li>
 *   <li>@mentions, hashtags and cashtags (twitter-text's extractor), emoji and punctuation;</li>
 *   <li>a signature typed at the end ({@code ^JK}, {@code ~Jo}, {@code — Jane}): the signature
 *       Outpost appends is never part of the text this rule reads;</li>
 *   <li>courtesies ({@link #COURTESIES}): greetings with the name that follows them ("Hi Jane,"),
 *       thanks, apologies and sign-offs;</li>
 *   <li>words that only point at the link ({@link #LINK_POINTERS}: "please see here", "check out our
 *       FAQ").</li>
 * </ul>
 *
 * <p>Why only replies with a link: the failure the rule stops is the deflection — "Hi! https://…"
 * instead of an answer. A reply without a link that answers nothing is usually not a deflection:
 * "Thank you! 💙" to a customer's praise is what a good care team sends. Refusing those would make
 * agents pad them. Why a link before the answer is accepted: the platforms show the whole reply at
 * once, so the customer sees the answer either way; what matters is that there is one.
 *
 * <p>The rule is a floor against deflection, not a judge of quality: "You can find more here:
 * https://…" passes. The lists are small on purpose and in English; a word missing from them only
 * makes the rule more lenient, never refuses an answer.
 */
public final class AnswerFirst {

    /** Fewer words than this besides links and courtesies is no answer ("Hi Jane" leaves "Jane"). */
    public static final int MIN_ANSWER_WORDS = 2;

    /**
     * A kind of courtesy: phrases that open it, and phrases that may only continue it ("for reaching
     * out" is removed after "thanks", never on its own).
     */
    record Courtesy(String kind, Phrases openers, Phrases continuations) {
    }

    static final Courtesy GREETING = new Courtesy("greeting",
            Phrases.of("hi", "hello", "hey", "hiya", "dear", "greetings", "good morning", "good afternoon", "good evening"),
            Phrases.of("there", "all", "everyone", "folks"));

    static final Courtesy THANKS = new Courtesy("thanks",
            Phrases.of("thanks", "thank you", "thank u", "thx", "ty", "many thanks"),
            Phrases.of("so much", "a lot", "again", "for reaching out", "for reaching out to us", "for contacting us",
                    "for getting in touch", "for your patience", "for waiting", "for letting us know", "for your message",
                    "for the message", "for your feedback", "for the feedback", "for asking", "for flagging this"));

    static final Courtesy APOLOGY = new Courtesy("apology",
            Phrases.of("sorry", "so sorry", "very sorry", "really sorry", "we're sorry", "we are sorry", "i'm sorry",
                    "i am sorry", "apologies", "our apologies", "my apologies", "we apologize", "we apologise"),
            Phrases.of("for the trouble", "for the inconvenience", "for any inconvenience", "for the wait",
                    "for the delay", "for any confusion", "for that", "for this", "about that", "about this",
                    "to hear that", "to hear this"));

    static final Courtesy SIGN_OFF = new Courtesy("sign-off",
            Phrases.of("cheers", "best", "regards", "best regards", "kind regards", "warm regards", "all the best",
                    "take care", "have a great day", "have a nice day", "have a good day", "have a great weekend"),
            Phrases.of());

    /** The courtesies, in the order a reason names them. */
    static final List<Courtesy> COURTESIES = List.of(GREETING, THANKS, APOLOGY, SIGN_OFF);

    /** Words and phrases that only point at a link ("Please check out our FAQ here:"). */
    static final Phrases LINK_POINTERS = Phrases.of("please", "kindly", "see", "check", "check out", "click", "tap",
            "visit", "read", "follow", "look", "have a look", "take a look", "here", "this", "link", "below", "more",
            "info", "information", "details", "our", "the", "a", "at", "help", "faq", "faqs", "article", "page",
            "guide", "website", "site");

    /** What Meta's clients link whatever the domain; twitter-text only links known top-level domains. */
    private static final Pattern SCHEME_OR_WWW_URL = Pattern.compile("<?(?i:https?://|www\\.)[^\\s<>]+>?");

    /** A signature typed at the very end: ^JK, ~Jo, – Jane, —JK (at most 10 characters, like Outpost's own). */
    private static final Pattern TYPED_SIGNATURE = Pattern.compile("(?:^|\\s)(?:[\\^~]|[-–—]\\s?)[\\p{L}\\p{N}.]{1,10}\\s*$");

    /** A word: letters, digits and combining marks, with apostrophes inside ("we're", "it’s"). */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+(?:['’][\\p{L}\\p{N}\\p{M}]+)*");

    /** Only a comma and spaces may stand between a greeting and the name it greets ("Hi, Jane"). */
    private static final Pattern NAME_GAP = Pattern.compile("\\s*,?\\s*");

    private static final char ENTITY_MARK = '|';

    /** Twitter-text's extractor; it keeps no state between calls (TwitterTextParser shares one too). */
    private static final Extractor EXTRACTOR = new Extractor();

    private AnswerFirst() {
    }

    /** Why the reply breaks the rule, or empty when it carries no link or an answer besides its links. */
    public static Optional<String> refusal(String text) {
        Reading reading = read(text);
        if (!reading.hasLink() || reading.answer().size() >= MIN_ANSWER_WORDS) {
            return Optional.empty();
        }
        List<String> besides = new ArrayList<>();
        for (Courtesy courtesy : COURTESIES) {
            if (reading.found().contains(courtesy.kind())) {
                besides.add(courtesy.kind());
            }
        }
        if (reading.found().contains("mention")) {
            besides.add("mention");
        }
        if (reading.found().contains("hashtag")) {
            besides.add("hashtag");
        }
        besides.add("link");
        return Optional.of("the reply has no answer besides its " + joined(besides)
                + ": answer first, then link (an answer is at least " + MIN_ANSWER_WORDS
                + " words besides greetings, thanks, apologies, sign-offs and words like 'see here')");
    }

    /** The words that count as the answer, lower case, in order (for tests and explanations). */
    static List<String> answerWords(String text) {
        return read(text).answer();
    }

    /** Whether the text carries a link, as X or Meta would show one. */
    static boolean hasLink(String text) {
        return read(text).hasLink();
    }

    /** What the rule saw: links or not, the answer's words and the kinds of non-answer it took out. */
    private record Reading(boolean hasLink, List<String> answer, Set<String> found) {
    }

    private static Reading read(String text) {
        if (text == null || text.isBlank()) {
            return new Reading(false, List.of(), Set.of());
        }
        Set<String> found = new HashSet<>();
        char[] chars = text.toCharArray();
        boolean hasLink = false;
        for (Extractor.Entity url : EXTRACTOR.extractURLsWithIndices(text)) {
            blank(chars, url.getStart(), url.getEnd());
            hasLink = true;
        }
        Matcher scheme = SCHEME_OR_WWW_URL.matcher(text);
        while (scheme.find()) {
            blank(chars, scheme.start(), scheme.end());
            hasLink = true;
        }
        for (Extractor.Entity mention : EXTRACTOR.extractMentionsOrListsWithIndices(text)) {
            blank(chars, mention.getStart(), mention.getEnd());
            found.add("mention");
        }
        for (Extractor.Entity tag : EXTRACTOR.extractHashtagsWithIndices(text)) {
            blank(chars, tag.getStart(), tag.getEnd());
            found.add("hashtag");
        }
        for (Extractor.Entity tag : EXTRACTOR.extractCashtagsWithIndices(text)) {
            blank(chars, tag.getStart(), tag.getEnd());
            found.add("hashtag");
        }
        String rest = TYPED_SIGNATURE.matcher(new String(chars)).replaceFirst("");
        List<Word> words = words(rest);
        List<String> answer = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            int taken = courtesyAt(words, i, found);
            if (taken == 0) {
                taken = LINK_POINTERS.longestAt(words, i);
            }
            if (taken == 0) {
                answer.add(words.get(i).lower());
                taken = 1;
            }
            i += taken;
        }
        return new Reading(hasLink, List.copyOf(answer), found);
    }

    /** How many words from {@code i} on are a courtesy (its opener, continuations, a greeted name); 0 if none. */
    private static int courtesyAt(List<Word> words, int i, Set<String> found) {
        for (Courtesy courtesy : COURTESIES) {
            int n = courtesy.openers().longestAt(words, i);
            if (n == 0) {
                continue;
            }
            found.add(courtesy.kind());
            int more;
            while ((more = courtesy.continuations().longestAt(words, i + n)) > 0) {
                n += more;
            }
            if (courtesy == GREETING) {
                n += greetedName(words, i + n);
            }
            return n;
        }
        return 0;
    }

    /**
     * The name a greeting greets: up to two capitalised words right after it ("Hi Jane Doe", "Dear,
     * Jane"), only spaces between them. "Hi Jane! You can…" greets Jane only: the "!" ends the name.
     */
    private static int greetedName(List<Word> words, int from) {
        int n = 0;
        while (n < 2 && from + n < words.size()) {
            Word word = words.get(from + n);
            String gap = word.gapBefore();
            boolean joined = n == 0 ? NAME_GAP.matcher(gap).matches() : gap.isBlank();
            if (!joined || !Character.isUpperCase(word.text().codePointAt(0))) {
                break;
            }
            n++;
        }
        return n;
    }

    /**
     * A list of phrases (lower case, words separated by one space, apostrophes straight), filed by
     * their first word so that each word of a reply is compared only with the phrases it could start.
     */
    static final class Phrases {

        private final Map<String, List<String[]>> byFirstWord = new HashMap<>();

        private Phrases(List<String> phrases) {
            for (String phrase : phrases) {
                String[] parts = phrase.split(" ");
                byFirstWord.computeIfAbsent(parts[0], w -> new ArrayList<>()).add(parts);
            }
        }

        static Phrases of(String... phrases) {
            return new Phrases(List.of(phrases));
        }

        /** The number of words of the longest phrase that starts at word {@code i}; 0 if none. */
        int longestAt(List<Word> words, int i) {
            if (i >= words.size()) {
                return 0;
            }
            int best = 0;
            for (String[] parts : byFirstWord.getOrDefault(words.get(i).lower(), List.of())) {
                if (parts.length <= best || i + parts.length > words.size()) {
                    continue;
                }
                boolean matches = true;
                for (int k = 1; k < parts.length && matches; k++) {
                    matches = words.get(i + k).lower().equals(parts[k]);
                }
                if (matches) {
                    best = parts.length;
                }
            }
            return best;
        }
    }

    /** A word as written, and what stands between it and the previous word (spaces, punctuation, emoji). */
    private record Word(String text, String gapBefore) {

        String lower() {
            return text.toLowerCase(Locale.ROOT).replace('’', '\'');
        }
    }

    private static List<Word> words(String text) {
        List<Word> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        int previousEnd = 0;
        while (m.find()) {
            words.add(new Word(m.group(), text.substring(previousEnd, m.start())));
            previousEnd = m.end();
        }
        return words;
    }

    /**
     * Takes an entity out of the text, leaving a mark that is neither a word nor a space: a greeted
     * name never reaches across a link or a mention ("Hi https://… Jane" does not greet Jane).
     */
    private static void blank(char[] chars, int start, int end) {
        for (int k = Math.max(0, start); k < Math.min(chars.length, end); k++) {
            chars[k] = ENTITY_MARK;
        }
    }

    private static String joined(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return parts.subList(0, parts.size() - 1).stream().collect(Collectors.joining(", "))
                + " and " + parts.get(parts.size() - 1);
    }
}
