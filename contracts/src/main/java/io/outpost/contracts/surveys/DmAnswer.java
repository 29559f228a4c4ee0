package io.outpost.contracts.surveys;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a private message sent back after a survey invitation: a score on the survey's scale, a
 * request to stop surveys, or neither. A DM that is not plainly one score is not an answer: the
 * customer may be writing about something else, and a wrong score is worse than none.
 *
 * <p>Accepted: exactly one whole number on the scale, optionally written against the scale's top
 * ({@code 9/10}, {@code 8 out of 10}, {@code 4 de 5}), written as a score: it ends the message or
 * is followed by punctuation or a dash, and it opens the message, follows a word that introduces
 * a score ("say", "give", "a", "rate", "un", "diría"...), or carries the scale's top
 * ({@code "9"}, {@code "I'd say 8 - quick help"}, {@code "Honestly a 6. Took a while."}).
 * Refused: several numbers ({@code "5 or 6"}, {@code "7-8"}), decimals, a number off the scale or
 * against another top ({@code 8/5}), a quantity ({@code "3 days"}, {@code "$5"}, {@code "#12"},
 * {@code "50%"}), a number inside a sentence ({@code "5 bars LTE"}, {@code "since day 1"}), and
 * messages longer than {@value #MAX_LENGTH} characters (a new question, not a reply). Only digits
 * count: number words ("nine") are not read. Measured on the customer tweets of twcs-dev.csv (see
 * survey-service's README), where no survey was asked: the share read as a score is the false-answer rate.
 *
 * <p>Shared (here, in contracts) because two services must read the same DM the same way:
 * survey-service records it as the answer, and case-service files the same message as the survey's
 * answer instead of a customer message that would reopen the case. Two copies could drift, and then
 * one DM would be an answer to one service and a new question to the other.
 */
public final class DmAnswer {

    /** Longer messages are conversations, not answers. */
    public static final int MAX_LENGTH = 160;

    /** What a DM turned out to be. */
    public sealed interface Reading permits Score, OptOut, NoAnswer {
    }

    /** A score on the scale; {@code comment} is the customer's words when they wrote more than the number. */
    public record Score(int score, String comment) implements Reading {
    }

    /** The customer asked for no more surveys. */
    public record OptOut() implements Reading {
    }

    /** Not an answer, and why (for the log). */
    public record NoAnswer(String why) implements Reading {
    }

    // A number, an optional "/ 10" or "out of 10" after it; groups: sign, integer, decimals, top.
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\p{L}\\p{N}])([-−]?)(\\d+)([.,]\\d+)?(?:\\s*(?:/|out\\s+of|de|sobre|von|sur)\\s*(\\d+))?(?![\\p{L}\\p{N}])");
    private static final Pattern QUANTITY_AFTER = Pattern.compile(
            "^\\s*(?:%|x\\b|times\\b|days?\\b|d\\b|hours?\\b|hrs?\\b|h\\b|min(?:ute)?s?\\b|weeks?\\b|months?\\b|years?\\b"
                    + "|am\\b|pm\\b|orders?\\b|items?\\b|euros?\\b|dollars?\\b|días?\\b|horas?\\b|semanas?\\b|meses\\b|mes\\b"
                    + "|[$€£])");
    private static final Pattern QUANTITY_BEFORE = Pattern.compile("[$€£#]\\s*$");
    /** After the number: the end, or punctuation (a dash, a full stop, "!"), not a word. */
    private static final Pattern SCORE_END = Pattern.compile("^\\s*(?:$|[\\p{P}\\p{So}&&[^#%$€£@]])");
    /** Before the number: nothing but punctuation, or a word that introduces a score. */
    private static final Pattern SCORE_START = Pattern.compile("(?iu)(?:^[\\s\\p{P}\\p{So}]*|(?:^|[\\s\\p{P}])"
            + "(?:say|give|giving|gave|rate|rating|score|a|an|is|it's|its|it’s|solid|easy|maybe|probably|definitely"
            + "|un|una|diría|daría|doy|pongo|nota|puntuación|es)[\\s:]*)$");
    private static final Pattern ONLY_NUMBER = Pattern.compile("^[\\s\\p{P}\\p{S}]*$");
    private static final Set<String> OPT_OUT = Set.of("stop", "unsubscribe", "opt out", "optout", "no more surveys",
            "stop surveys", "stop sending surveys", "baja", "no mas encuestas", "no quiero mas encuestas");

    private DmAnswer() {
    }

    public static Reading read(String text, SurveyKind kind) {
        if (text == null || text.isBlank()) {
            return new NoAnswer("empty message");
        }
        String trimmed = text.strip();
        if (OPT_OUT.contains(folded(trimmed))) {
            return new OptOut();
        }
        if (trimmed.length() > MAX_LENGTH) {
            return new NoAnswer("longer than " + MAX_LENGTH + " characters");
        }
        Matcher m = NUMBER.matcher(trimmed);
        List<MatchResult> numbers = new ArrayList<>();
        while (m.find()) {
            numbers.add(new MatchResult(m.start(), m.end(), m.group(1), m.group(2), m.group(3), m.group(4)));
        }
        if (numbers.isEmpty()) {
            return new NoAnswer("no number");
        }
        if (numbers.size() > 1) {
            return new NoAnswer("several numbers");
        }
        MatchResult n = numbers.get(0);
        if (n.decimals() != null) {
            return new NoAnswer("not a whole number");
        }
        if (QUANTITY_AFTER.matcher(trimmed.substring(n.end()).toLowerCase(Locale.ROOT)).find()
                || QUANTITY_BEFORE.matcher(trimmed.substring(0, n.start())).find()) {
            return new NoAnswer("a quantity, not a score");
        }
        if (!SCORE_END.matcher(trimmed.substring(n.end())).find()
                || (n.top() == null && !SCORE_START.matcher(trimmed.substring(0, n.start())).find())) {
            return new NoAnswer("not written as a score");
        }
        if (!n.sign().isEmpty() || n.digits().length() > 3) {
            return new NoAnswer("off the " + kind.min() + "-" + kind.max() + " scale");
        }
        int score = Integer.parseInt(n.digits());
        if (n.top() != null && (n.top().length() > 3 || Integer.parseInt(n.top()) != kind.max())) {
            return new NoAnswer("given on another scale than " + kind.min() + "-" + kind.max());
        }
        if (!kind.onScale(score)) {
            return new NoAnswer("off the " + kind.min() + "-" + kind.max() + " scale");
        }
        String rest = trimmed.substring(0, n.start()) + trimmed.substring(n.end());
        return new Score(score, ONLY_NUMBER.matcher(rest).matches() ? null : trimmed);
    }

    /** Lower case, accents and surrounding punctuation removed, inner spaces collapsed. */
    private static String folded(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[\\p{P}\\p{S}]", " ").strip().replaceAll("\\s+", " ");
    }

    private record MatchResult(int start, int end, String sign, String digits, String decimals, String top) {
    }
}
