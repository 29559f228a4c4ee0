package io.outpost.ingest.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Named spam patterns (regular expressions on the raw text, links included: spam is often
 * recognised by where it links to). The first match, by rule name, hides the post with the reason
 * {@code spam: <rule>}.
 */
public final class SpamRules {

    private record Rule(String name, Pattern pattern) {
    }

    private final List<Rule> rules;

    public SpamRules(Map<String, String> patternsByName) {
        List<Rule> compiled = new ArrayList<>();
        new TreeMap<>(patternsByName).forEach((name, pattern) -> {
            try {
                compiled.add(new Rule(name, Pattern.compile(pattern,
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("spam rule '" + name + "': " + e.getMessage(), e);
            }
        });
        this.rules = List.copyOf(compiled);
    }

    /** The reason to hide the post, or empty. */
    public Optional<String> hiddenReason(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (Rule rule : rules) {
            if (rule.pattern().matcher(text).find()) {
                return Optional.of("spam: " + rule.name());
            }
        }
        return Optional.empty();
    }
}
