package io.outpost.ingest.domain;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Intent by ordered rules: the first rule whose pattern is found in the text names the intent,
 * else {@value #OTHER}. Several rules may name one intent (e.g. "resolved" and "thanks" both say
 * praise, at different places in the order). Patterns are Java regular expressions, matched
 * case-insensitively on the text without handles and links.
 */
public final class IntentRules {

    public static final String OTHER = "other";
    private static final Pattern INTENT_NAME = Pattern.compile("^[a-z][a-z0-9-]{0,63}$");

    /** One rule: its name (for configuration and logs), the intent it gives, its place in the order (low first). */
    public record Rule(String name, String intent, int priority, Pattern pattern) {
    }

    private final List<Rule> rules;

    private IntentRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** A rule as configured: the intent (the rule's name when null), its order and its regular expression. */
    public record Definition(String name, String intent, int priority, String pattern) {
    }

    /** The rules in order: by priority, then name; an intent name or a pattern that cannot work is refused. */
    public static IntentRules of(List<Definition> definitions) {
        return new IntentRules(definitions.stream()
                .map(IntentRules::compile)
                .sorted(Comparator.comparingInt(Rule::priority).thenComparing(Rule::name))
                .toList());
    }

    private static Rule compile(Definition d) {
        String intent = d.intent() == null || d.intent().isBlank() ? d.name() : d.intent();
        if (!INTENT_NAME.matcher(intent).matches()) {
            throw new IllegalArgumentException("intent rule '" + d.name() + "': intent '" + intent
                    + "' must be lower-case letters, digits and '-' (the event's intent field)");
        }
        try {
            return new Rule(d.name(), intent, d.priority(),
                    Pattern.compile(d.pattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("intent rule '" + d.name() + "': " + e.getMessage(), e);
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    public String classify(String text) {
        String words = PostText.withoutHandlesAndLinks(text);
        for (Rule rule : rules) {
            if (rule.pattern().matcher(words).find()) {
                return rule.intent();
            }
        }
        return OTHER;
    }
}
